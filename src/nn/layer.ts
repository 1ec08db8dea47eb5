/**
 * The layer type: stax's `(init, apply)` pairs with shape inference.
 *
 * A layer is a value with two pure functions:
 * - `init(key, inputShape)` returns `[outputShape, params]`: the shape its output will have
 *   and freshly initialised parameters, a readonly plain object of named tensors (`{ W, b }`)
 *   so that gradients, optimizer states and regularizer masks keep the names;
 * - `apply(params, x, ctx?)` returns the output. `ctx.key` feeds layers that need
 *   randomness (dropout), `ctx.train` switches training behaviour on (it is off by default:
 *   `apply(params, x)` is inference).
 *
 * **Stateful layers** (batchNorm, whose running statistics are not trained by gradients)
 * follow the Flax convention: `init` returns `[outputShape, params, state]` and
 * `apply(params, x, { state, train, key })` returns `[y, newState]`. Nothing is mutated: the
 * caller threads the new state into the next step. Their `stateful` field is `true`.
 * Combinators accept both kinds; a composition with any stateful part is stateful, with a
 * state that mirrors its params (`null` for stateless parts).
 *
 * Shapes: input shapes may use −1 for a dimension unknown at init time (the batch, as in
 * stax). Values flowing between layers are tensors or tuples of them (`fanOut`, `parallel`),
 * and their shapes are shapes or tuples of shapes. At the type level a layer carries a
 * {@link ShapeMap}, a type-level function from input to output shape, so that
 * `dense(256).init(key, [32, 784])` has type `[[32, 256], DenseParams<256>]`.
 * @module
 */
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import type { PRNGKey } from "../random/key";

/**
 * The shape of what flows into or out of a layer: a tensor's shape, or a tuple of them.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * // two tensors
 * const s: nn.ShapeSpec = [[32, 10], [32, 5]]; // => [[32, 10], [32, 5]]
 * ```
 */
export type ShapeSpec = Shape | readonly ShapeSpec[];

/**
 * What flows between layers: a tensor, or a tuple of flows.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const pair: nn.Flow = [tensor([1]), tensor([2])];
 * ```
 */
export type Flow = Tensor | readonly Flow[];

/**
 * The shape spec of a flow type.
 * @example
 * ```ts
 * import { Tensor, nn } from "purediff";
 * type S = nn.FlowShape<[Tensor<[2, 3]>, Tensor<[4]>]>; // [[2, 3], [4]]
 * ```
 */
export type FlowShape<X> = 0 extends 1 & X
  ? never // X is any (the checker trying a generic permissively): stay assignable to every shape
  : [Flow] extends [X]
    ? ShapeSpec // X is not specific (a generic erased to its constraint): do not unfold Flow
    : X extends Tensor<infer S>
      ? S
      : X extends readonly unknown[]
        ? { -readonly [K in keyof X]: FlowShape<X[K]> }
        : never;

/**
 * The flow type of a shape spec.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type X = nn.FlowOf<[[2, 3], [4]]>; // [Tensor<[2, 3]>, Tensor<[4]>]
 * ```
 */
export type FlowOf<S> = [ShapeSpec] extends [S]
  ? Flow // S is not specific: do not unfold ShapeSpec
  : S extends Shape
    ? Tensor<S>
    : S extends readonly unknown[]
      ? { -readonly [K in keyof S]: FlowOf<S[K]> }
      : Flow;

/**
 * A type-level function from a layer's input shape to its output shape: `out` is written
 * in terms of `this["in"]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * interface Doubled extends nn.ShapeMap {
 *   readonly out: this["in"] extends readonly [infer B extends number, number] ? [B, number] : number[];
 * }
 * ```
 */
export interface ShapeMap {
  readonly in: unknown;
  readonly out: unknown;
}

/**
 * The output shape a layer with shape map `M` gives for input shape `S`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type Out = nn.OutShape<nn.DenseShape<256>, [number, 784]>; // [number, 256]
 * ```
 */
export type OutShape<M extends ShapeMap, S> = (M & { readonly in: S })["out"];

/**
 * The shape map of layers that keep the shape (activations, dropout, residual, ...).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.SameShape, [2, 3]> // [2, 3]
 * ```
 */
export interface SameShape extends ShapeMap {
  readonly out: this["in"] extends readonly unknown[] ? Mutable<this["in"]> : this["in"];
}

/**
 * The shape map of a layer whose output shape is not tracked at the type level.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.AnyShape, [2, 3]> // ShapeSpec
 * ```
 */
export interface AnyShape extends ShapeMap {
  readonly out: ShapeSpec;
}

/**
 * A tuple without `readonly`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type T = nn.Mutable<readonly [2, 3]> // [2, 3]
 * ```
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Replaces the last dimension of a shape: `[..., n]` becomes `[..., D]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.WithLast<[32, 784], 256> // [32, 256]
 * ```
 */
export type WithLast<S, D extends number> = S extends readonly [...infer B extends number[], number] ? [...B, D] : number[];

/**
 * What `apply` receives besides params and input.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const net = nn.serial(nn.dense(4), nn.dropout(0.5));
 * const [, params] = net.init(random.key(0), [-1, 3]);
 * const stepKey = random.key(1);
 * net.apply(params, ones([2, 3]), { train: true, key: stepKey } satisfies nn.ApplyContext).shape; // => [2, 4]
 * ```
 */
export interface ApplyContext {
  /**
   * Randomness for layers that need it (dropout, noisy activations); split per layer by
   * combinators. A key tensor (uint32 [2]), checked where it is used, so the per-example
   * key inside `vmap` needs no cast.
   */
  readonly key?: Tensor;
  /** Training mode (dropout active, batch statistics); false when absent. */
  readonly train?: boolean;
}

/**
 * What a stateful layer's `apply` receives: the context and the current state.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const bn = nn.batchNorm();
 * const [, params, state] = bn.init(random.key(0), [-1, 2]);
 * const [y] = bn.apply(params, ones([3, 2]), { state, train: true } satisfies nn.StateContext<nn.BatchNormState>);
 * y.toArray(); // => [[0, 0], [0, 0], [0, 0]]
 * ```
 */
export interface StateContext<St> extends ApplyContext {
  /** The state returned by `init` or by the previous `apply`. */
  readonly state: St;
}

/**
 * A stateless layer: `init(key, inputShape) -> [outputShape, params]` and
 * `apply(params, x, ctx?) -> y`, both pure. `P` is the params type, `M` the shape map.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const layer = nn.dense(10);
 * const [outShape, params] = layer.init(random.key(0), [-1, 784]);
 * outShape; // => [-1, 10]
 * // Tensor<[number, 10]> for x: Tensor<[number, 784]>
 * layer.apply(params, ones([5, 784])).shape; // => [5, 10]
 * ```
 */
export interface Layer<P, M extends ShapeMap = AnyShape> {
  /** A short description, for messages (`dense(10)`). */
  readonly name: string;
  /** False: `apply` returns the output alone. */
  readonly stateful: false;
  /** Output shape and fresh parameters for an input of shape `inputShape` (−1: unknown dimension). */
  init<const S extends ShapeSpec>(key: PRNGKey, inputShape: S): [OutShape<M, S>, P];
  /** The layer's output for input `x`. */
  apply<X extends Flow>(params: P, x: X, ctx?: ApplyContext): FlowOf<OutShape<M, FlowShape<X>>>;
  /** Type-level only: never present at run time. */
  readonly types?: { readonly params: P; readonly shape: M };
}

/**
 * A stateful layer: `init(key, inputShape) -> [outputShape, params, state]` and
 * `apply(params, x, { state, train }) -> [y, newState]`. The state is never mutated.
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * const bn = nn.batchNorm();
 * const [, params, state] = bn.init(random.key(0), [-1, 1]);
 * const [y, state2] = bn.apply(params, tensor([[0], [2]]), { state, train: true });
 * state2; // => { mean: [0.01], variance: [1] }
 * ```
 */
export interface StatefulLayer<P, St, M extends ShapeMap = AnyShape> {
  /** A short description, for messages. */
  readonly name: string;
  /** True: `apply` takes `ctx.state` and returns `[y, newState]`. */
  readonly stateful: true;
  /** Output shape, fresh parameters and initial state for an input of shape `inputShape`. */
  init<const S extends ShapeSpec>(key: PRNGKey, inputShape: S): [OutShape<M, S>, P, St];
  /** The layer's output and its new state. */
  apply<X extends Flow>(params: P, x: X, ctx: StateContext<St>): [FlowOf<OutShape<M, FlowShape<X>>>, St];
  /** Type-level only: never present at run time. */
  readonly types?: { readonly params: P; readonly state: St; readonly shape: M };
}

/**
 * Any layer, stateless or stateful: the constraint of the combinators. (Deliberately
 * loose, so that checking a layer against it never unfolds its shape map.)
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layers: nn.AnyLayer[] = [nn.dense(10), nn.batchNorm()];
 * ```
 */
export interface AnyLayer {
  readonly name: string;
  readonly stateful: boolean;
  init(key: never, inputShape: never): unknown;
  apply(params: never, x: never, ctx: never): unknown;
}

/**
 * The run-time view of any layer, for code that handles layers generically (the
 * combinators): stateful layers return a state from `init` and take one in `apply`.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const layer = nn.dense(2);
 * (layer as unknown as nn.UntypedLayer).init(random.key(0), [-1, 3])[0]; // => [-1, 2]
 * ```
 */
export interface UntypedLayer {
  readonly name: string;
  readonly stateful: boolean;
  init(key: PRNGKey, inputShape: ShapeSpec): [ShapeSpec, unknown] | [ShapeSpec, unknown, unknown];
  apply(params: unknown, x: Flow, ctx?: ApplyContext | StateContext<unknown>): Flow | [Flow, unknown];
}

/**
 * The params type of a layer.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type P = nn.ParamsOf<ReturnType<typeof nn.dense<10>>>; // DenseParams<10>
 * ```
 */
export type ParamsOf<L> = L extends { readonly types?: { readonly params: infer P } } ? P : never;

/**
 * The state type of a layer (`null` for a stateless one).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.StateOf<ReturnType<typeof nn.batchNorm>>; // BatchNormState
 * ```
 */
export type StateOf<L> = L extends { readonly stateful: true; readonly types?: { readonly state: infer St } } ? St : null;

/**
 * The shape map of a layer.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type M = nn.ShapeMapOf<ReturnType<typeof nn.dense<10>>>;
 * ```
 */
export type ShapeMapOf<L> = L extends { readonly types?: { readonly shape: infer M extends ShapeMap } } ? M : AnyShape;

/**
 * Params with no entries, for layers without parameters.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, p] = nn.activation(nn.relu).init(random.key(0), [-1, 3]); // p: NoParams, {}
 * ```
 */
export type NoParams = { readonly [name: string]: never };

/**
 * The empty params value.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.activation(nn.relu).init(random.key(0), [2])[1]; // => {}
 * ```
 */
export const noParams: NoParams = Object.freeze({});

/**
 * What {@link makeLayer} needs: the two functions, written on untyped shapes and flows.
 * `apply` always receives a context (`{}` when the caller gave none).
 * @example
 * ```ts
 * import { Tensor, mul, nn, scalar } from "purediff";
 * const scale: nn.LayerImpl<{ s: Tensor<[]> }> = {
 *   name: "scale",
 *   init: (_key, shape) => [shape, { s: scalar(1) }],
 *   apply: (params, x) => mul(x as Tensor, params.s),
 * };
 * ```
 */
export interface LayerImpl<P> {
  readonly name: string;
  init(key: PRNGKey, inputShape: ShapeSpec): [ShapeSpec, P];
  apply(params: P, x: Flow, ctx: ApplyContext): Flow;
}

/**
 * What {@link makeStatefulLayer} needs.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.makeStatefulLayer({ name: "count", init: (_k, s) => [s, nn.noParams, 0], apply: (_p, x, { state }) => [x, state + 1] })
 * ```
 */
export interface StatefulLayerImpl<P, St> {
  readonly name: string;
  init(key: PRNGKey, inputShape: ShapeSpec): [ShapeSpec, P, St];
  apply(params: P, x: Flow, ctx: StateContext<St>): [Flow, St];
}

/**
 * Makes a stateless layer from its two functions: the way to write your own module
 * ("forward" is `apply`; `grad` derives the backward pass). `M` declares the shape map
 * for the type checker (default: untracked).
 * @example
 * ```ts
 * import { Tensor, mul, nn, scalar } from "purediff";
 * const scale = nn.makeLayer<{ readonly s: Tensor<[]> }, nn.SameShape>({
 *   name: "scale",
 *   init: (_key, shape) => [shape, { s: scalar(1) }],
 *   apply: (params, x) => mul(x as Tensor, params.s),
 * });
 * ```
 */
export function makeLayer<P, M extends ShapeMap = AnyShape>(impl: LayerImpl<P>): Layer<P, M> {
  const layer = {
    name: impl.name,
    stateful: false as const,
    init: (key: PRNGKey, inputShape: ShapeSpec) => impl.init(key, inputShape),
    apply: (params: P, x: Flow, ctx?: ApplyContext) => impl.apply(params, x, ctx ?? {}),
  };
  return Object.freeze(layer) as unknown as Layer<P, M>;
}

/**
 * Makes a stateful layer (see the module notes) from its two functions.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const counter = nn.makeStatefulLayer<nn.NoParams, number, nn.SameShape>({
 *   name: "counter",
 *   init: (_key, shape) => [shape, nn.noParams, 0],
 *   apply: (_params, x, { state }) => [x, state + 1],
 * });
 * ```
 */
export function makeStatefulLayer<P, St, M extends ShapeMap = AnyShape>(impl: StatefulLayerImpl<P, St>): StatefulLayer<P, St, M> {
  const layer = {
    name: impl.name,
    stateful: true as const,
    init: (key: PRNGKey, inputShape: ShapeSpec) => impl.init(key, inputShape),
    apply: (params: P, x: Flow, ctx: StateContext<St>) => {
      if (ctx === undefined || !("state" in ctx)) {
        throw new Error(`${impl.name}: a stateful layer needs its state: apply(params, x, { state, train })`);
      }
      return impl.apply(params, x, ctx);
    },
  };
  return Object.freeze(layer) as unknown as StatefulLayer<P, St, M>;
}

/**
 * The single tensor a layer expects, or an error naming the layer.
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * nn.expectTensor("dense(10)", ones([2])).shape; // => [2]
 * let message = "";
 * try {
 *   nn.expectTensor("dense(10)", [ones([2]), ones([2])]);
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => "dense(10): expects one tensor, got a tuple of 2 (use fanInConcat or fanInSum to merge branches)"
 * ```
 */
export function expectTensor(layer: string, x: Flow): Tensor {
  if (Array.isArray(x)) throw new Error(`${layer}: expects one tensor, got a tuple of ${x.length} (use fanInConcat or fanInSum to merge branches)`);
  return x as Tensor;
}

/**
 * The single shape a layer expects at init, or an error naming the layer.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.expectShape("dense(10)", [-1, 784]); // => [-1, 784]
 * ```
 */
export function expectShape(layer: string, s: ShapeSpec): Shape {
  if (!Array.isArray(s) || !s.every((d) => typeof d === "number")) {
    throw new Error(`${layer}: expects the shape of one tensor (an array of numbers), got ${JSON.stringify(s)}`);
  }
  for (const d of s as Shape) {
    if (!Number.isInteger(d) || d < -1) throw new Error(`${layer}: invalid dimension ${d} in input shape [${(s as Shape).join(",")}] (use -1 for unknown)`);
  }
  return s as Shape;
}

/**
 * The tuple of shapes a merging layer expects at init, or an error naming the layer.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.expectShapes("fanInSum", [[-1, 3], [-1, 3]])
 * ```
 */
export function expectShapes(layer: string, s: ShapeSpec): readonly ShapeSpec[] {
  if (!Array.isArray(s) || (s.every((d) => typeof d === "number") && s.length > 0)) {
    throw new Error(`${layer}: expects a tuple of shapes (the output of fanOut or parallel), got ${JSON.stringify(s)}`);
  }
  return s as readonly ShapeSpec[];
}

/**
 * The tuple of tensors a merging layer expects, or an error naming the layer.
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * nn.expectTensors("fanInSum", [ones([2]), ones([2])]).length; // => 2
 * ```
 */
export function expectTensors(layer: string, x: Flow): readonly Flow[] {
  if (!Array.isArray(x)) throw new Error(`${layer}: expects a tuple of tensors (the output of fanOut or parallel), got one tensor`);
  return x as readonly Flow[];
}
