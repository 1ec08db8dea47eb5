import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { grad, jit, lax, mul, reshape, sum, tensor, valueAndGrad, vmap, type Tensor } from "../../src/index";
import * as kernels from "../../src/tensor/kernels/reduce-window";
import type { DType } from "../../src/tensor/dtype";
import { arbShapeAndGeometry } from "../laws/specs/reduce-window";

// Spy on the window kernels the primitives call, to count window passes.
vi.mock("../../src/tensor/kernels/reduce-window", async (importOriginal) => {
  const original = await importOriginal<typeof kernels>();
  return { ...original, argReduceWindowKernel: vi.fn(original.argReduceWindowKernel), chooseWindowsKernel: vi.fn(original.chooseWindowsKernel) };
});

const { argReduceWindowKernel, chooseWindowsKernel, reduceWindowKernel } = kernels;
const argSpy = vi.mocked(argReduceWindowKernel);
const chooseSpy = vi.mocked(chooseWindowsKernel);

describe("chooseWindowsKernel", () => {
  it("gives reduceWindowKernel's values and argReduceWindowKernel's indices, for any geometry (ties, NaN, ±0, int32)", () => {
    for (const dtype of ["float32", "float64", "int32"] as DType[]) {
      fc.assert(
        fc.property(arbShapeAndGeometry, fc.integer({ min: 0, max: 1000 }), ({ s, g }, seed) => {
          const n = s.reduce((p, d) => p * d, 1);
          const special = [NaN, -0, 0, Infinity, -Infinity];
          const raw = Array.from({ length: n }, (_, i) => {
            const r = (i * 7919 + seed * 104729) % 29;
            return dtype !== "int32" && r < special.length && seed % 3 === 0 ? special[r] : r - 14;
          });
          const x = dtype === "float32" ? Float32Array.from(raw) : dtype === "float64" ? Float64Array.from(raw) : Int32Array.from(raw);
          const outShape = s.map((d, a) =>
            kernels.windowedLength(d, g.windowDimensions[a], g.windowStrides[a], g.padding[a], g.baseDilation[a], g.windowDilation[a]),
          );
          for (const op of ["max", "min"] as const) {
            const { values, indices } = chooseWindowsKernel(op, x, s, outShape, g, dtype);
            const want = reduceWindowKernel(op, x, s, outShape, g, dtype);
            expect(Array.from(values).every((v, i) => Object.is(v, want[i]))).toBe(true);
            expect(Array.from(indices)).toEqual(Array.from(argReduceWindowKernel(op, x, s, outShape, g, 0)));
          }
        }),
        { numRuns: 40, seed: 5 },
      );
    }
  });
});

describe("max pooling scans its input once for value and gradient", () => {
  const pool = (x: Tensor) => lax.reduceWindow(x, -Infinity, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID");
  // 2×2 pooling of a 4×4 image; weights make every window's gradient distinct.
  const image = reshape(tensor([1, 5, 2, 0, 3, 4, 8, 6, 7, 0, 1, 2, 9, 3, 4, 5], "float64"), [1, 4, 4, 1]);
  const weights = reshape(tensor([1, 2, 3, 4], "float64"), [1, 2, 2, 1]);
  const loss = (x: Tensor) => sum(mul(pool(x), weights));
  // By hand: the maxima 5 (index 1), 8 (6), 9 (12), 5 (15) receive the weights 1, 2, 3, 4.
  const expected = [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4];

  const passes = (f: () => Tensor): { value: number[]; choose: number; arg: number } => {
    argSpy.mockClear();
    chooseSpy.mockClear();
    const value = Array.from(f().data() as Float64Array);
    return { value, choose: chooseSpy.mock.calls.length, arg: argSpy.mock.calls.length };
  };

  it("eager", () => {
    expect(passes(() => grad(loss)(image))).toEqual({ value: expected, choose: 1, arg: 0 });
  });

  it("jit of valueAndGrad", () => {
    const g = jit(valueAndGrad(loss));
    g(image);
    let value = NaN;
    expect(
      passes(() => {
        const [v, dx] = g(image);
        value = v.item();
        return dx;
      }),
    ).toEqual({ value: expected, choose: 1, arg: 0 });
    expect(value).toBe(5 * 1 + 8 * 2 + 9 * 3 + 5 * 4);
  });

  it("jit of grad (the values are dead code: the indices alone)", () => {
    const g = jit(grad(loss));
    g(image);
    expect(passes(() => g(image))).toEqual({ value: expected, choose: 0, arg: 1 });
  });

  it("vmap of grad agrees with the per-example loop", () => {
    const negated = mul(image, -1);
    const batch = reshape(tensor([...Array.from(image.data() as Float64Array), ...Array.from(negated.data() as Float64Array)], "float64"), [2, 1, 4, 4, 1]);
    const perExample = [...Array.from(grad(loss)(image).data() as Float64Array), ...Array.from(grad(loss)(negated).data() as Float64Array)];
    expect(Array.from(vmap(grad(loss))(batch).data() as Float64Array)).toEqual(perExample);
    // By hand: the negated image's maxima are the image's minima 1 (index 0), 0 (3), 0 (9), 1 (10).
    expect(perExample.slice(16)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
  });

  it("the forward alone gives the values", () => {
    expect(passes(() => pool(image))).toEqual({ value: [5, 8, 9, 5], choose: 1, arg: 0 });
  });
});
