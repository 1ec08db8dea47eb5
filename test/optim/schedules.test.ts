import { describe, expect, it } from "vitest";
import { add, div, jit, mul, scalar, tensor, type Tensor } from "../../src/index";
import * as optim from "../../src/optim";
import { stateValues } from "./helpers";

/** The schedule's values at the steps, read out as numbers. */
const at = (s: optim.Schedule, steps: readonly number[]): number[] => steps.map((k) => s(k).item());
const close = (a: Tensor, b: number): void => expect(a.item()).toBeCloseTo(b, 12);

describe("schedules", () => {
  it("constant", () => {
    const s = optim.constant(0.3);
    expect(at(s, [0, 1, 1e6])).toEqual([0.3, 0.3, 0.3]);
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
    expect(at(stair, [0, 9, 10, 19, 20])).toEqual([1, 1, 0.5, 0.5, 0.25]);
    const late = optim.exponentialDecay(2, 10, 0.1, { transitionBegin: 5 });
    expect(at(late, [0, 5])).toEqual([2, 2]);
    close(late(15), 0.2);
    const floored = optim.exponentialDecay(1, 1, 0.5, { endValue: 0.1 });
    close(floored(3), 0.125);
    expect(floored(10).item()).toBe(0.1);
    const growing = optim.exponentialDecay(1, 1, 2, { endValue: 5 });
    expect(growing(10).item()).toBe(5);
  });

  it("stepDecay: init · gamma^floor(step / stepSize)", () => {
    const s = optim.stepDecay(0.1, 30, 0.1);
    expect(s(0).item()).toBe(0.1);
    expect(s(29).item()).toBe(0.1);
    close(s(30), 0.01);
    close(s(60), 0.001);
  });

  it("piecewiseConstant: values[number of boundaries ≤ step]", () => {
    const s = optim.piecewiseConstant([100, 200], [0.1, 0.01, 0.001]);
    expect(at(s, [0, 99, 100, 199, 200, 1000])).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
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
    expect(at(s, [0, 5, 10, 20])).toEqual([0, 0.5, 1, 1]);
    const late = optim.linearSchedule(1, 0, 10, 5);
    expect(at(late, [0, 5, 10, 15])).toEqual([1, 1, 0.5, 0]);
    close(optim.polynomialSchedule(1, 0, 2, 10)(5), 0.25);
  });

  it("joinSchedules restarts each schedule's step at its boundary", () => {
    const s = optim.joinSchedules([optim.constant(1), optim.linearSchedule(1, 0, 10)], [5]);
    expect(at(s, [0, 4, 5, 10, 15, 30])).toEqual([1, 1, 1, 0.5, 0, 0]);
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
    expect(optim.warmup(optim.constant(3), 0)(0).item()).toBe(3);
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
    expect(stateValues(s)).toEqual({ count: 0, learningRate: 1 });
    const seen: number[] = [];
    for (let k = 0; k < 4; k++) {
      const [u, next] = t.update(g, s);
      seen.push(u.w.item());
      s = next;
    }
    expect(seen).toEqual([-2, -2, -1, -1]);
    expect(stateValues(s)).toEqual({ count: 4, learningRate: 0.5 });
  });

  it("a fixed learning rate can be replaced in the state between steps", () => {
    const t = optim.sgd(0.1);
    const p = { w: tensor([1], "float64") };
    const s0 = t.init(p);
    const s1 = [s0[0], { ...s0[1], learningRate: scalar(0.5, "float64") }] as const;
    const [u, s2] = t.update(p, s1, p);
    expect(u.w.item()).toBe(-0.5);
    expect(stateValues(s2[1])).toEqual({ count: 1, learningRate: 0.5 });
    // a plain number put there by hand is read in the updates' dtype
    const [u3, s3] = t.update(p, [s0[0], { ...s0[1], learningRate: 0.25 as unknown as Tensor<[]> }] as const, p);
    expect(u3.w.item()).toBe(-0.25);
    expect(s3[1].learningRate.dtype).toBe("float64");
  });

  it("a schedule written with ops is a learning rate; one that returns a number is an error naming the op", () => {
    const inverseTime: optim.Schedule = (step) => div(0.1, add(1, mul(0.01, step)));
    expect(inverseTime(100).item()).toBeCloseTo(0.05, 7);
    const t = optim.scaleByLearningRate(inverseTime);
    const g = { w: tensor([1], "float64") };
    const [u] = t.update(g, t.init(g));
    expect(u.w.item()).toBeCloseTo(-0.1, 7);
    const legacy = ((step: number) => 0.1 * 0.5 ** Math.floor(step / 10)) as unknown as optim.Schedule;
    expect(() => optim.scaleByLearningRate(legacy).init(g)).toThrow(
      /^scaleByLearningRate: the schedule must return a scalar tensor, got number NaN; a schedule receives the step as an int32 scalar tensor/,
    );
  });
});

/** Every schedule of optim, with the steps worth checking (boundaries included). */
const schedules: readonly (readonly [string, optim.Schedule])[] = [
  ["constant", optim.constant(0.3)],
  ["exponentialDecay", optim.exponentialDecay(1, 10, 0.5)],
  ["exponentialDecay staircase, late, floored", optim.exponentialDecay(2, 3, 0.5, { staircase: true, transitionBegin: 2, endValue: 0.3 })],
  ["exponentialDecay growing to a ceiling", optim.exponentialDecay(1, 2, 2, { endValue: 5 })],
  ["stepDecay", optim.stepDecay(0.1, 3, 0.5)],
  ["piecewiseConstant", optim.piecewiseConstant([2, 5], [0.1, 0.01, 0.001])],
  ["cosineDecay", optim.cosineDecay(1, 6, 0.1, 2)],
  ["polynomialSchedule", optim.polynomialSchedule(1, 0.1, 2, 5, 1)],
  ["linearSchedule", optim.linearSchedule(0, 1, 4)],
  ["joinSchedules", optim.joinSchedules([optim.constant(1), optim.linearSchedule(1, 0, 4), optim.constant(0.25)], [2, 5])],
  ["warmup", optim.warmup(optim.exponentialDecay(1, 2, 0.5), 3, { initValue: 0.2 })],
  ["warmupCosineDecay", optim.warmupCosineDecay(0, 1, 2, 8, 0.1)],
];
const STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

describe("schedules take the step as a number or a scalar tensor and compute with ops", () => {
  it.each(schedules)("%s: an int32 or float32 step gives the values of the number step, as float64 scalars", (_name, s) => {
    const expected = at(s, STEPS);
    for (const k of STEPS) {
      const fromInt = s(scalar(k, "int32"));
      expect(fromInt.shape).toEqual([]);
      expect(fromInt.dtype).toBe("float64");
      expect(fromInt.item()).toBe(expected[k]);
      expect(s(scalar(k, "float32")).item()).toBe(expected[k]);
    }
  });

  it.each(schedules)("%s: under jit, traced once for every step, the same values", (_name, s) => {
    let traces = 0;
    const compiled = jit((step: Tensor<[]>) => {
      traces++;
      return s(step);
    });
    const expected = at(s, STEPS);
    const got = STEPS.map((k) => compiled(scalar(k, "int32")).item());
    expect(traces).toBe(1);
    for (let k = 0; k < STEPS.length; k++) expect(got[k]).toBeCloseTo(expected[k], 12);
  });

  it("a step that is not a number or a scalar tensor is a TypeError naming the schedule", () => {
    expect(() => optim.cosineDecay(1, 10)(tensor([1, 2]) as unknown as Tensor<[]>)).toThrow(
      "cosineDecay: step must be a number or a scalar tensor (int32 or float), got a float32 tensor of shape [2]",
    );
    expect(() => optim.piecewiseConstant([1], [1, 2])("3" as unknown as number)).toThrow(/^piecewiseConstant: step must be .* got string 3$/);
    expect(() => optim.constant(1)(scalar(1, "bool"))).toThrow(/constant: step .* got a bool tensor of shape \[\]/);
  });

  it("floors negative ratios toward −∞ (stepDecay before step 0)", () => {
    const s = optim.stepDecay(1, 2, 0.5);
    expect(at(s, [-1, -2, -3])).toEqual([2, 2, 4]);
  });
});
