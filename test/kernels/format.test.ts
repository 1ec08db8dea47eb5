import { describe, expect, it } from "vitest";
import { formatTensor } from "../../src/tensor/format";

describe("formatTensor", () => {
  it("prints a matrix with a header and nested brackets", () => {
    expect(formatTensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], "float32")).toBe("Tensor<[2,3], float32>\n[[1, 2, 3],\n [4, 5, 6]]");
  });

  it("prints scalars on the header line", () => {
    expect(formatTensor(Float32Array.of(3.5), [], "float32")).toBe("Tensor<[], float32> 3.5");
    expect(formatTensor(Int32Array.of(-7), [], "int32")).toBe("Tensor<[], int32> -7");
    expect(formatTensor(Uint8Array.of(1), [], "bool")).toBe("Tensor<[], bool> true");
  });

  it("right-aligns every column to the widest element", () => {
    expect(formatTensor(Int32Array.of(1, -20, 300, 4), [2, 2], "int32")).toBe("Tensor<[2,2], int32>\n[[  1, -20],\n [300,   4]]");
  });

  it("prints bools as true/false", () => {
    expect(formatTensor(Uint8Array.of(1, 0, 1, 1), [2, 2], "bool")).toBe("Tensor<[2,2], bool>\n[[ true, false],\n [ true,  true]]");
  });

  it("uses ~6 significant digits for float32 and 8 for float64, hiding float32 noise", () => {
    expect(formatTensor(Float32Array.of(0.1, 1 / 3), [2], "float32")).toBe("Tensor<[2], float32>\n[     0.1, 0.333333]");
    expect(formatTensor(Float64Array.of(Math.PI), [1], "float64")).toBe("Tensor<[1], float64>\n[3.1415927]");
    expect(formatTensor(Float64Array.of(Math.PI), [1], "float64", { precision: 3 })).toBe("Tensor<[1], float64>\n[3.14]");
  });

  it("switches to scientific notation for tiny and huge magnitudes, and names non-finite values", () => {
    expect(formatTensor(Float32Array.of(1e-7, 123456789, NaN, -Infinity, 0), [5], "float32")).toBe(
      "Tensor<[5], float32>\n[      1e-7, 1.23457e+8,        nan,       -inf,          0]",
    );
  });

  it("separates 3-D blocks with a blank line", () => {
    expect(
      formatTensor(
        Int32Array.from({ length: 8 }, (_, i) => i),
        [2, 2, 2],
        "int32",
      ),
    ).toBe("Tensor<[2,2,2], int32>\n[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]");
  });

  it("elides long axes past maxElements, keeping edgeItems at each end", () => {
    const x = Float32Array.from({ length: 2000 }, (_, i) => i);
    const text = formatTensor(x, [40, 50], "float32");
    expect(text.split("\n")).toEqual([
      "Tensor<[40,50], float32>",
      "[[   0,    1,    2, ...,   47,   48,   49],",
      " [  50,   51,   52, ...,   97,   98,   99],",
      " [ 100,  101,  102, ...,  147,  148,  149],",
      " ...,",
      " [1850, 1851, 1852, ..., 1897, 1898, 1899],",
      " [1900, 1901, 1902, ..., 1947, 1948, 1949],",
      " [1950, 1951, 1952, ..., 1997, 1998, 1999]]",
    ]);
    expect(
      formatTensor(
        Float32Array.from({ length: 20 }, (_, i) => i),
        [20],
        "float32",
        { maxElements: 10, edgeItems: 2 },
      ),
    ).toBe("Tensor<[20], float32>\n[ 0,  1, ..., 18, 19]");
  });

  it("does not elide at or below maxElements", () => {
    const text = formatTensor(new Float64Array(1000), [1000], "float64");
    expect(text).not.toContain("...");
  });

  it("prints empty tensors as empty brackets", () => {
    expect(formatTensor(new Float32Array(0), [0], "float32")).toBe("Tensor<[0], float32>\n[]");
    expect(formatTensor(new Float32Array(0), [2, 0], "float32")).toBe("Tensor<[2,0], float32>\n[[],\n []]");
  });
});
