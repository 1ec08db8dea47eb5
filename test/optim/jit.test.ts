/**
 * Optimizer states are tensors, so `jit` compiles an optimizer update, and a whole
 * training step (gradient, update, applyUpdates), once: every optimizer of the public list
 * traces once over several steps and gives the eager updates and states to float32
 * rounding.
 */
import { describe, expect, it } from "vitest";
import { add, jit, matmul, mean, scalar, square, sub, tanh, tensor, valueAndGrad, type Tensor } from "../../src/index";
import * as optim from "../../src/optim";
import { flatten } from "../../src/tree";
import { stateDTypes, stateValues } from "./helpers";

interface Params {
  readonly W: Tensor<[3, 2]>;
  readonly b: Tensor<[2]>;
}

const isTensor = (x: unknown): x is Tensor => x instanceof Object && "dtype" in x && "shape" in x;

/** Float32 params, or float64 ones. */
function params(dtype: "float32" | "float64" = "float32"): Params {
  return {
    W: tensor(
      [
        [0.5, -0.25],
        [0.1, 0.3],
        [-0.4, 0.2],
      ],
      dtype,
    ),
    b: tensor([0.05, -0.1], dtype),
  };
}

/** Gradient `k` of a sequence whose signs and sizes change from step to step. */
function gradient(k: number, dtype: "float32" | "float64" = "float32"): Params {
  const s = k % 2 === 0 ? 1 : -0.5;
  return {
    W: tensor(
      [
        [0.3 * s, -0.2],
        [1.5, 0.1 * (k + 1)],
        [-0.7 * s, 0.05],
      ],
      dtype,
    ),
    b: tensor([0.2 + 0.1 * k, -0.3 * s], dtype),
  };
}

/** The losses fed to transformations that read one: it stalls, so reduceOnPlateau acts. */
const LOSSES = [1, 0.8, 0.8, 0.8, 0.79, 0.9];

/** Expects two trees of tensors (or numbers) to agree to float32 rounding. */
function expectTreeClose(actual: unknown, expected: unknown, label: string): void {
  const [a, da] = flatten(actual, isTensor);
  const [e, de] = flatten(expected, isTensor);
  expect(da.numLeaves, label).toBe(de.numLeaves);
  for (let i = 0; i < e.length; i++) {
    const x = a[i] as Tensor;
    const y = e[i] as Tensor;
    expect(x.dtype, `${label} leaf ${i} dtype`).toBe(y.dtype);
    expect(x.shape, `${label} leaf ${i} shape`).toEqual(y.shape);
    const xs = x.data();
    const ys = y.data();
    for (let j = 0; j < ys.length; j++) {
      const u = Number(xs[j]);
      const v = Number(ys[j]);
      if (u === v) continue; // also ±Infinity
      expect(Math.abs(u - v), `${label} leaf ${i}[${j}]: ${u} vs ${v}`).toBeLessThanOrEqual(1e-6 + 2e-6 * Math.abs(v));
    }
  }
}

/** The optimizers of the public list, with the chains of the issue. */
const optimizers: readonly (readonly [string, optim.GradientTransformation])[] = [
  ["sgd", optim.sgd(0.1)],
  ["momentum", optim.momentum(0.05, 0.9)],
  ["nesterov", optim.nesterov(0.05, 0.9)],
  ["adagrad", optim.adagrad(0.5)],
  ["rmsprop", optim.rmsprop(0.01)],
  ["rmsprop centered + nesterov momentum", optim.rmsprop(0.01, { centered: true, momentum: 0.9, nesterov: true })],
  ["adam", optim.adam(0.1)],
  ["adamw", optim.adamw(0.1, { weightDecay: 0.3 })],
  ["clipByGlobalNorm + adam", optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.1))],
  ["clipByValue + weight decay + lr", optim.chain(optim.clipByValue(-1, 1), optim.addDecayedWeights(0.1), optim.scaleByLearningRate(0.2))],
  ["sgd with exponentialDecay (staircase)", optim.sgd(optim.exponentialDecay(0.1, 2, 0.5, { staircase: true }))],
  ["sgd with piecewiseConstant", optim.sgd(optim.piecewiseConstant([2, 4], [0.1, 0.05, 0.01]))],
  ["momentum with stepDecay", optim.momentum(optim.stepDecay(0.1, 2, 0.5), 0.9)],
  ["adam with warmupCosineDecay", optim.adam(optim.warmupCosineDecay(0, 0.1, 2, 5))],
  ["adamw with warmup(cosineDecay)", optim.adamw(optim.warmup(optim.cosineDecay(0.1, 4), 2, { initValue: 0.01 }), { weightDecay: 0.1 })],
  ["rmsprop with linearSchedule", optim.rmsprop(optim.linearSchedule(0.02, 0.001, 4))],
  ["sgd + reduceOnPlateau", optim.chain(optim.sgd(0.1), optim.reduceOnPlateau({ patience: 1, factor: 0.5 }))],
  [
    "clip + adam + reduceOnPlateau (cooldown, minScale, accumulation)",
    optim.chain(
      optim.clipByGlobalNorm(1),
      optim.adam(0.1),
      optim.reduceOnPlateau({ patience: 1, factor: 0.5, cooldown: 1, minScale: 0.3, accumulationSize: 2 }),
    ),
  ],
];

const STEPS = 5;

describe("jit(update) traces once and gives the eager updates", () => {
  it.each(optimizers)("%s", (_name, opt) => {
    let traces = 0;
    const update = jit((g: Params, s: unknown, p: Params, loss: Tensor<[]>) => {
      traces++;
      return opt.update(g, s, p, { loss });
    });
    let p = params();
    let eagerState: unknown = opt.init(p);
    let jitState: unknown = eagerState;
    for (let k = 0; k < STEPS; k++) {
      const g = gradient(k);
      const loss = scalar(LOSSES[k]);
      const [ue, se] = opt.update(g, eagerState, p, { loss });
      const [uj, sj] = update(g, jitState, p, loss);
      expectTreeClose(uj, ue, `updates of step ${k}`);
      expectTreeClose(sj, se, `state after step ${k}`);
      expect(stateDTypes(sj)).toEqual(stateDTypes(se));
      p = optim.applyUpdates(p, ue);
      eagerState = se;
      jitState = sj;
    }
    expect(traces).toBe(1);
  });

  it("the jitted state reads like the eager one: counts, rates and scales by value", () => {
    const opt = optim.chain(optim.adam(optim.piecewiseConstant([2], [0.1, 0.01])), optim.reduceOnPlateau({ patience: 1, factor: 0.5 }));
    const update = jit((g: Params, s: ReturnType<typeof opt.init<Params>>, p: Params, loss: Tensor<[]>) => opt.update(g, s, p, { loss }));
    const p = params("float64");
    let s = opt.init(p);
    for (let k = 0; k < 3; k++) [, s] = update(gradient(k, "float64"), s, p, scalar(1, "float64"));
    expect(stateValues(s[0][0].count)).toBe(3);
    expect(stateValues(s[0][1])).toEqual({ count: 3, learningRate: 0.01 });
    expect(stateValues(s[1])).toEqual({ scale: 0.25, bestValue: 1, plateauCount: 0, cooldownCount: 0, count: 0, avgValue: 0 }); // reduced at steps 2 and 3
    expect(stateDTypes(s[1])).toMatchObject({ scale: "float64", plateauCount: "int32" });
  });
});

describe("a whole training step under jit traces once and matches eager", () => {
  const x = tensor([
    [0.5, -1, 2],
    [1, 0.25, -0.5],
    [-1.5, 0.5, 0.75],
    [0.1, 0.2, 0.3],
  ]);
  const y = tensor([
    [0.2, -0.1],
    [0.5, 0.3],
    [-0.4, 0.1],
    [0, 0.05],
  ]);
  const loss = (p: Params, xs: Tensor, ys: Tensor): Tensor<[]> => mean(square(sub(tanh(add(matmul(xs as Tensor<[number, 3]>, p.W), p.b)), ys))) as Tensor<[]>;

  const cases: readonly (readonly [string, optim.GradientTransformation])[] = [
    ["adam", optim.adam(0.05)],
    ["sgd + momentum with cosine decay", optim.momentum(optim.cosineDecay(0.5, 10), 0.9)],
    ["adamw", optim.adamw(0.05, { weightDecay: 0.1 })],
    [
      "clip + adam + reduceOnPlateau on the step's loss",
      optim.chain(optim.clipByGlobalNorm(0.5), optim.adam(0.05), optim.reduceOnPlateau({ patience: 2, factor: 0.5 })),
    ],
  ];

  it.each(cases)("%s", (_name, opt) => {
    const eagerStep = (p: Params, s: unknown, xs: Tensor, ys: Tensor): readonly [Params, unknown, Tensor<[]>] => {
      const [l, g] = valueAndGrad(loss)(p, xs, ys);
      const [u, s2] = opt.update(g, s, p, { loss: l });
      return [optim.applyUpdates(p, u), s2, l];
    };
    let traces = 0;
    const step = jit((p: Params, s: unknown, xs: Tensor, ys: Tensor) => {
      traces++;
      return eagerStep(p, s, xs, ys);
    });
    let pe = params();
    let se: unknown = opt.init(pe);
    let pj = pe;
    let sj = se;
    const losses: number[] = [];
    for (let k = 0; k < 8; k++) {
      const [pe2, se2, le] = eagerStep(pe, se, x, y);
      const [pj2, sj2, lj] = step(pj, sj, x, y);
      expect(lj.item()).toBeCloseTo(le.item(), 5);
      expectTreeClose(pj2, pe2, `params after step ${k}`);
      expectTreeClose(sj2, se2, `state after step ${k}`);
      losses.push(lj.item());
      [pe, se, pj, sj] = [pe2, se2, pj2, sj2];
    }
    expect(traces).toBe(1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  });

  it("float64 params keep float64 states and params through the jitted step", () => {
    const opt = optim.adam(optim.exponentialDecay(0.05, 5, 0.5));
    const step = jit((p: Params, s: ReturnType<typeof opt.init<Params>>) => {
      const [l, g] = valueAndGrad(loss)(p, tensor(x.toArray() as number[][], "float64"), tensor(y.toArray() as number[][], "float64"));
      const [u, s2] = opt.update(g, s, p);
      return [optim.applyUpdates(p, u), s2, l] as const;
    });
    let p = params("float64");
    let s = opt.init(p);
    for (let k = 0; k < 3; k++) [p, s] = step(p, s);
    expect(p.W.dtype).toBe("float64");
    expect(stateDTypes(s)).toEqual([
      { count: "int32", mu: { W: "float64", b: "float64" }, nu: { W: "float64", b: "float64" } },
      { count: "int32", learningRate: "float64" },
    ]);
    expect(s[1].learningRate.item()).toBeCloseTo(0.05 * 0.5 ** (3 / 5), 15);
  });
});
