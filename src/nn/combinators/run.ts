/**
 * Internal helpers of the combinators: every child layer is run through one stateful
 * interface (stateless layers get the state `null`), and the composite is built as a
 * stateless or stateful layer depending on its children.
 * @module
 */
import { split, type PRNGKey } from "../../random/key";
import {
  makeLayer,
  makeStatefulLayer,
  type AnyLayer,
  type AnyShape,
  type ApplyContext,
  type Flow,
  type Layer,
  type ParamsOf,
  type ShapeMap,
  type ShapeSpec,
  type StatefulLayer,
  type StateOf,
  type UntypedLayer,
} from "../layer";

/**
 * True when some layer of the tuple is stateful.
 * @example type T = AnyStateful<[Layer<NoParams>, StatefulLayer<BatchNormParams, BatchNormState>]> // true
 */
export type AnyStateful<Ls extends readonly unknown[]> = true extends { [K in keyof Ls]: Ls[K] extends { readonly stateful: true } ? true : false }[number]
  ? true
  : false;

/**
 * A composite of `Ls`: stateful if any child is, with params `P`, state `St` and shape map `M`.
 * @example type L = Composite<[Layer<NoParams>], [NoParams], [null], SameShape> // Layer<[NoParams], SameShape>
 */
export type Composite<Ls extends readonly unknown[], P, St, M extends ShapeMap> = AnyStateful<Ls> extends true ? StatefulLayer<P, St, M> : Layer<P, M>;

/**
 * The params of each layer of a tuple, as a tuple.
 * @example type P = ParamsTuple<[Layer<DenseParams<3>>, Layer<NoParams>]> // readonly [DenseParams<3>, NoParams]
 */
export type ParamsTuple<Ls extends readonly unknown[]> = { readonly [K in keyof Ls]: ParamsOf<Ls[K]> };

/**
 * The state of each layer of a tuple (`null` for stateless ones), as a tuple.
 * @example type S = StateTuple<[Layer<NoParams>, StatefulLayer<BatchNormParams, BatchNormState>]> // readonly [null, BatchNormState]
 */
export type StateTuple<Ls extends readonly unknown[]> = { readonly [K in keyof Ls]: StateOf<Ls[K]> };

/**
 * Initialises any layer as if it were stateful.
 * @example const [shape, params, state] = initChild(dense(3), key(0), [-1, 2]); // state null
 */
export function initChild(child: AnyLayer, key: PRNGKey, shape: ShapeSpec): [ShapeSpec, unknown, unknown] {
  const layer = child as unknown as UntypedLayer;
  if (layer.stateful) {
    const [out, params, state] = layer.init(key, shape) as [ShapeSpec, unknown, unknown];
    return [out, params, state];
  }
  const [out, params] = layer.init(key, shape) as [ShapeSpec, unknown];
  return [out, params, null];
}

/**
 * Applies any layer as if it were stateful.
 * @example const [y, state] = applyChild(layer, params, x, {}, null);
 */
export function applyChild(child: AnyLayer, params: unknown, x: Flow, ctx: ApplyContext, state: unknown): [Flow, unknown] {
  const layer = child as unknown as UntypedLayer;
  if (layer.stateful) {
    const [y, next] = layer.apply(params, x, { ...ctx, state }) as [Flow, unknown];
    return [y, next];
  }
  return [layer.apply(params, x, ctx) as Flow, null];
}

/**
 * One context per child: the key, if any, is split so each child gets its own.
 * @example childContexts({ train: true, key: key(0) }, 3) // 3 contexts with distinct keys
 */
export function childContexts(ctx: ApplyContext, n: number): ApplyContext[] {
  const keys = ctx.key === undefined ? undefined : split(ctx.key, n);
  return Array.from({ length: n }, (_, i) => (keys ? { ...ctx, key: keys[i] } : { train: ctx.train }));
}

/**
 * One init key per child.
 * @example childKeys(key(0), 3) // 3 keys
 */
export function childKeys(key: PRNGKey, n: number): PRNGKey[] {
  return split(key, n);
}

/**
 * Builds a composite layer from functions on the children's "stateful view": stateless
 * when every child is, stateful otherwise. Untyped: the caller states the layer type.
 * @example composite("id", [], (_k, s) => [s, [], []], (_p, x) => [x, []]);
 */
export function composite(
  name: string,
  children: readonly AnyLayer[],
  init: (key: PRNGKey, shape: ShapeSpec) => [ShapeSpec, unknown, unknown],
  apply: (params: unknown, x: Flow, ctx: ApplyContext, state: unknown) => [Flow, unknown],
  kind: CompositeKind = "other",
): unknown {
  const layer = children.some((l) => l.stateful)
    ? makeStatefulLayer<unknown, unknown, AnyShape>({
        name,
        init,
        apply: (params, x, ctx) => apply(params, x, ctx, ctx.state),
      })
    : makeLayer<unknown, AnyShape>({
        name,
        init: (key, shape) => {
          const [out, params] = init(key, shape);
          return [out, params];
        },
        apply: (params, x, ctx) => apply(params, x, ctx, nullStates(children.length))[0],
      });
  parts.set(layer, { kind, children });
  return layer;
}

/**
 * How a composite combines its children: `serial` chains them (each child's params are
 * the composite's params at its index); other composites are seen as one layer.
 * @example compositeParts(serial(dense(3), dense(2)))?.kind // "serial"
 */
export type CompositeKind = "serial" | "other";

const parts = new WeakMap<object, { readonly kind: CompositeKind; readonly children: readonly AnyLayer[] }>();

/**
 * The kind and children of a layer built by a combinator, or undefined for a plain layer.
 * @example compositeParts(serial(dense(3), dense(2)))?.children.length // 2
 */
export function compositeParts(layer: AnyLayer): { readonly kind: CompositeKind; readonly children: readonly AnyLayer[] } | undefined {
  return parts.get(layer);
}

/** The state of a stateless composite's children: all null. */
function nullStates(n: number): null[] {
  return new Array<null>(n).fill(null);
}

/**
 * Checks that params (and state) of a composite are arrays with one entry per child.
 * @example checkArity("serial(...)", "params", params, 3)
 */
export function checkArity(name: string, what: string, value: unknown, n: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length !== n) {
    throw new Error(
      `${name}: ${what} must be an array with one entry per layer (${n}), got ${Array.isArray(value) ? `${value.length} entries` : typeof value}`,
    );
  }
  return value;
}
