import { showShape, type Shape } from "../../tensor/shape";
import type { Concat } from "../../tensor/shape-types";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { concat } from "../../ops/join";
import {
  expectShape,
  expectShapes,
  expectTensor,
  expectTensors,
  makeLayer,
  noParams,
  type Layer,
  type Mutable,
  type NoParams,
  type ShapeMap,
  type ShapeSpec,
} from "../layer";

/**
 * `N` copies of `S` in a tuple (an array when `N` is not a small literal).
 * @example type T = Repeat<[2, 3], 2> // [[2, 3], [2, 3]]
 */
export type Repeat<S, N extends number, Acc extends unknown[] = []> = number extends N
  ? S[]
  : Acc["length"] extends N
    ? Acc
    : Acc["length"] extends 16
      ? S[]
      : Repeat<S, N, [...Acc, S]>;

/**
 * Shape map of {@link fanOut}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.FanOutShape<2>, [8, 3]> // [[8, 3], [8, 3]]
 * ```
 */
export interface FanOutShape<N extends number> extends ShapeMap {
  readonly out: Repeat<Mutable<this["in"]>, N>;
}

/**
 * Copies its input into a tuple of `n`, for layers that take tuples (`fanInConcat`,
 * `fanInSum`, your own). (`parallel` needs no fanOut: it already gives every branch the
 * same input.) No params.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.fanOut(2).init(random.key(0), [-1, 3])[0]; // => [[-1, 3], [-1, 3]]
 * // [x, x] side by side
 * nn.serial(nn.fanOut(2), nn.fanInConcat()).init(random.key(0), [-1, 3])[0]; // => [-1, 6]
 * ```
 */
export function fanOut<const N extends number>(n: N): Layer<NoParams, FanOutShape<N>> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`fanOut: n must be a positive integer, got ${n}`);
  return makeLayer<NoParams, FanOutShape<N>>({
    name: `fanOut(${n})`,
    init: (_key, inputShape) => [Array.from({ length: n }, () => inputShape), noParams],
    apply: (_params, x) => Array.from({ length: n }, () => x),
  });
}

/**
 * Shape map of {@link fanInConcat}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.FanInConcatShape<-1>, [[8, 3], [8, 5]]> // [8, 8]
 * ```
 */
export interface FanInConcatShape<A extends number> extends ShapeMap {
  readonly out: this["in"] extends readonly Shape[] ? Concat<Mutable<this["in"]>, A> : ShapeSpec;
}

/**
 * Joins a tuple of tensors along `axis` (the last by default). No params.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.fanInConcat().init(random.key(0), [[-1, 3], [-1, 5]])[0]; // => [-1, 8]
 * ```
 */
export function fanInConcat<const A extends number = -1>(axis?: A): Layer<NoParams, FanInConcatShape<A>> {
  const ax = axis ?? -1;
  const name = `fanInConcat(${ax})`;
  return makeLayer<NoParams, FanInConcatShape<A>>({
    name,
    init(_key, inputShape) {
      const shapes = expectShapes(name, inputShape).map((s) => expectShape(name, s));
      if (shapes.length === 0) throw new Error(`${name}: needs at least one input`);
      const rank = shapes[0].length;
      const a = ax < 0 ? ax + rank : ax;
      if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`${name}: axis ${ax} is out of range for inputs of rank ${rank}`);
      const out = shapes[0].slice();
      shapes.slice(1).forEach((s, i) => {
        const fits = s.length === rank && s.every((d, j) => j === a || d === out[j] || d === -1 || out[j] === -1);
        if (!fits) throw new Error(`${name}: input ${i + 1} has shape ${showShape(s)}, incompatible with input 0's ${showShape(shapes[0])} off axis ${ax}`);
        out[a] = out[a] === -1 || s[a] === -1 ? -1 : out[a] + s[a];
      });
      return [out, noParams];
    },
    apply(_params, input) {
      const xs = expectTensors(name, input).map((x) => expectTensor(name, x));
      return concat(xs as readonly Tensor[], ax);
    },
  });
}

/**
 * Shape map of {@link fanInSum}: the shape of the first input.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.FanInSumShape, [[8, 3], [8, 3]]> // [8, 3]
 * ```
 */
export interface FanInSumShape extends ShapeMap {
  readonly out: this["in"] extends readonly [infer F, ...unknown[]] ? Mutable<F> : ShapeSpec;
}

/**
 * Adds a tuple of same-shaped tensors. No params.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const block = nn.dense(3);
 * // x + block(x), as residual(block)
 * const skip = nn.serial(nn.parallel(nn.serial(), block), nn.fanInSum());
 * const [outShape] = skip.init(random.key(0), [-1, 3]);
 * outShape; // => [-1, 3]
 * ```
 */
export function fanInSum(): Layer<NoParams, FanInSumShape> {
  const name = "fanInSum";
  return makeLayer<NoParams, FanInSumShape>({
    name,
    init(_key, inputShape) {
      const shapes = expectShapes(name, inputShape);
      if (shapes.length === 0) throw new Error(`${name}: needs at least one input`);
      const first = JSON.stringify(shapes[0]);
      shapes.forEach((s, i) => {
        if (JSON.stringify(s) !== first) throw new Error(`${name}: input ${i} has shape ${JSON.stringify(s)}, input 0 has ${first}; all must match`);
      });
      return [shapes[0], noParams];
    },
    apply(_params, input) {
      const xs = expectTensors(name, input).map((x) => expectTensor(name, x));
      if (xs.length === 0) throw new Error(`${name}: needs at least one input`);
      xs.forEach((x, i) => {
        if (showShape(x.shape) !== showShape(xs[0].shape)) {
          throw new Error(`${name}: input ${i} has shape ${showShape(x.shape)}, input 0 has ${showShape(xs[0].shape)}; all must match`);
        }
      });
      return xs.slice(1).reduce((acc: Tensor, x) => add(acc, x), xs[0]);
    },
  });
}
