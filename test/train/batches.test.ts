import { describe, expect, it } from "vitest";
import { grad, sum, tensor, type Tensor } from "../../src/index";
import { foldIn, key } from "../../src/random";
import { batches, takeRows, trainValidationSplit } from "../../src/train";

const flat = (ts: { data(): ArrayLike<number> }[]): number[] => ts.flatMap((t) => Array.from(t.data()));

describe("batches", () => {
  it("covers every index exactly once per epoch, in int32 batches of batchSize", () => {
    const bs = batches(key(0), 103, 10);
    expect(bs).toHaveLength(11);
    expect(bs.slice(0, 10).every((b) => b.shape[0] === 10)).toBe(true);
    expect(bs[10].shape).toEqual([3]);
    expect(bs.every((b) => b.dtype === "int32")).toBe(true);
    expect(flat(bs).sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it("reshuffles between epochs and repeats for the same key", () => {
    const k = key(42);
    const e0 = flat(batches(foldIn(k, 0), 50, 8));
    const e1 = flat(batches(foldIn(k, 1), 50, 8));
    expect(e0).not.toEqual(e1);
    expect([...e1].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(flat(batches(foldIn(k, 0), 50, 8))).toEqual(e0);
    expect(e0).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("drops the remainder on request and keeps order without shuffling", () => {
    const bs = batches(key(1), 103, 10, { dropRemainder: true });
    expect(bs).toHaveLength(10);
    expect(new Set(flat(bs)).size).toBe(100);
    expect(flat(batches(key(1), 5, 2, { shuffle: false }))).toEqual([0, 1, 2, 3, 4]);
    expect(batches(key(1), 0, 4)).toEqual([]);
  });

  it("checks its arguments", () => {
    expect(() => batches(key(0), 10, 0)).toThrow(/batchSize must be an integer ≥ 1, got 0/);
    expect(() => batches(key(0), 2.5, 1)).toThrow(/n must be an integer/);
    expect(() => batches({} as never, 10, 2)).toThrow(/expected a PRNG key \(a uint32 tensor of shape \[2\]/);
  });
});

describe("trainValidationSplit", () => {
  it("splits 0..n−1 into disjoint sets of the right sizes", () => {
    const { train, validation } = trainValidationSplit(key(3), 150, 0.2);
    expect(validation.shape).toEqual([30]);
    expect(train.shape).toEqual([120]);
    const all = [...Array.from(train.data()), ...Array.from(validation.data())].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(trainValidationSplit(key(3), 150, 0.2).validation.data()).toEqual(validation.data());
    expect(() => trainValidationSplit(key(3), 10, 1.5)).toThrow(/fraction must be in \[0, 1\]/);
  });
});

describe("takeRows", () => {
  it("gathers rows in the order of the indices", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const rows = takeRows(x, tensor([2, 0], "int32"));
    expect(rows.shape).toEqual([2, 2]);
    expect(rows.toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(takeRows(tensor([10, 20, 30]), [1, 1]).toArray()).toEqual([20, 20]);
  });

  it("is differentiable: the gradient scatters back to the picked rows", () => {
    const idx = tensor([2, 2, 0], "int32");
    const g = grad((x: Tensor<[number, 1]>) => sum(takeRows(x, idx)))(tensor([[1], [2], [3]]));
    expect(g.toArray()).toEqual([[1], [0], [2]]);
  });
});
