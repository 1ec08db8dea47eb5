/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (exact GELU needs it) and its complement
 * erfc(x) = 1 − erf(x), which keeps its relative accuracy in the tail (erfc(10) ≈ 2e−45,
 * where 1 − erf(10) is 0), as primitives. The kernels are the rational-approximation
 * scheme of Sun's fdlibm `s_erf.c` (the one glibc, musl and V8's ieee754 use): under 1 ulp
 * in float64; float32 results are the float64 values rounded.
 * d erf/dx = 2/√π · e^(−x²) = −d erfc/dx.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import type { Empty, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { mul, neg, square } from "./wrappers";
import { scalarUnaryRule } from "./elementwise-rules";

const erx = 8.45062911510467529297e-1;
const efx = 1.28379167095512586316e-1;
const pp = [1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const qq = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6];
const pa = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.166375594868790843e-3,
];
const qa = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2,
  1.1984499846799107417e-2,
];
const ra = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
];
const sa = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2,
];
const rb = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const sb = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1,
];

/** c[0] + z·(c[1] + z·(…)). */
function poly(c: readonly number[], z: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = c[i] + z * r;
  return r;
}

/** 1 + z·(c[0] + z·(…)). */
const poly1 = (c: readonly number[], z: number): number => 1 + z * poly(c, z);

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const lowWord = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1; // little-endian: word 0
/** x with the low 32 bits of its float64 representation cleared. */
function truncated(x: number): number {
  scratch[0] = x;
  words[lowWord] = 0;
  return scratch[0];
}

/**
 * erf of one float64 number (fdlibm's algorithm, under 1 ulp).
 * @example erfScalar(1) // 0.8427007929497149
 */
export function erfScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return x + efx * x;
    const z = x * x;
    return x + x * (poly(pp, z) / poly1(qq, z));
  }
  const sgn = x < 0 ? -1 : 1;
  if (ax < 1.25) {
    const s = ax - 1;
    return sgn * (erx + poly(pa, s) / poly1(qa, s));
  }
  if (ax >= 6) return sgn;
  const s = 1 / (ax * ax);
  const [R, S] = ax < 1 / 0.35 ? [poly(ra, s), poly1(sa, s)] : [poly(rb, s), poly1(sb, s)];
  const z = truncated(ax);
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
  return sgn * (1 - r / ax);
}

/**
 * erfc of one float64 number (fdlibm's algorithm, under 1 ulp): the same rational
 * approximations as erf, arranged so that no step subtracts nearly equal numbers.
 * @example erfcScalar(3) // 0.00002209049699858544
 */
export function erfcScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = x * (poly(pp, z) / poly1(qq, z));
    return x < 0.25 ? 1 - (x + y) : 0.5 - (y + (x - 0.5));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const pq = poly(pa, s) / poly1(qa, s);
    return x >= 0 ? 1 - erx - pq : 1 + (erx + pq);
  }
  if (ax >= 28 || (x < 0 && ax >= 6)) return x > 0 ? 0 : 2;
  const s = 1 / (ax * ax);
  const [R, S] = ax < 1 / 0.35 ? [poly(ra, s), poly1(sa, s)] : [poly(rb, s), poly1(sb, s)];
  const z = truncated(ax);
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
  return x > 0 ? r / ax : 2 - r / ax;
}

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);
/** 2/√π · e^(−x²), written with primitives so it is differentiable in turn. */
const derivative = (x: Tensor): Tensor => mul(bind("exp", [neg(square(x))], {}), twoOverSqrtPi);

/** The erf primitive. */
export const erfRule: PrimitiveRule<Empty> = scalarUnaryRule<Empty>(
  "erf",
  () => erfScalar,
  (x) => derivative(x),
);
/** The erfc primitive: its derivative is erf's negated. */
export const erfcRule: PrimitiveRule<Empty> = scalarUnaryRule<Empty>(
  "erfc",
  () => erfcScalar,
  (x) => neg(derivative(x)),
);

declare module "../primitive" {
  interface PrimitiveParams {
    erf: Empty;
    erfc: Empty;
  }
}
