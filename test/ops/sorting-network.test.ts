import { describe, expect, it } from "vitest";
import { grad, jit, mul, sum, tensor, vmap, type Tensor } from "../../src/index";
import { sortByKey, sortLastAxis } from "../../src/ops/sorting-network";
import { values } from "../nn/helpers";

/** Deterministic small integers (ties are common), with a few infinities. */
function sample(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = ((i + 1) * 7919 * (seed + 3)) % 23;
    return v === 0 ? Infinity : v === 1 ? -Infinity : v - 11;
  });
}

describe("the bitonic sorting network that stands in for sort", () => {
  it("sorts every length from 1 to 40 (padding included) like Array.prototype.sort", () => {
    for (let n = 1; n <= 40; n++) {
      const v = sample(n, n);
      expect(values(sortLastAxis(tensor(Float64Array.from(v), "float64", [n])))).toEqual([...v].sort((a, b) => a - b));
    }
  });
  it("sorts each row of a batch, under jit and vmap too", () => {
    const rows = [sample(11, 1), sample(11, 2), sample(11, 3)];
    const x = tensor(rows, "float64");
    const expected = rows.flatMap((r) => [...r].sort((a, b) => a - b));
    expect(values(sortLastAxis(x))).toEqual(expected);
    expect(values(jit(sortLastAxis)(x))).toEqual(expected);
    expect(values(vmap(sortLastAxis)(x))).toEqual(expected);
  });
  it("carries values along with their keys, a real +∞ key before the padding", () => {
    const [keys, carried] = sortByKey(tensor([3, Infinity, 1, 2, Infinity], "float64"), [tensor([30, 99, 10, 20, 98], "float64")]);
    expect(values(keys)).toEqual([1, 2, 3, Infinity, Infinity]);
    expect(values(carried).slice(0, 3)).toEqual([10, 20, 30]);
    expect([...values(carried).slice(3)].sort()).toEqual([98, 99]);
  });
  it("routes gradients through the permutation", () => {
    const w = tensor([1, 10, 100, 1000, 10000], "float64");
    expect(values(grad((u: Tensor) => sum(mul(sortLastAxis(u), w)))(tensor([0.5, -2, 3, 1, 0], "float64")))).toEqual([100, 1, 10000, 1000, 10]);
  });
});
