import { describe, expect, it } from "vitest";
import { add, grad, jit, mean, mul, sqrt, square, sub, sum, tensor, valueAndGrad, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { gradCheck } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const x = tensor(
  [
    [1, 10],
    [2, 20],
    [3, 30],
    [6, 60],
  ],
  "float64",
);

describe("batchNorm", () => {
  const bn = nn.batchNorm({ dtype: "float64", momentum: 0.9 });
  const [shape, params, state] = bn.init(k, [-1, 2]);

  it("init: gamma 1, beta 0, running mean 0 and variance 1", () => {
    expect(shape).toEqual([-1, 2]);
    expect(params.gamma.toArray()).toEqual([1, 1]);
    expect(params.beta.toArray()).toEqual([0, 0]);
    expect(state.mean.toArray()).toEqual([0, 0]);
    expect(state.variance.toArray()).toEqual([1, 1]);
    expect(bn.stateful).toBe(true);
  });

  it("train mode normalises each feature over the batch", () => {
    const [y] = bn.apply(params, x, { state, train: true });
    expectClose(mean(y, 0), [0, 0], 1e-12);
    // biased variance of the normalised values is var/(var + eps) ≈ 1
    const m = mean(x, 0, { keepDims: true });
    const v = mean(square(sub(x, m)), 0, { keepDims: true });
    expectClose(
      y,
      tensor(
        Float64Array.from(values(sub(x, m)), (d, i) => d / Math.sqrt(values(v)[i % 2] + 1e-5)),
        "float64",
        [4, 2],
      ),
      1e-12,
    );
  });

  it("train mode returns new running statistics and never mutates the old state", () => {
    const before = values(state.mean);
    const [, next] = bn.apply(params, x, { state, train: true });
    // batch mean [3, 30], biased batch variance [3.5, 350]
    expectClose(next.mean, [0.1 * 3, 0.1 * 30], 1e-12);
    expectClose(next.variance, [0.9 + 0.1 * 3.5, 0.9 + 0.1 * 350], 1e-12);
    expect(values(state.mean)).toEqual(before);
    expect(Object.isFrozen(next)).toBe(true);
  });

  it("eval mode uses the running statistics and returns the state unchanged", () => {
    const running = { mean: tensor([1, 2], "float64"), variance: tensor([4, 9], "float64") } as nn.BatchNormState;
    const p = { gamma: tensor([2, 1], "float64"), beta: tensor([0.5, 0], "float64") } as nn.BatchNormParams;
    const [y, same] = bn.apply(p, x, { state: running });
    expect(same).toBe(running);
    const expected = add(
      mul(sub(x, tensor([1, 2], "float64")), mul(tensor([2, 1], "float64"), sqrt(tensor([1 / (4 + 1e-5), 1 / (9 + 1e-5)], "float64")))),
      tensor([0.5, 0], "float64"),
    );
    expectClose(y, expected, 1e-12);
  });

  it("running statistics converge to the data's over many steps", () => {
    let st = state;
    for (let i = 0; i < 200; i++) [, st] = bn.apply(params, x, { state: st, train: true });
    expectClose(st.mean, [3, 30], 1e-6);
    expectClose(st.variance, [3.5, 350], 1e-6);
  });

  it("normalises along another axis", () => {
    const channels = nn.batchNorm({ axis: 1, dtype: "float64" });
    const [, p, s] = channels.init(k, [-1, 2, 3]);
    expect(p.gamma.shape).toEqual([2]);
    const input = random.normal(random.key(4), [5, 2, 3], { dtype: "float64", mean: 3, std: 2 });
    const [y] = channels.apply(p, input, { state: s, train: true });
    expectClose(mean(y, [0, 2]), [0, 0], 1e-12);
  });

  it("gradients flow through the batch statistics (gradient check)", () => {
    const input = tensor(
      [
        [0.3, -1],
        [1.2, 0.5],
        [-0.4, 2],
        [0.9, 0.1],
      ],
      "float64",
    );
    const weights = tensor(
      [
        [1, -2],
        [0.5, 3],
        [2, 1],
        [-1, 0.7],
      ],
      "float64",
    );
    const loss = (p: nn.BatchNormParams, v: Tensor) => sum(mul(bn.apply(p, v, { state, train: true })[0], weights));
    const report = gradCheck(loss, [params, input]);
    expect(report.passed, JSON.stringify(report.worst)).toBe(true);
    // d/dbeta sum(w·y) = column sums of w
    const g = grad(loss)(params, input);
    expectClose(g.beta, [2.5, 2.7], 1e-12);
  });

  it("needs its state", () => {
    expect(() => bn.apply(params, x, {} as { state: nn.BatchNormState })).toThrow(
      "batchNorm: a stateful layer needs its state: apply(params, x, { state, train })",
    );
    expect(() => bn.apply(params, tensor([[1, 2, 3]], "float64"), { state })).toThrow(
      "batchNorm: input of shape [1,3] has 3 features on axis -1, the params have 2",
    );
  });

  // Flax's pattern: the new state comes back as the aux value of valueAndGrad, unwrapped
  // to plain values so it can be used after the transform.
  it("the new state can be returned as aux from valueAndGrad", () => {
    // The statistics depend on the differentiated input, so they are tracers inside.
    const [[, next]] = valueAndGrad(
      (v: Tensor) => {
        const [y, st] = bn.apply(params, v, { state, train: true });
        return [sum(square(y)), st] as const;
      },
      { hasAux: true },
    )(x);
    expectClose(next.mean, [0.3, 3], 1e-12);
  });
});

describe("batchNorm on NHWC images (statistics per channel, the last axis)", () => {
  const bn = nn.batchNorm({ dtype: "float64", momentum: 0.9, epsilon: 1e-3 });
  const images = random.normal(random.key(7), [2, 3, 3, 2], { dtype: "float64", mean: 2, std: 3 });
  const [shape, params, state] = bn.init(k, [-1, 3, 3, 2]);

  it("init gives one gamma, beta, mean and variance per channel", () => {
    expect(shape).toEqual([-1, 3, 3, 2]);
    expect(params.gamma.shape).toEqual([2]);
    expect(state.variance.shape).toEqual([2]);
  });

  it("training normalises each channel over batch, height and width, and updates the running statistics", () => {
    const [y, next] = bn.apply(params, images, { state, train: true });
    const mu = values(mean(images, [0, 1, 2]));
    const v = values(mean(square(sub(images, mean(images, [0, 1, 2], { keepDims: true }))), [0, 1, 2]));
    expectClose(mean(y, [0, 1, 2]), [0, 0], 1e-12);
    expectClose(
      mean(square(y), [0, 1, 2]),
      v.map((s) => s / (s + 1e-3)),
      1e-12,
    );
    expectClose(
      next.mean,
      mu.map((m) => 0.1 * m),
      1e-12,
    );
    expectClose(
      next.variance,
      v.map((s) => 0.9 + 0.1 * s),
      1e-12,
    );
  });

  it("inference uses the running statistics, not the batch's", () => {
    const running = { mean: tensor([1, -1], "float64"), variance: tensor([4, 0.25], "float64") } as nn.BatchNormState;
    const [y] = bn.apply(params, images, { state: running });
    const flat = values(images);
    const expected = flat.map((v, i) => (i % 2 === 0 ? (v - 1) / Math.sqrt(4 + 1e-3) : (v + 1) / Math.sqrt(0.25 + 1e-3)));
    expectClose(y, tensor(Float64Array.from(expected), "float64", [2, 3, 3, 2]), 1e-12);
  });

  it("gradients through the batch statistics of NHWC inputs (gradient check)", () => {
    const w = random.normal(random.key(8), [2, 3, 3, 2], { dtype: "float64" });
    const p = { gamma: tensor([1.5, 0.5], "float64"), beta: tensor([0.1, -0.2], "float64") } as nn.BatchNormParams;
    const loss = (q: nn.BatchNormParams, v: Tensor) => sum(mul(bn.apply(q, v, { state, train: true })[0], w));
    const report = gradCheck(loss, [p, images]);
    expect(report.passed, JSON.stringify(report.worst)).toBe(true);
  });

  it("a jitted training step threads the state in and out, and equals the eager step", () => {
    const w = random.normal(random.key(9), [2, 3, 3, 2], { dtype: "float64" });
    const step = (p: nn.BatchNormParams, st: nn.BatchNormState, v: Tensor) => {
      const [[loss, next], g] = valueAndGrad(
        (q: nn.BatchNormParams) => {
          const [y, s2] = bn.apply(q, v, { state: st, train: true });
          return [sum(mul(square(y), w)), s2] as const;
        },
        { hasAux: true },
      )(p);
      const updated = { gamma: sub(p.gamma, mul(g.gamma, 0.1)), beta: sub(p.beta, mul(g.beta, 0.1)) } as nn.BatchNormParams;
      return [updated, next, loss] as const;
    };
    const fast = jit(step);
    let [pe, se] = [params, state];
    let [pj, sj] = [params, state];
    for (let i = 0; i < 3; i++) {
      const batch = add(images, i) as Tensor;
      const [pe2, se2, le] = step(pe, se, batch);
      const [pj2, sj2, lj] = fast(pj, sj, batch);
      expectClose(lj, le, 1e-12);
      [pe, se, pj, sj] = [pe2, se2, pj2, sj2];
    }
    expectClose(sj.mean, se.mean, 1e-12);
    expectClose(sj.variance, se.variance, 1e-12);
    expectClose(pj.gamma, pe.gamma, 1e-12);
    // The running mean moved towards the batch means (≈ 2 + i) from 0.
    expect(values(sj.mean).every((m) => m > 0.3)).toBe(true);
  });
});
