/**
 * The building blocks of purediff/laws: tolerances, arbitraries, finite differences,
 * descriptions and the runner's error messages.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, exp, mul, sin, sum, tensor, type Tensor } from "../../src/index";
import {
  algebraicTolerance,
  allClose,
  arbAxes,
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbPermutation,
  arbSeparatedPair,
  arbShape,
  arbTensor,
  arbTensorPair,
  centralDifference,
  checkLaw,
  compareTensors,
  describeCloseReport,
  describeTensor,
  describeValue,
  failed,
  finiteDifferenceTolerance,
  isClose,
  LawError,
  numericJvp,
  numericPartial,
  numericVjp,
  passed,
  perturb,
  randomTensorLike,
  randomTensorsLike,
  relativeError,
  scalarValue,
  selectCoordinates,
} from "../../laws/index";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("tolerance", () => {
  it("documents its defaults", () => {
    expect(finiteDifferenceTolerance.float64).toEqual({ atol: 1e-6, rtol: 1e-5 });
    expect(algebraicTolerance.float64).toEqual({ atol: 1e-10, rtol: 1e-10 });
  });
  it("relative error is CS231n's, with two zeros at 0", () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, 2)).toBe(0.5);
    expect(relativeError(-1, 1)).toBe(2);
    expect(relativeError(NaN, 1)).toBe(Infinity);
  });
  it("isClose is symmetric and NaN-aware", () => {
    const tol = { atol: 0, rtol: 0.1 };
    expect(isClose(1, 1.1, tol)).toBe(isClose(1.1, 1, tol));
    expect(isClose(NaN, NaN, tol)).toBe(false);
    expect(isClose(NaN, NaN, tol, true)).toBe(true);
    expect(isClose(Infinity, Infinity, tol)).toBe(true);
    expect(isClose(Infinity, 1e308, tol)).toBe(false);
  });
  it("allClose and compareTensors report the worst entry", () => {
    const a = tensor([1, 2, 3], "float64");
    expect(allClose(a, tensor([1, 2, 3 + 1e-12], "float64"))).toBe(true);
    const r = compareTensors(a, tensor([1, 2.5, 3], "float64"));
    expect(r.close).toBe(false);
    expect(r.worst).toEqual({ index: [1], actual: 2, expected: 2.5 });
    expect(describeCloseReport(r)).toContain("worst at [1]: 2 vs expected 2.5");
    expect(compareTensors(a, tensor([[1, 2, 3]], "float64")).mismatch).toContain("shape [3] differs");
  });
});

describe("arbitraries", () => {
  it("arbShape respects rank and dimension bounds", () => {
    fc.assert(fc.property(arbShape({ minRank: 1, maxRank: 2, maxDim: 4 }), (s) => s.length >= 1 && s.length <= 2 && s.every((d) => d >= 1 && d <= 4)));
  });
  it("arbTensor stays in range, finite, float64 by default, away from kinks", () => {
    fc.assert(
      fc.property(
        arbShape().chain((s) => arbTensor(s, { min: -2, max: 2, avoid: [0, 1], margin: 0.2 })),
        (t) => {
          expect(t.dtype).toBe("float64");
          return values(t).every((v) => Number.isFinite(v) && v >= -2 && v <= 2 && Math.abs(v) >= 0.2 && Math.abs(v - 1) >= 0.2);
        },
      ),
      { numRuns: 200 },
    );
  });
  it("arbTensor with separation has no two values closer than it", () => {
    fc.assert(
      fc.property(
        arbShape({ maxDim: 3 }).chain((s) => arbTensor(s, { separation: 0.05 })),
        (t) => {
          const v = values(t).sort((a, b) => a - b);
          return v.every((x, i) => i === 0 || x - v[i - 1] >= 0.05 - 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
  it("arbTensor makes int32 and float32 tensors", () => {
    fc.assert(
      fc.property(
        arbTensor([3], { dtype: "int32", min: -2, max: 2 }),
        (t) => t.dtype === "int32" && values(t).every((v) => Number.isInteger(v) && v >= -2 && v <= 2),
      ),
    );
    fc.assert(fc.property(arbTensor([3], { dtype: "float32" }), (t) => t.dtype === "float32"));
  });
  it("arbBroadcastablePair and arbBroadcastableShapes give shapes the library broadcasts", () => {
    fc.assert(
      fc.property(arbBroadcastablePair(), ([a, b]) => {
        add(tensor(new Float64Array(a.reduce((x, y) => x * y, 1)), "float64", a), tensor(new Float64Array(b.reduce((x, y) => x * y, 1)), "float64", b));
        return true;
      }),
      { numRuns: 200 },
    );
    fc.assert(fc.property(arbBroadcastableShapes(3), (shapes) => shapes.length === 3));
  });
  it("arbBroadcastablePair produces size-1 axes and missing leading axes", () => {
    const pairs = fc.sample(arbBroadcastablePair(), { numRuns: 300, seed: 1 });
    expect(pairs.some(([a, b]) => a.length !== b.length)).toBe(true);
    expect(pairs.some(([a, b]) => a.length === b.length && a.some((d, i) => d === 1 && b[i] > 1))).toBe(true);
  });
  it("arbSeparatedPair never ties", () => {
    fc.assert(
      fc.property(arbSeparatedPair([3], [2, 3], { gap: 0.1 }), ([a, b]) => values(a).every((x) => values(b).every((y) => Math.abs(x - y) >= 0.1 - 1e-12))),
      { numRuns: 200 },
    );
  });
  it("arbTensorPair broadcasts; arbAxes and arbPermutation are valid", () => {
    fc.assert(fc.property(arbTensorPair(), ([a, b]) => add(a, b).dtype === "float64"));
    fc.assert(fc.property(arbAxes(3), (axes) => axes.length >= 1 && new Set(axes).size === axes.length && axes.every((a) => a >= 0 && a < 3)));
    fc.assert(fc.property(arbPermutation(4), (p) => [...p].sort().join() === "0,1,2,3"));
  });
});

describe("finite differences", () => {
  it("central differences of sin at 1 give cos 1 to 1e-10", () => {
    expect(Math.abs(centralDifference((h) => Math.sin(1 + h), 1e-5) - Math.cos(1))).toBeLessThan(1e-10);
  });
  it("numericPartial, numericJvp and numericVjp agree with the known derivative of x·eˣ", () => {
    const x = tensor([0.5, -1, 2], "float64");
    const f = (u: Tensor) => mul(u, exp(u));
    const d = values(x).map((v) => (1 + v) * Math.exp(v));
    const partial = numericPartial((xs) => scalarValue(sum(f(xs[0]))), [x], { argument: 0, index: 2 });
    expect(partial).toBeCloseTo(d[2], 8);
    const jvpValues = values(numericJvp(f, [x], [tensor([1, 1, 1], "float64")]));
    jvpValues.forEach((v, i) => expect(v).toBeCloseTo(d[i], 8));
    const vjpEntries = numericVjp(f, [x], tensor([1, 1, 1], "float64"));
    vjpEntries.forEach((e) => expect(e.value).toBeCloseTo(d[e.index], 8));
  });
  it("perturb reports the step actually stored (float32 rounds)", () => {
    const [moved, step] = perturb(tensor([1], "float32"), 0, 1e-9);
    expect(step).toBe(0);
    expect(values(moved)).toEqual([1]);
  });
  it("selectCoordinates: all of them, or a seeded sample without repeats", () => {
    expect(selectCoordinates([[2], [3]])).toHaveLength(5);
    const a = selectCoordinates([[10, 10], [5]], 7, 3);
    expect(a).toHaveLength(7);
    expect(new Set(a.map((c) => `${c.argument}:${c.index}`)).size).toBe(7);
    expect(selectCoordinates([[10, 10], [5]], 7, 3)).toEqual(a);
  });
  it("random tensors are seeded", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "float64",
    );
    expect(values(randomTensorLike(x, 5))).toEqual(values(randomTensorLike(x, 5)));
    expect(values(randomTensorLike(x, 5))).not.toEqual(values(randomTensorLike(x, 6)));
    const [a, b] = randomTensorsLike([x, x], 1);
    expect(values(a)).not.toEqual(values(b));
  });
});

describe("descriptions and the runner", () => {
  it("describes tensors and nested inputs briefly", () => {
    expect(
      describeTensor(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          "float64",
        ),
      ),
    ).toBe("float64[2,2] [1, 2, 3, 4]");
    expect(describeTensor(tensor(new Float64Array(20), "float64", [20]), 3)).toBe("float64[20] [0, 0, 0, … 17 more]");
    expect(describeValue({ args: [tensor([1], "float64")], note: "axis 0" })).toBe('{ args: [float64[1] [1]], note: "axis 0" }');
  });
  it("checkLaw passes quietly and throws a LawError naming the law, the shrunk input and the numbers", () => {
    expect(() => checkLaw(fc.integer(), () => passed, { numRuns: 10, seed: 1 })).not.toThrow();
    let error: unknown;
    try {
      checkLaw(
        arbTensor([2], { min: 0, max: 10 }),
        (t) => (values(t).every((v) => v < 5) ? passed : failed("every value is below 5", `max is ${Math.max(...values(t))}`, {})),
        { numRuns: 100, seed: 42, subject: "demo" },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LawError);
    const message = (error as LawError).message;
    expect(message).toContain('demo: law "every value is below 5" failed');
    expect(message).toMatch(/input: float64\[2\] \[/);
    expect(message).toContain("max is 5");
    expect(message).toMatch(/replay: \{ seed: 42, path: "[0-9:]+" \}/);
  });
  it("checkLaw reports a predicate that throws", () => {
    expect(() =>
      checkLaw(
        fc.constant(tensor([1], "float64")),
        (t) => {
          sin(t);
          throw new Error("boom");
        },
        { numRuns: 1 },
      ),
    ).toThrow(/threw: boom/);
  });
});
