import { describe, expect, it } from "vitest";
import { add, mean, mul, optim, scalar, square, sub, sum, tensor, type Tensor } from "../../../src/index";
import { makeStep } from "../../../src/train";
import { digits, mlp } from "./helpers";

describe("makeStep", () => {
  it("trains a tiny model: the loss falls within a few steps", () => {
    const { net, params } = mlp(16);
    const batch = digits(64);
    const opt = optim.adam(1e-2);
    const step = makeStep({ model: net, optimizer: opt });
    let [p, s] = [params, opt.init(params)];
    const losses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const [p2, s2, m] = step(p, s, batch);
      losses.push(m.loss);
      expect(m.examples).toBe(64);
      expect(m.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.accuracy).toBeLessThanOrEqual(1);
      [p, s] = [p2, s2];
    }
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    expect(losses.filter((l, i) => i > 0 && l > losses[i - 1] + 0.05)).toEqual([]); // no big jumps up
  });

  it("is pure: the same inputs give the same outputs, and the inputs are untouched", () => {
    const { net, params } = mlp(8);
    const batch = digits(16);
    const opt = optim.sgd(0.1);
    const step = makeStep({ model: net, optimizer: opt });
    const before = params[0].W.toArray();
    const [a, , ma] = step(params, opt.init(params), batch);
    const [b, , mb] = step(params, opt.init(params), batch);
    expect(params[0].W.toArray()).toEqual(before);
    expect(a[0].W.toArray()).toEqual(b[0].W.toArray());
    expect(ma).toEqual(mb);
  });

  it("gives the same step with and without jit", () => {
    const { net, params } = mlp(8);
    const batch = digits(16);
    const opt = optim.momentum(0.05);
    const jitted = makeStep({ model: net, optimizer: opt });
    const eager = makeStep({ model: net, optimizer: opt, jit: false });
    const [a, , ma] = jitted(params, opt.init(params), batch);
    const [b, , mb] = eager(params, opt.init(params), batch);
    expect(ma.loss).toBeCloseTo(mb.loss, 5);
    expect(ma.accuracy).toBe(mb.accuracy);
    const wa = a[2].W.data();
    const wb = b[2].W.data();
    for (let i = 0; i < wa.length; i++) expect(wa[i]).toBeCloseTo(wb[i], 5);
  });

  it("takes a whole loss function (regression, no accuracy)", () => {
    type P = { readonly w: Tensor; readonly b: Tensor };
    const x = tensor([[0], [1], [2], [3]]);
    const y = tensor([[1], [3], [5], [7]]); // y = 2x + 1
    const lossFn = (p: P, batch: { x: Tensor; y: Tensor }) => mean(square(sub(sum(mul(batch.x, p.w), -1, { keepDims: true }), sub(batch.y, p.b))));
    const opt = optim.sgd(0.05);
    const step = makeStep({ lossFn, optimizer: opt });
    let p: P = { w: tensor([0]), b: scalar(0) };
    let s = opt.init(p);
    let first = NaN;
    let last = NaN;
    for (let i = 0; i < 200; i++) {
      const [p2, s2, m] = step(p, s, { x, y });
      expect(m.accuracy).toBeUndefined();
      if (i === 0) first = m.loss;
      last = m.loss;
      [p, s] = [p2, s2];
    }
    expect(last).toBeLessThan(first / 100);
    expect(p.w.item()).toBeCloseTo(2, 1);
  });

  it("passes the batch loss to the optimizer as extra.loss (reduceOnPlateau), inside the jitted step", () => {
    const { net, params } = mlp(8);
    const opt = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau({ patience: 1 }));
    const step = makeStep({ model: net, optimizer: opt });
    const [, s, m] = step(params, opt.init(params), digits(16));
    expect(s[1].bestValue.item()).toBeCloseTo(m.loss, 6); // it read this batch's loss
    // the eager step reads the same loss
    const [, se] = makeStep({ model: net, optimizer: opt, jit: false })(params, opt.init(params), digits(16));
    expect(s[1].bestValue.item()).toBeCloseTo(se[1].bestValue.item(), 5);
  });

  it("jits the whole step: traced once per batch shape, the optimizer state advancing as tensors", () => {
    type P = { readonly w: Tensor; readonly b: Tensor };
    let traces = 0;
    const lossFn = (p: P, batch: { x: Tensor; y: Tensor }) => {
      traces++;
      return mean(square(sub(add(mul(batch.x, p.w), p.b), batch.y)));
    };
    const opt = optim.adam(optim.cosineDecay(0.1, 20));
    const step = makeStep({ lossFn, optimizer: opt });
    const x = tensor([[0], [1], [2], [3]]);
    const y = tensor([[1], [3], [5], [7]]);
    let p: P = { w: tensor([0]), b: scalar(0) };
    let s = opt.init(p);
    for (let i = 0; i < 6; i++) [p, s] = step(p, s, { x, y });
    expect(traces).toBe(1);
    expect(s[0].count.dtype).toBe("int32");
    expect(s[0].count.item()).toBe(6);
    expect(s[1].learningRate.item()).toBeCloseTo(optim.cosineDecay(0.1, 20)(6).item(), 6);
    // a smaller last batch is one more trace, then replayed
    const half = { x: tensor([[0], [1]]), y: tensor([[1], [3]]) };
    for (let i = 0; i < 3; i++) [p, s] = step(p, s, half);
    expect(traces).toBe(2);
    // eager steps give the same params
    const eager = makeStep({ lossFn, optimizer: opt, jit: false });
    let pe: P = { w: tensor([0]), b: scalar(0) };
    let se = opt.init(pe);
    for (let i = 0; i < 6; i++) [pe, se] = eager(pe, se, { x, y });
    for (let i = 0; i < 3; i++) [pe, se] = eager(pe, se, half);
    expect(p.w.item()).toBeCloseTo(pe.w.item(), 5);
    expect(p.b.item()).toBeCloseTo(pe.b.item(), 5);
  });

  it("passes tensor and number extras through the jitted step; other values are an error naming the field", () => {
    const { net, params } = mlp(8);
    const opt = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau({ patience: 1 }));
    const step = makeStep({ model: net, optimizer: opt });
    const [, s] = step(params, opt.init(params), digits(16), { loss: 0.5 });
    expect(s[1].bestValue.item()).toBe(0.5); // the given loss wins over the batch's
    expect(() => step(params, opt.init(params), digits(16), { note: "warm" })).toThrow(
      /^makeStep: extra\.note is string warm; a jitted step passes extra to the optimizer as traced values/,
    );
    const eager = makeStep({ model: net, optimizer: opt, jit: false });
    expect(() => eager(params, opt.init(params), digits(16), { note: "warm" })).not.toThrow();
  });

  it("lets optim report a gradient tree that does not match the optimizer state", () => {
    const { net, params } = mlp(8);
    const other = mlp(8, 1).params;
    const opt = optim.adam(1e-3);
    const step = makeStep({ model: net, optimizer: opt });
    const wrongState = opt.init({ W: other[0].W });
    expect(() => step(params, wrongState as never, digits(4))).toThrow(/optim/);
  });

  it("refuses a stateful model and a missing objective", () => {
    expect(() => makeStep({ model: { name: "bn", stateful: true, apply: (_p: unknown, x: Tensor) => x }, optimizer: optim.sgd(0.1) })).toThrow(/stateful/);
    expect(() => makeStep({ optimizer: optim.sgd(0.1) } as never)).toThrow(/either a model .* or a lossFn/);
  });
});
