import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index";
import * as optim from "../../src/optim";

const close = (a: number, b: number): void => expect(a).toBeCloseTo(b, 12);

describe("schedules", () => {
  it("constant", () => {
    const s = optim.constant(0.3);
    expect([s(0), s(1), s(1e6)]).toEqual([0.3, 0.3, 0.3]);
  });

  it("exponentialDecay: init · rate^(step / transitionSteps)", () => {
    const s = optim.exponentialDecay(1, 10, 0.5);
    close(s(0), 1);
    close(s(5), Math.SQRT1_2);
    close(s(10), 0.5);
    close(s(25), 0.5 ** 2.5);
  });

  it("exponentialDecay with staircase, transitionBegin and endValue", () => {
    const stair = optim.exponentialDecay(1, 10, 0.5, { staircase: true });
    expect([stair(0), stair(9), stair(10), stair(19), stair(20)]).toEqual([1, 1, 0.5, 0.5, 0.25]);
    const late = optim.exponentialDecay(2, 10, 0.1, { transitionBegin: 5 });
    expect([late(0), late(5)]).toEqual([2, 2]);
    close(late(15), 0.2);
    const floored = optim.exponentialDecay(1, 1, 0.5, { endValue: 0.1 });
    close(floored(3), 0.125);
    expect(floored(10)).toBe(0.1);
    const growing = optim.exponentialDecay(1, 1, 2, { endValue: 5 });
    expect(growing(10)).toBe(5);
  });

  it("stepDecay: init · gamma^floor(step / stepSize)", () => {
    const s = optim.stepDecay(0.1, 30, 0.1);
    expect(s(0)).toBe(0.1);
    expect(s(29)).toBe(0.1);
    close(s(30), 0.01);
    close(s(60), 0.001);
  });

  it("piecewiseConstant: values[number of boundaries ≤ step]", () => {
    const s = optim.piecewiseConstant([100, 200], [0.1, 0.01, 0.001]);
    expect([s(0), s(99), s(100), s(199), s(200), s(1000)]).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
    expect(() => optim.piecewiseConstant([100], [1])).toThrow(/one more element/);
    expect(() => optim.piecewiseConstant([200, 100], [1, 2, 3])).toThrow(/increase/);
  });

  it("cosineDecay: init · ((1 − α)·½(1 + cos(π t / T)) + α), constant after T", () => {
    const s = optim.cosineDecay(1, 100);
    close(s(0), 1);
    close(s(50), 0.5);
    close(s(25), 0.5 * (1 + Math.cos(Math.PI / 4)));
    close(s(100), 0);
    close(s(500), 0);
    const floor = optim.cosineDecay(2, 10, 0.1);
    close(floor(10), 0.2);
    close(floor(5), 2 * (0.9 * 0.5 + 0.1));
  });

  it("linearSchedule and polynomialSchedule", () => {
    const s = optim.linearSchedule(0, 1, 10);
    expect([s(0), s(5), s(10), s(20)]).toEqual([0, 0.5, 1, 1]);
    const late = optim.linearSchedule(1, 0, 10, 5);
    expect([late(0), late(5), late(10), late(15)]).toEqual([1, 1, 0.5, 0]);
    close(optim.polynomialSchedule(1, 0, 2, 10)(5), 0.25);
  });

  it("joinSchedules restarts each schedule's step at its boundary", () => {
    const s = optim.joinSchedules([optim.constant(1), optim.linearSchedule(1, 0, 10)], [5]);
    expect([s(0), s(4), s(5), s(10), s(15), s(30)]).toEqual([1, 1, 1, 0.5, 0, 0]);
    expect(() => optim.joinSchedules([optim.constant(1)], [5])).toThrow(/one more element/);
  });

  it("warmup: linear from initValue to schedule(0), then the schedule shifted", () => {
    const s = optim.warmup(optim.constant(0.1), 10);
    close(s(0), 0);
    close(s(5), 0.05);
    close(s(10), 0.1);
    close(s(100), 0.1);
    const decaying = optim.warmup(optim.exponentialDecay(1, 10, 0.5), 4, { initValue: 0.2 });
    close(decaying(0), 0.2);
    close(decaying(2), 0.6);
    close(decaying(4), 1);
    close(decaying(14), 0.5);
    expect(optim.warmup(optim.constant(3), 0)(0)).toBe(3);
  });

  it("warmupCosineDecay", () => {
    const s = optim.warmupCosineDecay(0, 1, 10, 110);
    close(s(0), 0);
    close(s(5), 0.5);
    close(s(10), 1);
    close(s(60), 0.5);
    close(s(110), 0);
    close(optim.warmupCosineDecay(0, 1, 10, 110, 0.1)(110), 0.1);
  });

  it("invalid arguments are RangeErrors naming the schedule and the argument", () => {
    expect(() => optim.exponentialDecay(1, 0, 0.5)).toThrow(/exponentialDecay: transitionSteps must be > 0, got 0/);
    expect(() => optim.cosineDecay(1, -1)).toThrow(/cosineDecay: decaySteps/);
    expect(() => optim.stepDecay(1, 0)).toThrow(RangeError);
  });

  it("scaleByLearningRate shows schedule(count) in its state", () => {
    const schedule = optim.piecewiseConstant([2], [1, 0.5]);
    const t = optim.scaleByLearningRate(schedule);
    const g = { w: tensor([2], "float64") };
    let s = t.init(g);
    expect(s).toEqual({ count: 0, learningRate: 1 });
    const seen: number[] = [];
    for (let k = 0; k < 4; k++) {
      const [u, next] = t.update(g, s);
      seen.push(u.w.item());
      s = next;
    }
    expect(seen).toEqual([-2, -2, -1, -1]);
    expect(s).toEqual({ count: 4, learningRate: 0.5 });
  });

  it("a fixed learning rate can be replaced in the state between steps", () => {
    const t = optim.sgd(0.1);
    const p = { w: tensor([1], "float64") };
    const s0 = t.init(p);
    const s1 = [s0[0], { ...s0[1], learningRate: 0.5 }] as const;
    const [u, s2] = t.update(p, s1, p);
    expect(u.w.item()).toBe(-0.5);
    expect(s2[1]).toEqual({ count: 1, learningRate: 0.5 });
  });
});
