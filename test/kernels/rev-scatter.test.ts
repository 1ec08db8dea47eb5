import { describe, expect, it } from "vitest";
import { revKernel } from "../../src/tensor/kernels/rev";
import { scatterKernel } from "../../src/tensor/kernels/gather";

describe("revKernel", () => {
  it("reverses the named axes of a rank-3 array (np.flip(np.arange(24).reshape(2, 3, 4), (0, 2)))", () => {
    const x = Float64Array.from({ length: 24 }, (_, i) => i);
    expect(Array.from(revKernel(x, [2, 3, 4], [0, 2], "float64"))).toEqual([
      15, 14, 13, 12, 19, 18, 17, 16, 23, 22, 21, 20, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8,
    ]);
    expect(Array.from(revKernel(x, [2, 3, 4], [1], "float64")).slice(0, 12)).toEqual([8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]);
  });
  it("handles scalars, no axes and empty arrays", () => {
    expect(Array.from(revKernel(Float32Array.of(7), [], [], "float32"))).toEqual([7]);
    expect(Array.from(revKernel(Int32Array.of(1, 2, 3), [3], [], "int32"))).toEqual([1, 2, 3]);
    expect(revKernel(new Float32Array(0), [2, 0], [0, 1], "float32").length).toBe(0);
  });
});

describe("scatterKernel", () => {
  const idx = Int32Array.of(0, 2, 0);
  it("set keeps the last update; mul, min, max fold all of them", () => {
    const x = Float64Array.of(1, 1, 1);
    const u = Float64Array.of(2, 3, 4);
    expect(Array.from(scatterKernel(x, idx, [3], u, [3], 0, "set", "float64"))).toEqual([4, 1, 3]);
    expect(Array.from(scatterKernel(x, idx, [3], u, [3], 0, "mul", "float64"))).toEqual([8, 1, 3]);
    expect(Array.from(scatterKernel(x, idx, [3], u, [3], 0, "min", "float64"))).toEqual([1, 1, 1]);
    expect(Array.from(scatterKernel(x, idx, [3], u, [3], 0, "max", "float64"))).toEqual([4, 1, 3]);
    expect(Array.from(x)).toEqual([1, 1, 1]);
  });
  it("writes whole slices along an inner axis (shape [2, 3], axis 1)", () => {
    const x = new Float32Array(6);
    const u = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(scatterKernel(x, idx, [3], u, [2, 3], 1, "set", "float32"))).toEqual([3, 0, 2, 6, 0, 5]);
  });
});
