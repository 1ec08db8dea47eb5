import { describe, expect, it } from "vitest";
import { add, grad, mean, mul, sqrt, square, sub, sum, tensor, valueAndGrad, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { gradCheck } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const x = tensor([[1, 10], [2, 20], [3, 30], [6, 60]], "float64");

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
    expectClose(y, tensor(Float64Array.from(values(sub(x, m)), (d, i) => d / Math.sqrt(values(v)[i % 2] + 1e-5)), "float64", [4, 2]), 1e-12);
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
    const expected = add(mul(sub(x, tensor([1, 2], "float64")), mul(tensor([2, 1], "float64"), sqrt(tensor([1 / (4 + 1e-5), 1 / (9 + 1e-5)], "float64")))), tensor([0.5, 0], "float64"));
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
    const input = tensor([[0.3, -1], [1.2, 0.5], [-0.4, 2], [0.9, 0.1]], "float64");
    const weights = tensor([[1, -2], [0.5, 3], [2, 1], [-1, 0.7]], "float64");
    const loss = (p: nn.BatchNormParams, v: Tensor) => sum(mul(bn.apply(p, v, { state, train: true })[0], weights));
    const report = gradCheck(loss, [params, input]);
    expect(report.passed, JSON.stringify(report.worst)).toBe(true);
    // d/dbeta sum(w·y) = column sums of w
    const g = grad(loss)(params, input);
    expectClose(g.beta, [2.5, 2.7], 1e-12);
  });

  it("needs its state", () => {
    expect(() => bn.apply(params, x, {} as { state: nn.BatchNormState })).toThrow("batchNorm: a stateful layer needs its state: apply(params, x, { state, train })");
    expect(() => bn.apply(params, tensor([[1, 2, 3]], "float64"), { state })).toThrow("batchNorm: input of shape [1,3] has 3 features on axis -1, the params have 2");
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
