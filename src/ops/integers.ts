/**
 * Number theory on integer tensors: the greatest common divisor and the least common
 * multiple, elementwise with broadcasting (NumPy's `gcd`, `lcm`).
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { broadcastShapes, showShape, sizeOf } from "../tensor/shape";
import { whileLoop } from "../lax/loops";
import { div, mul, sub } from "./arithmetic";
import { abs } from "./math";
import { equal, greater, where } from "./compare";
import { max } from "./reduce";
import { broadcastTo } from "./shape";
import { astype } from "./gradient-control";
import { operandPair, type Operand, type Out, type Second } from "./operands";

/**
 * Two integer operands of one dtype (int32 or uint32; bools count as int32), broadcast to
 * their common shape; floats and fractional numbers are errors naming `op`.
 */
function integerOperands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  for (const [name, x] of [
    ["a", a],
    ["b", b],
  ] as const) {
    const bad = x instanceof Tensor ? isFloat(x.dtype) : typeof x !== "number" || !Number.isInteger(x);
    if (bad) {
      const what = x instanceof Tensor ? `a ${x.dtype} tensor of shape ${showShape(x.shape)}` : `${typeof x} ${String(x)}`;
      throw new Error(`${op}: ${name} must be an int32, uint32 or bool tensor or an integer number, got ${what}`);
    }
  }
  const [x, y] = operandPair(a, b, false, op);
  const shape = broadcastShapes(op, x.shape, y.shape);
  return [broadcastTo(x, shape), broadcastTo(y, shape)];
}

/** |x| as exact float64 values (uint32 as unsigned, int32 −2³¹ as 2³¹). */
const magnitude = (x: Tensor): Tensor => abs(astype(x, "float64"));

/** A non-negative float64 integer below 2³² back in `dtype`, wrapping mod 2³² as NumPy does. */
const wrapTo = (x: Tensor, dtype: Tensor["dtype"]): Tensor => astype(astype(x, "uint32"), dtype);

/** gcd of float64 magnitudes by Euclid's algorithm, looping until every pair is done. */
function euclid(u0: Tensor, v0: Tensor): Tensor {
  if (sizeOf(u0.shape) === 0) return u0;
  const [u] = whileLoop(
    ([, v]: readonly [Tensor, Tensor]) => greater(max(v), 0),
    ([u, v]: readonly [Tensor, Tensor]) => {
      const done = equal(v, 0);
      const divisor = where(done, 1, v);
      // ⌊u / v⌋ is exact: the float64 quotient of integers below 2³² truncates correctly.
      const quotient = astype(astype(div(u, divisor), "uint32"), "float64");
      const rest = sub(u, mul(divisor, quotient));
      return [where(done, u, v), where(done, 0, rest)] as const;
    },
    [u0, v0] as const,
  );
  return u;
}

/**
 * The greatest common divisor of |a| and |b|, elementwise with broadcasting (NumPy's
 * `gcd`): int32 or uint32 (the operands' dtype), gcd(0, 0) = 0. Euclid's algorithm in a
 * `lax.whileLoop`, so it works under `jit` and `vmap`. Not differentiable (integers).
 * @example
 * ```ts
 * import { gcd, tensor } from "purediff";
 * gcd(tensor([12, -18, 0], "int32"), 8).toArray(); // => [4, 2, 8]
 * ```
 */
export function gcd<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "gcd">): Out<A, B> {
  const [x, y] = integerOperands("gcd", a, b);
  return wrapTo(euclid(magnitude(x), magnitude(y)), x.dtype) as Out<A, B>;
}

/**
 * The least common multiple of |a| and |b|, elementwise with broadcasting (NumPy's
 * `lcm`): |a| / gcd(a, b) · |b| in the operands' dtype (int32 or uint32), wrapping mod 2³²
 * on overflow as NumPy's fixed-width integers do; lcm(0, b) = 0.
 * @example
 * ```ts
 * import { lcm, tensor } from "purediff";
 * lcm(tensor([4, 6, 0], "int32"), 6).toArray(); // => [12, 6, 0]
 * ```
 */
export function lcm<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "lcm">): Out<A, B> {
  const [x, y] = integerOperands("lcm", a, b);
  const [mx, my] = [magnitude(x), magnitude(y)];
  const g = euclid(mx, my);
  // gcd 0 means both are 0: the quotient 0 / 1 is then the right 0.
  const quotient = div(mx, where(equal(g, 0), 1, g));
  return mul(wrapTo(quotient, x.dtype), wrapTo(my, x.dtype)) as Out<A, B>;
}
