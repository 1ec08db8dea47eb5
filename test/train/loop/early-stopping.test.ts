import { describe, expect, it } from "vitest";
import { earlyStopping, type EarlyStopping, type EarlyStoppingState } from "../../../src/train";

function run(stopper: EarlyStopping, values: readonly number[]): { state: EarlyStoppingState<string>; stoppedAt: number | undefined } {
  let state = stopper.init<string>();
  let stoppedAt: number | undefined;
  values.forEach((v, i) => {
    if (stoppedAt !== undefined) return;
    state = stopper.update(state, i + 1, v, `params@${i + 1}`);
    if (state.stop) stoppedAt = i + 1;
  });
  return { state, stoppedAt };
}

describe("earlyStopping", () => {
  it("stops after `patience` epochs without improvement and remembers the best", () => {
    const { state, stoppedAt } = run(earlyStopping({ patience: 2 }), [1.0, 0.8, 0.6, 0.65, 0.7, 0.5, 0.4]);
    expect(stoppedAt).toBe(5);
    expect(state.best).toBe(0.6);
    expect(state.bestEpoch).toBe(3);
    expect(state.bestSnapshot).toBe("params@3"); // restoreBest: the params of epoch 3
    expect(state.wait).toBe(2);
  });

  it("resets the wait on an improvement", () => {
    const { stoppedAt, state } = run(earlyStopping({ patience: 2 }), [1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7]);
    expect(stoppedAt).toBeUndefined();
    expect(state.bestEpoch).toBe(7);
  });

  it("needs improvements larger than minDelta", () => {
    const { stoppedAt, state } = run(earlyStopping({ patience: 2, minDelta: 0.05 }), [1.0, 0.97, 0.96, 0.5]);
    expect(stoppedAt).toBe(3);
    expect(state.bestEpoch).toBe(1);
  });

  it("maximises accuracies", () => {
    const stopper = earlyStopping({ monitor: "valAccuracy", patience: 1 });
    expect(stopper.mode).toBe("max");
    const { stoppedAt, state } = run(stopper, [0.5, 0.7, 0.69]);
    expect(stoppedAt).toBe(3);
    expect(state.best).toBe(0.7);
  });

  it("treats patience 0 as stop at the first epoch without improvement, and NaN as no improvement", () => {
    expect(run(earlyStopping({ patience: 0 }), [1, 2, 0]).stoppedAt).toBe(2);
    const { state, stoppedAt } = run(earlyStopping({ patience: 1 }), [1, NaN]);
    expect(stoppedAt).toBe(2);
    expect(state.best).toBe(1);
  });

  it("is pure: update returns new frozen states", () => {
    const stopper = earlyStopping({ patience: 3 });
    const s0 = stopper.init<number>();
    const s1 = stopper.update(s0, 1, 0.5, 1);
    expect(s0.bestEpoch).toBe(0);
    expect(s1.bestEpoch).toBe(1);
    expect(Object.isFrozen(s1)).toBe(true);
  });

  it("never stops with infinite patience, and rejects bad options", () => {
    expect(run(earlyStopping({ patience: Infinity }), [1, 2, 3, 4, 5, 6]).stoppedAt).toBeUndefined();
    expect(() => earlyStopping({ patience: -1 })).toThrow(/patience/);
    expect(() => earlyStopping({ minDelta: -1 })).toThrow(/minDelta/);
  });
});
