import { showShape } from "../tensor/shape";
import { unflatten } from "../tree";
import { bindHigherOrder } from "../core/bind";
import { traceToJaxpr } from "../core/staging";
import { scanPrimitive } from "../core/higher-order/scan";
import { checkSameTypes, flattenTensors, type Slice, type Stacked } from "./trees";

/** Options of {@link scan}. */
export interface ScanOptions {
  /** The number of steps; required when `xs` is `null`, checked against `xs` otherwise. */
  readonly length?: number;
  /** Scan from the last step to the first (the ys stay in step order). Default false. */
  readonly reverse?: boolean;
  /**
   * How many steps one iteration of the compiled loop runs (default 1): larger values
   * trade program size for less per-iteration overhead. Values and derivatives do not
   * depend on it.
   */
  readonly unroll?: number;
}

/**
 * Loops `f` over the leading axis of `xs`, threading a carry (JAX's `lax.scan`):
 * `f(carry, x)` returns `[carry, y]`, and the result is the final carry and the `y`s
 * stacked on a new leading axis (`options.reverse` runs the steps last to first,
 * `options.unroll` runs that many steps per iteration of the compiled loop). `init`, `xs` and the `y`s are trees of tensors; `xs`
 * may be `null` with `options.length`. It is one primitive: a loop in the IR and in
 * compiled code whatever the length, differentiable in both modes (reverse mode is a
 * scan over saved residuals), batchable, and the carry must keep its structure, shapes
 * and dtypes.
 * @example
 * ```ts
 * import { Tensor, add, lax, scalar, tensor } from "purediff";
 * // A running sum and its prefix sums.
 * const [total, prefix] = lax.scan((c: Tensor<[]>, x: Tensor<[]>) => [add(c, x), add(c, x)], scalar(0), tensor([1, 2, 3]));
 * // total = 6, prefix = [1, 3, 6]
 * ```
 */
export function scan<C, X, Y>(f: (carry: C, x: Slice<X>) => readonly [C, Y], init: C, xs: X, options: ScanOptions = {}): [C, Stacked<Y>] {
  const carry = flattenTensors("scan", "init", init);
  const seq = flattenTensors("scan", "xs", xs);
  seq.leaves.forEach((x, i) => {
    if (x.shape.length === 0) throw new Error(`scan: xs leaf ${i} has shape []; every xs leaf needs a leading axis to scan over`);
  });
  const length = options.length ?? seq.leaves[0]?.shape[0];
  if (length === undefined) throw new Error("scan: xs has no leaves, so the number of steps is unknown: pass options.length");
  if (!Number.isInteger(length) || length < 0) throw new Error(`scan: length must be a non-negative integer, got ${length}`);
  seq.leaves.forEach((x, i) => {
    if (x.shape[0] !== length) {
      throw new Error(`scan: xs leaf ${i} has shape ${showShape(x.shape)}; every xs leaf needs a leading axis of the scan's length ${length}`);
    }
  });
  const unroll = options.unroll ?? 1;
  if (!Number.isInteger(unroll) || unroll < 1) throw new Error(`scan: unroll must be a positive integer, got ${unroll}`);
  const carryAvals = carry.leaves.map((x) => ({ shape: x.shape, dtype: x.dtype }));
  const sliceAvals = seq.leaves.map((x) => ({ shape: x.shape.slice(1), dtype: x.dtype }));
  let yDef: ReturnType<typeof flattenTensors>["def"] | undefined;
  const body = traceToJaxpr("scan", [...carryAvals, ...sliceAvals], (tracers) => {
    const c = unflatten(carry.def, tracers.slice(0, carry.leaves.length)) as C;
    const x = unflatten(seq.def, tracers.slice(carry.leaves.length)) as Slice<X>;
    const out = f(c, x);
    if (!Array.isArray(out) || out.length !== 2) throw new Error("scan: the body must return [carry, y]");
    const next = flattenTensors("scan", "the body's carry", out[0]);
    checkSameTypes("scan", "the body's carry", "init", carry.def, carryAvals, next);
    const y = flattenTensors("scan", "the body's y", out[1]);
    yDef = y.def;
    return [...next.leaves, ...y.leaves];
  });
  const outs = bindHigherOrder(scanPrimitive, [...body.consts, ...carry.leaves, ...seq.leaves], {
    jaxpr: body.jaxpr,
    consts: body.consts.length,
    carry: carry.leaves.length,
    length,
    reverse: options.reverse ?? false,
    unroll,
  });
  const finalCarry = unflatten(carry.def, outs.slice(0, carry.leaves.length)) as C;
  const ys = unflatten(yDef as NonNullable<typeof yDef>, outs.slice(carry.leaves.length)) as Stacked<Y>;
  return [finalCarry, ys];
}

/**
 * Applies `f` to each slice of `xs` along its leading axis and stacks the results
 * (JAX's `lax.map`): a scan without a carry, so one loop whatever the length.
 * @example
 * ```ts
 * import { Tensor, lax, sum, tensor } from "purediff";
 * lax.map((row: Tensor<[3]>) => sum(row), tensor([[1, 2, 3], [4, 5, 6]])).toArray(); // => [6, 15]
 * ```
 */
export function map<X, Y>(f: (x: Slice<X>) => Y, xs: X): Stacked<Y> {
  return scan((carry: null, x: Slice<X>) => [carry, f(x)] as const, null, xs)[1];
}
