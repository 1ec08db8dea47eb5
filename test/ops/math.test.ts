/**
 * The math vocabulary: values against NumPy 2.4 / SciPy 1.17 / mpmath (40 digits) reference
 * values computed once and pasted here, gradients against finite differences in float64,
 * jit and vmap agreement, and errors.
 */
import { describe, expect, it } from "vitest";
import {
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  cbrt,
  ceil,
  clip,
  copysign,
  cosh,
  deg2rad,
  digamma,
  divmod,
  erfc,
  erfinv,
  exp2,
  expit,
  floatPower,
  floor,
  floorDivide,
  fmod,
  grad,
  hypot,
  jit,
  lgamma,
  log10,
  log1mexp,
  log2,
  logaddexp,
  logaddexp2,
  logit,
  neg,
  polygamma,
  rad2deg,
  reciprocal,
  remainder,
  rint,
  round,
  scalar,
  sin,
  sinc,
  sinh,
  stack,
  sum,
  tan,
  tensor,
  trunc,
  vmap,
  xlog1py,
  xlogy,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws";
import { expectExact, expectUlps, values } from "./helpers";

const f64 = (v: readonly number[]): Tensor<[number]> => tensor(Float64Array.from(v), "float64", [v.length]) as Tensor<[number]>;

describe("rounding", () => {
  // np.floor / np.ceil / np.trunc / np.rint of these values.
  const x = f64([-2.5, -1.5, -0.5, -0.4, 0.5, 1.5, 2.5, 3.7, -3.7, 4503599627370497]);
  it("floor, ceil, trunc and rint equal NumPy's, signed zeros included", () => {
    expectExact(floor(x), [-3, -2, -1, -1, 0, 1, 2, 3, -4, 4503599627370497]);
    expectExact(ceil(x), [-2, -1, -0, -0, 1, 2, 3, 4, -3, 4503599627370497]);
    expectExact(trunc(x), [-2, -1, -0, -0, 0, 1, 2, 3, -3, 4503599627370497]);
    expectExact(rint(x), [-2, -2, -0, -0, 0, 2, 2, 4, -4, 4503599627370497]);
  });
  it("round takes halves to even, with decimals as np.round", () => {
    const d = f64([1.2345, -1.2355, 2.5, 1250, 0.125]);
    expectExact(round(d), [1, -1, 2, 1250, 0]);
    expectExact(round(d, 2), [1.23, -1.24, 2.5, 1250, 0.12]);
    expectExact(round(d, 1), [1.2, -1.2, 2.5, 1250, 0.1]);
    expectExact(round(d, -2), [0, -0, 0, 1200, 0]);
  });
  it("keeps integer tensors, rounding them only for negative decimals", () => {
    const i = tensor([15, 25, -15, 14], "int32");
    expect(floor(i).dtype).toBe("int32");
    expectExact(floor(i), [15, 25, -15, 14]);
    const r = round(i, -1);
    expect(r.dtype).toBe("int32");
    expectExact(r, [20, 20, -20, 10]); // np.round(int32, -1)
  });
  it("float32 rounds exactly too", () => {
    expectExact(rint(tensor([0.5, 1.5, -2.5])), [0, 2, -2]);
    expect(floor(tensor([1.5])).dtype).toBe("float32");
  });
  it("has zero gradient, and jit (the fused loop) agrees with the kernel on halves", () => {
    expectExact(grad((v: Tensor) => sum(round(v, 1)))(f64([0.33, -1.27])), [0, 0]);
    const halves = f64([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994, -0.49999999999999994]);
    const fused = jit((v: Tensor) => rint(sin(v)));
    expectExact(fused(halves), values(rint(sin(halves))));
    expectExact(jit((v: Tensor) => rint(v))(halves), [-4, -2, -2, -0, 0, 2, 2, 4, 0, -0]);
  });
  it("rejects fractional decimals", () => {
    expect(() => round(f64([1]), 1.5)).toThrow("round: decimals must be an integer, got 1.5");
  });
});

describe("trigonometric and hyperbolic functions", () => {
  it("equal NumPy's values within 1 ulp, at the ends of their domains too", () => {
    expectUlps(
      tan(f64([-0.9, -0.5, 0, 0.3, 1, 1.5])),
      [-1.2601582175503392, -0.5463024898437905, 0, 0.3093362496096232, 1.5574077246549023, 14.101419947171719],
      1,
    );
    const u = f64([-1, -0.99, -0.5, 0, 0.2, 0.7, 1]);
    expectUlps(arcsin(u), [-1.5707963267948966, -1.4292568534704693, -0.5235987755982989, 0, 0.2013579207903308, 0.775397496610753, 1.5707963267948966], 1);
    expectUlps(arccos(u), [3.141592653589793, 3.000053180265366, 2.0943951023931957, 1.5707963267948966, 1.369438406004566, 0.7953988301841436, 0], 1);
    expectUlps(arctanh(u), [-Infinity, -2.6466524123622457, -0.5493061443340549, 0, 0.2027325540540822, 0.8673005276940531, Infinity], 1);
    const w = f64([-1000, -3, -0.5, 0, 1e-10, 2, 1e10]);
    expectUlps(arctan(w), [-1.5697963271282298, -1.2490457723982544, -0.4636476090008061, 0, 1e-10, 1.1071487177940904, 1.5707963266948965], 1);
    expectUlps(arcsinh(w), [-7.600902709541988, -1.8184464592320668, -0.48121182505960347, 0, 1e-10, 1.4436354751788103, 23.7189981105004], 1);
    const h = f64([-3, -0.5, 0, 1e-10, 2, 20]);
    expectUlps(sinh(h), [-10.017874927409903, -0.5210953054937474, 0, 1e-10, 3.6268604078470186, 242582597.70489514], 1);
    expectUlps(cosh(h), [10.067661995777765, 1.1276259652063807, 1, 1, 3.7621956910836314, 242582597.70489514], 1);
    expectUlps(arccosh(f64([1, 1.0000001, 1.5, 10, 1e10])), [0, 0.0004472135919037347, 0.9624236501192069, 2.993222846126381, 23.7189981105004], 1);
    expect(values(arcsin(f64([1.5, -1.01]))).every(Number.isNaN)).toBe(true);
  });
  it("arctan2 takes the quadrant from both signs, signed zeros included", () => {
    const a = f64([0, -0, 0, -0, 1, -1, 1, -1, 3]);
    const b = f64([0, 0, -0, -0, -1, -1, 1, 1, 4]);
    expectUlps(
      arctan2(a, b),
      [0, -0, 3.141592653589793, -3.141592653589793, 2.356194490192345, -2.356194490192345, 0.7853981633974483, -0.7853981633974483, 0.6435011087932844],
      1,
    );
    expect(arctan2(tensor([[1], [2]]), tensor([1, 2, 3])).shape).toEqual([2, 3]);
  });
  it("converts angles", () => {
    expectUlps(deg2rad(f64([180, -90])), [Math.PI, -Math.PI / 2], 0);
    expectUlps(rad2deg(f64([Math.PI, 1])), [180, 57.29577951308232], 0);
  });
  it("integer inputs compute in float32", () => {
    expect(tan(tensor([1], "int32")).dtype).toBe("float32");
  });
});

describe("hypot", () => {
  it("neither overflows nor underflows, and is ∞ when either side is (NaN on the other too)", () => {
    // np.hypot
    expectUlps(
      hypot(f64([3, 1e300, 1e-300, 0, Infinity, NaN, -5]), f64([4, 1e300, 1e-300, 0, NaN, Infinity, 12])),
      [5, 1.4142135623730952e300, 1.414213562373095e-300, 0, Infinity, Infinity, 13],
      1,
    );
  });
  it("has the gradient of √(a² + b²)", () => {
    checkGrads((a: Tensor, b: Tensor) => hypot(a, b), [f64([3, -0.5, 2]), f64([4, 1.5, -0.1])], { order: 2 });
  });
});

describe("exponentials and logarithms of other bases", () => {
  it("are exact at powers of the base", () => {
    const k = Array.from({ length: 2098 }, (_, i) => i - 1074);
    expectExact(log2(f64(k.map((e) => 2 ** e))), k);
    expectExact(
      exp2(f64(k)),
      k.map((e) => 2 ** e),
    );
    const d = Array.from({ length: 23 }, (_, i) => i);
    expectExact(log10(f64(d.map((e) => Number(`1e${e}`)))), d);
  });
  it("equal NumPy's values elsewhere", () => {
    expectUlps(log2(f64([8, 0.5, 3, 1e-300])), [3, -1, 1.584962500721156, -996.5784284662087], 1);
    expectUlps(log10(f64([1000, 1e-5, 2, 7e22])), [3, -5, 0.3010299956639812, 22.845098040014257], 1);
    expectUlps(exp2(f64([0.5, 1023.5])), [1.4142135623730951, 1.2711610061536464e308], 1);
    expectUlps(cbrt(f64([-27, -8, 0, 2, 1e-300, 1e300])), [-3, -2, 0, 1.2599210498948732, 1e-100, 1e100], 1);
  });
  it("have the right gradients", () => {
    checkGrads((x: Tensor) => sum(exp2(x)), [f64([-1, 0.3, 2])], { order: 2 });
    checkGrads((x: Tensor) => sum(log2(x)), [f64([0.3, 1, 5])], { order: 2 });
    checkGrads((x: Tensor) => sum(log10(x)), [f64([0.3, 1, 5])], { order: 2 });
    checkGrads((x: Tensor) => sum(cbrt(x)), [f64([-2, 0.7, 5])], { order: 2 });
  });
});

describe("logaddexp and logaddexp2", () => {
  const a = f64([1000, -Infinity, -Infinity, Infinity, 1, -2, 0.5]);
  const b = f64([1000, 0, -Infinity, Infinity, 2, -2, -30]);
  it("equal NumPy's without overflow, at infinities too", () => {
    expectUlps(logaddexp(a, b), [1000.6931471805599, 0, -Infinity, Infinity, 2.313261687518223, -1.3068528194400546, 0.5000000000000567], 1);
    expectUlps(logaddexp2(a, b), [1001, 0, -Infinity, Infinity, 2.584962500721156, -1, 0.5000000009500789], 1);
  });
  it("share the gradient evenly at a tie and match finite differences elsewhere", () => {
    expectUlps(grad((x: Tensor) => sum(logaddexp(x, f64([1, 2]))))(f64([1, 2])), [0.5, 0.5], 0);
    checkGrads((x: Tensor, y: Tensor) => logaddexp(x, y), [f64([1, -2, 30]), f64([2, -2.5, 0])], { order: 2 });
    checkGrads((x: Tensor, y: Tensor) => logaddexp2(x, y), [f64([1, -2, 3]), f64([2, -2.5, 0])], { order: 2 });
  });
});

describe("sinc", () => {
  it("equals np.sinc, 1 at 0", () => {
    expectUlps(
      sinc(f64([0, 0.5, 1, -1.5, 1e-5, 3.3])),
      [1, 0.6366197723675814, 3.8981718325193755e-17, -0.2122065907891938, 0.9999999998355066, -0.07803579012128542],
      2,
    );
  });
  it("has the right derivatives at 0 (0, then −π²/3) and elsewhere", () => {
    const d1 = (x: Tensor) => grad((v: Tensor) => sinc(v))(x);
    expect(d1(scalar(0, "float64")).item()).toBe(0);
    expect(grad(d1)(scalar(0, "float64")).item()).toBeCloseTo(-3.289868133696453, 12); // mpmath: d²/dx² sinc(πx) at 0
    checkGrads((x: Tensor) => sinc(x), [f64([0.3, -1.7, 2.2, 0.0004])], { order: 2 });
  });
});

describe("fmod, remainder, floorDivide, divmod", () => {
  const a = f64([-7, 7, -7, 7, 5.5, -0.5, 1e10, 3]);
  const b = f64([3, 3, -3, -3, 1.5, 0.3, 0.7, Infinity]);
  it("equal NumPy's on floats", () => {
    expectUlps(fmod(a, b), [-1, 1, -1, 1, 1, -0.2, 0.5000006344131569, 3], 0);
    expectUlps(remainder(a, b), [2, 1, -1, -2, 1, 0.09999999999999998, 0.5000006344131569, 3], 0);
    expectUlps(floorDivide(a, b), [-3, 2, 2, -3, 3, -2, 14285714285, 0], 0);
    const [q, r] = divmod(a, b);
    expectExact(q, values(floorDivide(a, b)));
    expectExact(r, values(remainder(a, b)));
  });
  it("keep int32, with 0 for a zero divisor (NumPy's value after its warning)", () => {
    const ia = tensor([-7, 7, -7, 7, 5, -5, 0, 2147483647], "int32");
    const ib = tensor([3, 3, -3, -3, 0, 0, 5, 2], "int32");
    const q = floorDivide(ia, ib);
    expect(q.dtype).toBe("int32");
    expectExact(fmod(ia, ib), [-1, 1, -1, 1, 0, 0, 0, 1]);
    expectExact(remainder(ia, ib), [2, 1, -1, -2, 0, 0, 0, 1]);
    expectExact(q, [-3, 2, 2, -3, 0, 0, 0, 1073741823]);
  });
  it("have gradients 1 and −trunc(a/b) (fmod), away from the jumps", () => {
    expectExact(grad((y: Tensor) => sum(fmod(f64([7, -7.5]), y)))(f64([3, 2])), [-2, 3]);
    checkGrads((x: Tensor, y: Tensor) => remainder(x, y), [f64([7.2, -7.1, 0.4]), f64([3, 3.3, -1.1])], { order: 2 });
  });
  it("agree under jit and vmap", () => {
    expectExact(jit((x: Tensor, y: Tensor) => remainder(x, y))(a, b), values(remainder(a, b)));
    const rows = f64([-7, 7, 5.5, -0.5]);
    const batched = vmap((x: Tensor) => floorDivide(x, 3))(rows);
    expectExact(batched, [-3, 2, 1, -1]);
  });
});

describe("copysign, floatPower, clip", () => {
  it("copysign equals np.copysign, −0 counting as negative", () => {
    expectExact(copysign(f64([1, -2, 3, 0, -0]), f64([-1, 1, -0, -2, 3])), [-1, 2, -3, -0, 0]);
    expectExact(grad((x: Tensor) => sum(copysign(x, f64([-1, 1, 1]))))(f64([2, -3, 0])), [-1, -1, 0]);
  });
  it("floatPower computes in float64", () => {
    const p = floatPower(tensor([2, 3], "int32"), -1);
    expect(p.dtype).toBe("float64");
    expectUlps(p, [0.5, 1 / 3], 0);
    expectUlps(floatPower(tensor([10]), 0.1), [1.2589254117941673], 1); // 10 ** 0.1 in float64
  });
  it("clip takes broadcasting tensor bounds, or only one bound", () => {
    expectExact(clip(tensor([[5, -5]]), tensor([[0], [-1]]), 2), [2, 0, 2, -1]);
    expectExact(clip(tensor([5, -5]), undefined, 1), [1, -5]);
    expectExact(clip(tensor([5, -5]), 0), [5, 0]);
    const [dx, dlo] = grad((x: Tensor, lo: Tensor) => sum(clip(x, lo, 2)), { argnums: [0, 1] })(f64([-1, 0.5, 3]), f64([0, 0, 0]));
    expectExact(dx, [0, 1, 0]);
    expectExact(dlo, [1, 0, 0]);
    expect(() => clip(tensor([1]), 2, 1)).toThrow("clip: lo (2) must not exceed hi (1)");
  });
});

describe("reciprocal", () => {
  it("is 1/x in floats, integers promoted to float32 (as jnp.reciprocal)", () => {
    expectExact(reciprocal(f64([4, -0, 0.1])), [0.25, -Infinity, 10]);
    const r = reciprocal(tensor([2], "int32"));
    expect(r.dtype).toBe("float32");
    expectExact(r, [0.5]);
    expectUlps(grad((x: Tensor) => sum(reciprocal(x)))(f64([2, -0.5])), [-0.25, -4], 0);
  });
});

describe("neg keeps integer dtypes", () => {
  it("negates int32 and uint32 (wrapping) and names bool clearly", () => {
    const i = neg(tensor([1, -2, -2147483648], "int32"));
    expect(i.dtype).toBe("int32");
    expectExact(i, [-1, 2, -2147483648]);
    expectExact(neg(tensor([1, 0], "uint32")), [4294967295, 0]);
    expect(() => neg(tensor([true], "bool"))).toThrow("neg: x must be a number, got bool (shape [1]): use logicalNot to negate bools");
    expectExact(jit((x: Tensor) => neg(x))(tensor([3, -4], "int32")), [-3, 4]);
  });
});

describe("special functions", () => {
  it("erfc keeps its relative accuracy in the tail (mpmath)", () => {
    expectUlps(
      erfc(f64([-6.5, -2, -0.5, 0, 0.2, 0.6, 1, 2, 5, 10, 27])),
      [
        2, 1.9953222650189528, 1.5204998778130465, 1, 0.7772974107895215, 0.3961439091520741, 0.15729920705028513, 0.004677734981047266, 1.537459794428035e-12,
        2.088487583762545e-45, 5.23705e-319,
      ],
      2,
    );
  });
  it("erfinv is within an ulp, near ±1 too (mpmath)", () => {
    const y = [-0.999999, -0.5, -1e-10, 0.1, 0.5, 0.75, 0.9, 0.99, 0.999999, 1 - 2 ** -40, 1 - 2 ** -52];
    expectUlps(
      erfinv(f64(y)),
      [
        -3.458910737275499, -0.4769362762044699, -8.862269254527581e-11, 0.08885599049425769, 0.4769362762044699, 0.8134198475976185, 1.1630871536766743,
        1.8213863677184494, 3.458910737275499, 5.05125408524939, 5.805018683193453,
      ],
      1,
    );
    expectExact(erfinv(f64([1, -1, 0, -0])), [Infinity, -Infinity, 0, -0]);
    expect(values(erfinv(f64([1.5]))).every(Number.isNaN)).toBe(true);
  });
  it("lgamma is within a few ulp, next to its zeros at 1 and 2 too (mpmath)", () => {
    const x = [1e-8, 0.1, 0.5, 0.9999, 1, 1.0001, 1.5, 1.9999, 2, 2.0001, 3.7, 12.5, 13.5, 100.25, 1e6, -0.5, -2.3, -7.9];
    const expected = [
      18.42068073818021, 2.252712651734206, 0.5723649429247001, 5.7729791561193866e-5, 0, -5.771334222047127e-5, -0.12078223763524522, -4.227520877215346e-5, 0,
      4.2281658112919945e-5, 1.428072326665388, 18.734347511936445, 21.2600761562447, 360.28455963776423, 12815504.569147611, 1.2655121234846454,
      0.36956666345500805, -8.072039736012833,
    ];
    expectUlps(lgamma(f64(x)), expected, 4);
    expectExact(lgamma(f64([0, -1, -2, Infinity])), [Infinity, Infinity, Infinity, Infinity]);
  });
  it("digamma is within a few ulp, next to its zero too (mpmath)", () => {
    const x = [1e-6, 0.25, 1, 1.4616321449683622, 1.46, 1.47, 2, 5.5, 9.99, 10, 50, 1e8, -0.5, -2.75];
    const expected = [
      -1000000.5772140201, -4.2274535333762655, -0.5772156649015329, -9.241265521729427e-17, -0.0015805619870834522, 0.008066489011364869, 0.42278433509846713,
      1.6110931485817512, 2.250700372831201, 2.251752589066721, 3.901989673427892, 18.420680738952367, 0.03648997397857652, -1.959055264977997,
    ];
    expectUlps(digamma(f64(x)), expected, 4);
    expectExact(digamma(f64([0, -0])), [-Infinity, Infinity]);
    expect(values(digamma(f64([-1, -2]))).every(Number.isNaN)).toBe(true);
  });
  it("polygamma of orders 1–3 equals mpmath's", () => {
    const x = f64([0.3, 1, 2.5, 11, -0.5, -3.25]);
    expectUlps(polygamma(1, x), [12.245364546107732, 1.6449340668482264, 0.49035775610023485, 0.09516633568168574, 8.934802200544679, 19.474085068082154], 4);
    expectUlps(
      polygamma(2, x),
      [-75.27253658872604, -2.4041138063191885, -0.2362040516417274, -0.009049834970802067, -0.82879664423432, 123.95521103942203],
      4,
    );
    expectUlps(polygamma(3, x), [743.1417646550498, 6.493939402266829, 0.22390584881725206, 0.0017199013042898683, 193.40909103400244, 1558.508802818279], 4);
    expect(() => polygamma(1.5, x)).toThrow("polygamma: n must be a non-negative integer, got 1.5");
  });
  it("lgamma's derivatives of any order are polygammas", () => {
    const x = f64([0.7, 3.2]);
    expectUlps(grad((v: Tensor) => sum(lgamma(v)))(x), values(digamma(x)), 0);
    const second = grad((v: Tensor) => sum(grad((w: Tensor) => sum(lgamma(w)))(v)))(x);
    expectUlps(second, values(polygamma(1, x)), 0);
  });
  it("float32 results are the float64 values rounded", () => {
    const x = [0.3, 2.5, 7.25].map(Math.fround);
    expectExact(lgamma(tensor(x)), values(lgamma(f64(x))).map(Math.fround));
    expectExact(erfinv(tensor([0.3, -0.9])), values(erfinv(f64([Math.fround(0.3), Math.fround(-0.9)]))).map(Math.fround));
  });
  it("logit is accurate near 1/2 and at both ends (mpmath), expit is the logistic", () => {
    const p = [1e-12, 0.01, 0.25, 0.49, 0.5, 0.5000001, 0.75, 0.99, 0.999999999999];
    expectUlps(
      logit(f64(p)),
      [
        -27.63102111592755, -4.59511985013459, -1.0986122886681098, -0.0400053346136992, 0, 3.99999999789463e-7, 1.0986122886681098, 4.595119850134589,
        27.63104323789236,
      ],
      4,
    );
    expectUlps(expit(logit(f64([0.2, 0.7]))), [0.2, 0.7], 2);
    checkGrads((v: Tensor) => logit(v), [f64([0.1, 0.3, 0.5, 0.74, 0.9])], { order: 2 });
  });
  it("log1mexp equals log(1 − e⁻ˣ) at both ends of Mächler's split (mpmath)", () => {
    const x = [1e-20, 1e-10, 0.1, 0.6931, 0.7, 1, 5, 40];
    expectUlps(
      log1mexp(f64(x)),
      [
        -46.051701859880914, -23.025850929990458, -2.3521684610440907, -0.6931943633460008, -0.6863410028083852, -0.4586751453870819, -0.006760749449488557,
        -4.248354255291589e-18,
      ],
      2,
    );
    checkGrads((v: Tensor) => log1mexp(v), [f64([0.2, 0.69, 0.7, 3])], { order: 2 });
  });
  it("xlogy and xlog1py are 0 where x is 0 and equal SciPy's elsewhere", () => {
    expectUlps(xlogy(f64([0, 0, 2, 3, 0.5]), f64([0, 2, Math.E, 0.5, 1e-300])), [0, 0, 2, -2.0794415416798357, -345.38776394910684], 1);
    expectUlps(xlog1py(f64([0, 0, 2, 1]), f64([-1, 1, Math.E - 1, 1e-20])), [0, 0, 2, 1e-20], 1);
  });
  it("xlogy and xlog1py have JAX's derivatives, at x = 0 too", () => {
    // JAX: d/dx xlogy = log(y) (also at x = 0), d/dy = x/y.
    expectUlps(grad((x: Tensor) => sum(xlogy(x, f64([2, 2]))))(f64([0, 1])), [Math.LN2, Math.LN2], 0);
    expectUlps(grad((y: Tensor) => sum(xlogy(f64([0, 1]), y)))(f64([1, 2])), [0, 0.5], 0);
    expectUlps(grad((x: Tensor) => sum(xlog1py(x, f64([1, 1]))))(f64([0, 3])), [Math.LN2, Math.LN2], 0);
    checkGrads((x: Tensor, y: Tensor) => xlogy(x, y), [f64([0.5, -2]), f64([0.3, 4])], { order: 2 });
    checkGrads((x: Tensor, y: Tensor) => xlog1py(x, y), [f64([0.5, -2]), f64([0.3, 4])], { order: 2 });
    expectUlps(jit(grad((x: Tensor) => sum(xlogy(x, f64([2, 2])))))(f64([0, 1])), [Math.LN2, Math.LN2], 0);
  });
});

describe("jit and vmap agree with eager evaluation", () => {
  const fns: readonly [string, (x: Tensor) => Tensor][] = [
    ["hypot", (x) => hypot(x, 0.5)],
    ["logaddexp", (x) => logaddexp(x, 0.25)],
    ["sinc", (x) => sinc(x)],
    ["remainder", (x) => remainder(x, 0.7)],
    ["copysign", (x) => copysign(2, x)],
    ["logit", (x) => logit(x)],
    ["log1mexp", (x) => log1mexp(x)],
    ["xlogy", (x) => xlogy(x, x)],
    ["lgamma", (x) => lgamma(x)],
    ["round", (x) => round(x, 1)],
    ["arctan2", (x) => arctan2(x, -0.3)],
  ];
  const rows = tensor(
    [
      [0.1, 0.45, 0.9],
      [0.3, 0.6, 0.15],
    ],
    "float64",
  );
  for (const [name, fn] of fns) {
    it(name, () => {
      expectExact(jit(fn)(rows), values(fn(rows)));
      const perRow = stack([0, 1].map((i) => fn(f64(values(rows).slice(3 * i, 3 * i + 3)))));
      expectExact(vmap(fn)(rows), values(perRow));
    });
  }
});
