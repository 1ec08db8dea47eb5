/** Helpers of the vector math tests: float32 bit patterns and distances in ulps. */
import type { VectorMathFn } from "../../../src/tensor/kernels/vector-math-constants";

const bitsOf = new Int32Array(1);
const floatOf = new Float32Array(bitsOf.buffer);

/** The float32 with these 32 bits. */
export function fromBits(bits: number): number {
  bitsOf[0] = bits | 0;
  return floatOf[0];
}

/** Position of a float32 on the number line in ulps (−0 and +0 both 0). */
function ordinal(x: number): number {
  floatOf[0] = x;
  const b = bitsOf[0];
  return b < 0 ? -(b & 0x7fffffff) : b;
}

/** Distance in ulps between two float32 values; NaN against NaN is 0, NaN against a number ∞. */
export function ulps(got: number, want: number): number {
  if (got !== got || want !== want) return got !== got && want !== want ? 0 : Infinity;
  return Math.abs(ordinal(got) - ordinal(want));
}

/** The references: `Math.<fn>` in float64 (sigmoid: its stable float64 formula), to be rounded to float32. */
export const reference: Record<VectorMathFn, (x: number, y: number) => number> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  sin: Math.sin,
  cos: Math.cos,
  pow: Math.pow,
};

/** Float32 values at the edges: zeros, infinities, NaN, subnormals, the largest finite, the overflow and underflow thresholds, huge sin/cos arguments, and their neighbours. */
export function edgeInputs(): Float32Array {
  const centres = [
    0,
    1e-45,
    1.1754942e-38,
    1.1754944e-38,
    3.4028235e38,
    1,
    0.5,
    2,
    Math.PI / 2,
    Math.PI,
    88.72283,
    88.7,
    -87.33655,
    -103.27893,
    -103.97208,
    -104,
    1e-8,
    4.2165744e8,
    1e6,
    1e20,
    1e38,
    0.34657359,
    9.010913,
  ];
  const out: number[] = [Infinity, -Infinity, NaN];
  for (const c of centres) {
    const b = new Int32Array(Float32Array.of(c).buffer)[0];
    for (let d = -3; d <= 3; d++) out.push(fromBits(b + d), -fromBits(b + d));
  }
  return Float32Array.from(out);
}

/** Every `stride`-th float32 bit pattern (from an odd offset, so mantissas vary), plus the edge inputs. */
export function strided(stride: number): Float32Array {
  const n = Math.floor(2 ** 32 / stride);
  const edges = edgeInputs();
  const bits = new Uint32Array(n + edges.length);
  for (let i = 0; i < n; i++) bits[i] = i * stride + 12345;
  const x = new Float32Array(bits.buffer);
  x.set(edges, n);
  return x;
}
