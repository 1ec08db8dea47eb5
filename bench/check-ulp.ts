/**
 * Exhaustive accuracy check of the vectorised float32 math (`npm run check:ulp`): every one of
 * the 2³² float32 bit patterns through each unary SIMD kernel, and a dense grid for pow,
 * against `Math.fround(Math.<fn>(x))` (`Math.pow`; sigmoid: its float64 formula). Prints one
 * JSON line per function: the largest distance in ulps (NaN against NaN counts 0, NaN against
 * a number ∞), where it occurred, and how many results differ from the reference at all.
 * Optional arguments: function names to check (default all). Takes several minutes each.
 */
import { vectorMathPow, vectorMathUnary } from "../src/tensor/kernels/wasm/vector-math-kernel";
import { vectorMathFns, type VectorMathFn } from "../src/tensor/kernels/vector-math-constants";

const reference: Record<VectorMathFn, (x: number, y: number) => number> = {
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

const CHUNK = 1 << 22;
const bitsOf = new Int32Array(1);
const floatOf = new Float32Array(bitsOf.buffer);

/** Position of a float32 on the number line in ulps (−0 and +0 both 0). */
function ordinal(x: number): number {
  floatOf[0] = x;
  const b = bitsOf[0];
  return b < 0 ? -(b & 0x7fffffff) : b;
}

function ulps(got: number, want: number): number {
  if (got !== got || want !== want) return got !== got && want !== want ? 0 : Infinity;
  return Math.abs(ordinal(got) - ordinal(want));
}

interface Tally {
  maxUlp: number;
  at: number[];
  differ: number;
  count: number;
}

function tally(t: Tally, got: Float32Array, inputs: readonly Float32Array[], fn: VectorMathFn): void {
  const f = reference[fn];
  const [a, b] = inputs;
  for (let i = 0; i < got.length; i++) {
    const want = Math.fround(b === undefined ? f(a[i], 0) : f(a[i], b[i]));
    const d = Object.is(got[i], want) ? 0 : ulps(got[i], want);
    t.count++;
    if (d === 0 && Object.is(got[i], want)) continue;
    if (!(got[i] !== got[i] && want !== want)) t.differ++;
    if (d > t.maxUlp) {
      t.maxUlp = d;
      t.at = b === undefined ? [a[i]] : [a[i], b[i]];
    }
  }
}

function checkUnary(fn: Exclude<VectorMathFn, "pow">): Tally {
  const t: Tally = { maxUlp: 0, at: [], differ: 0, count: 0 };
  const bits = new Uint32Array(CHUNK);
  const x = new Float32Array(bits.buffer);
  for (let start = 0; start < 2 ** 32; start += CHUNK) {
    for (let i = 0; i < CHUNK; i++) bits[i] = start + i;
    tally(t, vectorMathUnary(fn, x), [x], fn);
  }
  return t;
}

/** pow over a grid: 2¹² bases × 2¹² exponents spread over all bit patterns, then 2¹² × 2¹² over a ∈ (0, 4], b ∈ [−40, 40]. */
function checkPow(): Tally {
  const t: Tally = { maxUlp: 0, at: [], differ: 0, count: 0 };
  const side = 1 << 12;
  const spread = (i: number): number => {
    floatOf[0] = 0;
    bitsOf[0] = (i * (2 ** 32 / side) + 0x9e37) | 0;
    return floatOf[0];
  };
  const grids: [(i: number) => number, (j: number) => number][] = [
    [spread, spread],
    [(i) => ((i + 1) * 4) / side, (j) => -40 + (80 * j) / side],
  ];
  for (const [base, exponent] of grids) {
    const a = new Float32Array(side * side);
    const b = new Float32Array(side * side);
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        a[i * side + j] = base(i);
        b[i * side + j] = exponent(j);
      }
    }
    tally(t, vectorMathPow(a, b, a.length), [a, b], "pow");
  }
  return t;
}

const wanted = process.argv.slice(2);
for (const fn of vectorMathFns) {
  if (wanted.length > 0 && !wanted.includes(fn)) continue;
  const started = Date.now();
  const t = fn === "pow" ? checkPow() : checkUnary(fn);
  const maxUlp = Number.isFinite(t.maxUlp) ? t.maxUlp : "Infinity";
  console.log(JSON.stringify({ fn, maxUlp, at: t.at, differ: t.differ, count: t.count, seconds: (Date.now() - started) / 1000 }));
}
