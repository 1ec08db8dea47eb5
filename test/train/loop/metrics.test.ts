import { describe, expect, it } from "vitest";
import { tensor } from "../../../src/index";
import { accuracy, addToMean, correctCount, meanOf, runningMean } from "../../../src/train";
import { labels } from "./helpers";

describe("metrics", () => {
  it("accuracy compares the argmax with int32 labels", () => {
    const logits = tensor([
      [2, 1, 0],
      [0, 3, 1],
      [0, 0, 5],
      [1, 0, 0],
    ]);
    expect(accuracy(logits, labels([0, 1, 1, 0]))).toBe(0.75);
    expect(correctCount(logits, labels([0, 1, 2, 0])).item()).toBe(4);
  });

  it("accuracy names shape and dtype problems", () => {
    expect(() => accuracy(tensor([[1, 2]]), tensor([0]))).toThrow(/int32/);
    expect(() => accuracy(tensor([[1, 2]]), labels([0, 1]))).toThrow(/labels of shape \[1\]/);
  });

  it("running means weight their values", () => {
    let m = runningMean();
    expect(meanOf(m)).toBeNaN();
    m = addToMean(m, 1, 3);
    m = addToMean(m, 3, 1);
    expect(meanOf(m)).toBe(1.5);
    expect(Object.isFrozen(m)).toBe(true);
  });
});
