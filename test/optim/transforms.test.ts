import { List, Map as IMap, Record as IRecord } from "immutable";
import { describe, expect, it } from "vitest";
import { grad, jit, mul, scalar, sum, tensor, zeros, type Tensor } from "../../src/index";
import * as optim from "../../src/optim";
import { TreeMismatchError } from "../../src/tree";
import { stateDTypes, stateValues } from "./helpers";

const f64 = (xs: number[]): Tensor<[number]> => tensor(xs, "float64") as Tensor<[number]>;
/** The values as numbers (−0 read as 0). */
const values = (t: Tensor): number[] => Array.from(t.data(), (x) => Number(x) + 0);

describe("chain and identity", () => {
  it("identity passes updates through and keeps an empty state", () => {
    const g = { w: f64([1, 2]) };
    const t = optim.identity();
    const s = t.init(g);
    expect(s).toEqual({});
    const [u, s2] = t.update(g, s);
    expect(u).toBe(g);
    expect(s2).toEqual({});
  });

  it("chain's state is a frozen array of the members' states, inspectable by name", () => {
    const params = { W: f64([1, 2]), b: f64([0]) };
    const opt = optim.adam(0.01);
    const state = opt.init(params);
    expect(Array.isArray(state)).toBe(true);
    expect(Object.isFrozen(state)).toBe(true);
    expect(state[0].count.item()).toBe(0);
    expect(values(state[0].mu.W)).toEqual([0, 0]);
    expect(stateValues(state[1])).toEqual({ count: 0, learningRate: 0.01 });
    const [, next] = opt.update({ W: f64([1, 1]), b: f64([1]) }, state, params);
    expect(next[0].count.item()).toBe(1);
    expect(values(next[0].mu.W)).toEqual([expect.closeTo(0.1, 15), expect.closeTo(0.1, 15)]);
    expect(next[1].count.item()).toBe(1);
    // the old state is untouched
    expect(state[0].count.item()).toBe(0);
    expect(values(state[0].mu.W)).toEqual([0, 0]);
  });

  it("states are trees of tensors: int32 counts, rates in the params' float dtype", () => {
    const p64 = { W: f64([1, 2]), b: f64([0]) };
    const s64 = optim.adam(0.01).init(p64);
    expect(stateDTypes(s64)).toEqual([
      { count: "int32", mu: { W: "float64", b: "float64" }, nu: { W: "float64", b: "float64" } },
      { count: "int32", learningRate: "float64" },
    ]);
    expect(s64[0].count.shape).toEqual([]);
    const p32 = { W: tensor([1, 2]), b: tensor([0]) };
    const plateau = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau()).init(p32);
    expect(stateDTypes(plateau[1])).toEqual({
      scale: "float32",
      bestValue: "float32",
      plateauCount: "int32",
      cooldownCount: "int32",
      count: "int32",
      avgValue: "float32",
    });
    // float32 params keep a float32 rate: 0.1 rounded once, as a number meeting a float32 leaf is
    expect(stateValues(plateau[0][1])).toEqual({ count: 0, learningRate: Math.fround(0.1) });
  });

  it("a count in the state must be an int32 scalar: other values are errors naming the field", () => {
    const p = { w: f64([1]) };
    const opt = optim.adam(0.1);
    const s = opt.init(p);
    const bad = [{ ...s[0], count: scalar(1.5, "float64") }, s[1]] as unknown as typeof s;
    expect(() => opt.update(p, bad, p)).toThrow(
      "optim.scaleByAdam.update: state.count must be an int32 scalar tensor (a step count, as init makes it), got a float64 tensor of shape []",
    );
    const text = [s[0], { ...s[1], learningRate: "fast" }] as unknown as typeof s;
    expect(() => opt.update(p, text, p)).toThrow(/scaleByLearningRate\.update: state\.learningRate must be a float scalar tensor .* got string fast/);
    // the count stops at the largest int32 instead of wrapping to a negative step
    const [uMax, sMax] = opt.update(p, [{ ...s[0], count: scalar(2147483647, "int32") }, s[1]] as const, p);
    expect(sMax[0].count.item()).toBe(2147483647);
    expect(sMax[1].count.item()).toBe(1);
    expect(values(uMax.w)[0]).toBeCloseTo(-0.1 * (0.1 / Math.sqrt(0.001)), 6); // b^t = 0: no bias correction
    // a plain integer count put in by hand is read as int32
    const [u] = opt.update(p, [{ ...s[0], count: 0 }, s[1]] as unknown as typeof s, p);
    expect(values(u.w)[0]).toBeCloseTo(-0.1, 8);
  });

  it("chain passes extra to every member", () => {
    const opt = optim.chain(optim.scale(2), optim.reduceOnPlateau());
    const g = { w: f64([1]) };
    const [u] = opt.update(g, opt.init(g), g, { loss: 1 });
    expect(values(u.w)).toEqual([2]);
  });

  it("chain rejects a state that is not its array of states", () => {
    const opt = optim.chain(optim.scale(2), optim.scale(3));
    const g = { w: f64([1]) };
    expect(() => opt.update(g, [{}] as unknown as ReturnType<typeof opt.init<typeof g>>)).toThrow(
      /optim\.chain\.update: the state must be the array of 2 member states that init returned, got an array of 1/,
    );
  });
});

describe("scale, clipping and global norm", () => {
  it("scale multiplies every leaf", () => {
    const [u] = optim.scale(-0.5).update({ a: f64([2, 4]), b: [f64([1])] }, {});
    expect(values(u.a)).toEqual([-1, -2]);
    expect(values(u.b[0])).toEqual([-0.5]);
  });

  it("globalNorm is the norm of all leaves together", () => {
    expect(optim.globalNorm({ a: f64([3]), b: tensor([[4]], "float64") }).item()).toBe(5);
    expect(optim.globalNorm({}).item()).toBe(0);
  });

  it("clipByGlobalNorm rescales to the max norm, keeping the direction", () => {
    const g = { a: f64([3]), b: { c: tensor([[0, 4]], "float64") } };
    const [u] = optim.clipByGlobalNorm(1).update(g, {});
    expect(values(u.a)[0]).toBeCloseTo(0.6, 15);
    expect(values(u.b.c)).toEqual([0, expect.closeTo(0.8, 15)]);
    expect(optim.globalNorm(u).item()).toBeCloseTo(1, 14);
  });

  it("clipByGlobalNorm leaves small updates exactly unchanged", () => {
    const g = { a: f64([0.3, -0.1]), b: f64([0.2]) };
    const [u] = optim.clipByGlobalNorm(10).update(g, {});
    expect(values(u.a)).toEqual([0.3, -0.1]);
    expect(values(u.b)).toEqual([0.2]);
  });

  it("clipByGlobalNorm keeps each leaf's dtype", () => {
    const g = { a: tensor([30]), b: f64([40]) };
    const [u] = optim.clipByGlobalNorm(5).update(g, {});
    expect(u.a.dtype).toBe("float32");
    expect(u.b.dtype).toBe("float64");
    expect(values(u.a)[0]).toBeCloseTo(3, 5);
    expect(values(u.b)[0]).toBeCloseTo(4, 12);
  });

  it("clipByValue clips elementwise", () => {
    const [u] = optim.clipByValue(-1, 1).update({ w: f64([-3, 0.5, 2]) }, {});
    expect(values(u.w)).toEqual([-1, 0.5, 1]);
    expect(() => optim.clipByValue(1, -1)).toThrow(/lo \(1\) must not exceed hi \(-1\)/);
  });

  it("rejects bad hyper-parameters", () => {
    expect(() => optim.clipByGlobalNorm(0)).toThrow(/clipByGlobalNorm: maxNorm must be > 0, got 0/);
    expect(() => optim.adam(0.1, { b1: 1 })).toThrow(/scaleByAdam: b1 must be in \[0, 1\), got 1/);
    expect(() => optim.sgd(Number.NaN)).toThrow(/scaleByLearningRate: lr must be a finite number/);
    expect(() => optim.traceMomentum(-1)).toThrow(/traceMomentum: decay/);
  });
});

describe("weight decay masks", () => {
  const params = {
    layers: [
      { W: f64([1, 2]), b: f64([3]) },
      { W: f64([4]), bias: f64([5, 6]) },
    ],
    head: { b: { W: f64([7]) } },
    scale: f64([8]),
  };
  const zeroGrads = {
    layers: [
      { W: f64([0, 0]), b: f64([0]) },
      { W: f64([0]), bias: f64([0, 0]) },
    ],
    head: { b: { W: f64([0]) } },
    scale: f64([0]),
  };

  it("excludeBiases: every leaf but those under a key `b` or `bias`", () => {
    expect(optim.excludeBiases(params)).toEqual({
      layers: [
        { W: true, b: false },
        { W: true, bias: false },
      ],
      head: { b: { W: true } },
      scale: true,
    });
  });

  it("isBiasPath looks at the nearest non-index key", () => {
    expect(
      optim.isBiasPath([
        { container: "object", key: "bias" },
        { container: "array", key: 1 },
      ]),
    ).toBe(true);
    expect(optim.isBiasPath([{ container: "Map", key: "b" }])).toBe(true);
    expect(
      optim.isBiasPath([
        { container: "object", key: "b" },
        { container: "object", key: "W" },
      ]),
    ).toBe(false);
    expect(optim.isBiasPath([])).toBe(false);
  });

  it("addDecayedWeights adds λ·p to the masked leaves only (default: no biases)", () => {
    const t = optim.addDecayedWeights(0.5);
    const [u] = t.update(zeroGrads, t.init(params), params);
    expect(values(u.layers[0].W)).toEqual([0.5, 1]);
    expect(values(u.layers[0].b!)).toEqual([0]);
    expect(values(u.layers[1].W)).toEqual([2]);
    expect(values(u.layers[1].bias!)).toEqual([0, 0]);
    expect(values(u.head.b.W)).toEqual([3.5]);
    expect(values(u.scale)).toEqual([4]);
  });

  it("adamw with zero gradients only decays the masked leaves", () => {
    const opt = optim.adamw(0.1, { weightDecay: 0.5 });
    const [u] = opt.update(zeroGrads, opt.init(params), params);
    expect(values(u.layers[0].W)).toEqual([-0.05, -0.1]);
    expect(values(u.layers[0].b!)).toEqual([0]);
    expect(values(u.layers[1].bias!)).toEqual([0, 0]);
  });

  it("a mask may be a tree, a function of the params or a path predicate", () => {
    const p = { W: f64([2]), b: f64([4]) };
    const g = { W: f64([0]), b: f64([0]) };
    const run = (mask: optim.Mask<typeof p>): number[] => {
      const t = optim.addDecayedWeights(1, { mask });
      const [u] = t.update(g, t.init(p), p);
      return [...values(u.W), ...values(u.b)];
    };
    expect(run({ W: false, b: true })).toEqual([0, 4]);
    expect(run((q) => ({ W: q.W.size > 0, b: false }))).toEqual([2, 0]);
    expect(run(optim.maskByPath((path) => path === ".b"))).toEqual([0, 4]);
    expect(run(optim.maskByPath((_path, keys) => keys.length === 1))).toEqual([2, 4]);
  });

  it("masks work on Immutable Records and Lists", () => {
    const Layer = IRecord({ W: zeros([1], "float64") as Tensor, b: zeros([1], "float64") as Tensor });
    const p = List([Layer({ W: f64([2]), b: f64([4]) })]);
    const g = List([Layer({ W: f64([0]), b: f64([0]) })]);
    const t = optim.addDecayedWeights(1);
    const [u] = t.update(g, t.init(p), p);
    const layer = u.get(0);
    expect(values(layer?.W as Tensor)).toEqual([2]);
    expect(values(layer?.b as Tensor)).toEqual([0]);
  });

  it("a mask of the wrong structure is an error printing both structures", () => {
    const p = { W: f64([2]), b: f64([4]) };
    const t = optim.addDecayedWeights(1, { mask: { W: true } });
    expect(() => t.update(p, t.init(p), p)).toThrow(TreeMismatchError);
    expect(() => t.update(p, t.init(p), p)).toThrow(/mask vs params.*expected \{W: \*, b: \*\}, got \{W: \*\}/);
    const t2 = optim.addDecayedWeights(1, { mask: { W: 1, b: true } });
    expect(() => t2.update(p, t2.init(p), p)).toThrow(/the mask leaf at \.W is number, not a boolean/);
  });

  it("weight decay needs the params", () => {
    const p = { W: f64([2]) };
    const opt = optim.adamw(0.1);
    expect(() => opt.update(p, opt.init(p))).toThrow(/addDecayedWeights.update: weight decay needs the params/);
  });
});

describe("applyUpdates", () => {
  it("adds leaf by leaf and returns a new tree of the params' kind", () => {
    const p = IMap({ a: f64([1, 2]), b: List([f64([3])]) });
    const u = IMap({ a: f64([0.5, 0.5]), b: List([f64([-1])]) });
    const q = optim.applyUpdates(p, u);
    expect(IMap.isMap(q)).toBe(true);
    expect(values(q.get("a") as Tensor)).toEqual([1.5, 2.5]);
    expect(values((q.get("b") as List<Tensor>).get(0) as Tensor)).toEqual([2]);
    expect(values(p.get("a") as Tensor)).toEqual([1, 2]);
  });

  it("keeps the params' dtype: float32 stays float32", () => {
    const p = { w: tensor([1, 2]) };
    const q = optim.applyUpdates(p, { w: tensor([0.25, 0.5], "float64") });
    expect(q.w.dtype).toBe("float32");
    expect(values(q.w)).toEqual([1.25, 2.5]);
    const opt = optim.adam(0.1);
    const s = opt.init(p);
    expect(s[0].mu.w.dtype).toBe("float32");
    const [u, s2] = opt.update({ w: tensor([1, -1]) }, s, p);
    expect(u.w.dtype).toBe("float32");
    expect(s2[0].nu.w.dtype).toBe("float32");
    expect(optim.applyUpdates(p, u).w.dtype).toBe("float32");
  });

  it("state moments keep the params' dtype even for float64 gradients", () => {
    const p = { w: tensor([1, 2]) };
    const opt = optim.sgd(0.1, { momentum: 0.9 });
    const [u, s] = opt.update({ w: tensor([1, 1], "float64") }, opt.init(p), p);
    expect((s[0] as optim.TraceState<typeof p>).trace.w.dtype).toBe("float32");
    expect(optim.applyUpdates(p, u).w.dtype).toBe("float32");
  });

  it("null and undefined subtrees pass through", () => {
    const p = { a: f64([1]), frozen: null, none: undefined };
    const q = optim.applyUpdates(p, { a: f64([1]), frozen: null, none: undefined });
    expect(q.frozen).toBeNull();
    expect(q.none).toBeUndefined();
    expect(values(q.a)).toEqual([2]);
  });

  it("propagates NaN (documented: no silent skipping); allFinite detects it", () => {
    const p = { a: f64([1, 2]) };
    const u = { a: f64([Number.NaN, 0]) };
    expect(optim.allFinite(u)).toBe(false);
    expect(optim.allFinite(p)).toBe(true);
    const q = optim.applyUpdates(p, u);
    expect(Number.isNaN(values(q.a)[0])).toBe(true);
    expect(values(q.a)[1]).toBe(2);
  });
});

describe("mismatched trees are clear errors", () => {
  const params = { W: f64([1, 2]), b: f64([0]) };

  it("applyUpdates prints both structures", () => {
    const bad = { W: f64([1, 2]) } as unknown as typeof params;
    expect(() => optim.applyUpdates(params, bad)).toThrow(TreeMismatchError);
    expect(() => optim.applyUpdates(params, bad)).toThrow(
      'optim.applyUpdates (updates vs params): structures differ at .b: expected {W: *, b: *}, got {W: *} (key "b" is missing)',
    );
  });

  it("a stateful optimizer names the state tree it compared with", () => {
    const opt = optim.adam(0.1);
    const bad = { W: f64([1, 2]), c: f64([0]) } as unknown as typeof params;
    expect(() => opt.update(bad, opt.init(params), params)).toThrow(
      /optim\.scaleByAdam\.update \(updates vs state\.mu \(like the params given to init\)\): structures differ at \.b: expected \{W: \*, b: \*\}, got \{W: \*, c: \*\}/,
    );
  });

  it("sgd without momentum is caught by applyUpdates; with momentum by the update", () => {
    const bad = [f64([1, 2]), f64([0])] as unknown as typeof params;
    const plain = optim.sgd(0.1);
    const [u] = plain.update(bad, plain.init(params), params);
    expect(() => optim.applyUpdates(params, u)).toThrow(/expected \{W: \*, b: \*\}, got \[\*, \*\]/);
    const heavy = optim.sgd(0.1, { momentum: 0.9 });
    expect(() => heavy.update(bad, heavy.init(params), params)).toThrow(/traceMomentum\.update.*state\.trace/);
  });

  it("different shapes name the path and both shapes", () => {
    const bad = { W: f64([1, 2, 3]), b: f64([0]) };
    expect(() => optim.applyUpdates(params, bad)).toThrow("optim.applyUpdates: updates leaf .W has shape [3], but params has shape [2] there");
    const opt = optim.rmsprop(0.1);
    expect(() => opt.update(bad, opt.init(params))).toThrow(/scaleByRms\.update: updates leaf \.W has shape \[3\], but state\.nu .* has shape \[2\]/);
  });

  it("non-tensor leaves are named", () => {
    const bad = { W: [1, 2], b: f64([0]) } as unknown as typeof params;
    expect(() => optim.adam(0.1).init(bad)).toThrow(/optim\.scaleByAdam\.init: params leaf \.W\[0\] is number 1, not a tensor/);
  });
});

describe("reduceOnPlateau", () => {
  const g = { w: f64([1]) };

  function scales(options: optim.ReduceOnPlateauOptions, losses: readonly number[]): number[] {
    const t = optim.reduceOnPlateau(options);
    let s = t.init(g);
    const out: number[] = [];
    for (const loss of losses) {
      const [u, next] = t.update(g, s, g, { loss });
      expect(values(u.w)[0]).toBe(next.scale.item());
      out.push(next.scale.item());
      s = next;
    }
    return out;
  }

  it("starts at scale 1 with an infinite best value", () => {
    expect(stateValues(optim.reduceOnPlateau().init(g))).toEqual({ scale: 1, bestValue: Infinity, plateauCount: 0, cooldownCount: 0, count: 0, avgValue: 0 });
  });

  it("reduces by factor after `patience` updates without improvement", () => {
    expect(scales({ patience: 3, factor: 0.5 }, [1, 1, 1, 1, 1, 1, 1, 1])).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it("an improvement resets the count", () => {
    expect(scales({ patience: 2, factor: 0.5 }, [5, 5, 4, 4, 4, 3])).toEqual([1, 1, 1, 1, 0.5, 0.5]);
  });

  it("minDelta and rtol decide what counts as an improvement", () => {
    expect(scales({ patience: 1, factor: 0.5, minDelta: 0.5, rtol: 0 }, [10, 9.6, 9])).toEqual([1, 0.5, 0.5]);
    expect(scales({ patience: 1, factor: 0.5, rtol: 0.1 }, [10, 9.5, 8.9])).toEqual([1, 0.5, 0.5]);
  });

  it("cooldown pauses counting after a reduction; minScale is a floor", () => {
    expect(scales({ patience: 1, factor: 0.5, cooldown: 2 }, [1, 1, 1, 1, 1, 1])).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(scales({ patience: 1, factor: 0.1, minScale: 0.05 }, [1, 1, 1, 1])).toEqual([1, 0.1, 0.05, 0.05]);
  });

  it("accumulationSize averages the losses before each evaluation", () => {
    const t = optim.reduceOnPlateau({ patience: 1, factor: 0.5, accumulationSize: 2 });
    let s = t.init(g);
    for (const loss of [4, 2]) [, s] = t.update(g, s, g, { loss });
    expect(stateValues(s)).toMatchObject({ bestValue: 3, count: 0, scale: 1 });
    [, s] = t.update(g, s, g, { loss: 3 });
    expect(stateValues(s)).toMatchObject({ bestValue: 3, count: 1, avgValue: 3, scale: 1 });
    [, s] = t.update(g, s, g, { loss: 3 });
    expect(stateValues(s)).toMatchObject({ bestValue: 3, scale: 0.5 });
  });

  it("reads a tensor loss; a missing or malformed loss is an error", () => {
    const t = optim.reduceOnPlateau();
    const [, s] = t.update(g, t.init(g), g, { loss: tensor(2.5, "float64") });
    expect(s.bestValue.item()).toBe(2.5);
    const [, s1] = t.update(g, t.init(g), g, { loss: tensor([1.25]) });
    expect(s1.bestValue.item()).toBe(1.25);
    expect(s1.bestValue.dtype).toBe("float64");
    expect(() => t.update(g, t.init(g), g)).toThrow(/reduceOnPlateau\.update: needs the current loss/);
    expect(() => t.update(g, t.init(g), g, { loss: tensor([1, 2]) })).toThrow(
      "optim.reduceOnPlateau.update: extra.loss must be a number or a one-element tensor, got a float32 tensor of shape [2]",
    );
    expect(() => t.update(g, t.init(g), g, { loss: "low" as unknown as number })).toThrow(
      /extra\.loss must be a number or a one-element tensor, got string low/,
    );
  });

  it("a NaN loss is never an improvement", () => {
    expect(scales({ patience: 2, factor: 0.5 }, [1, Number.NaN, Number.NaN, 0.5])).toEqual([1, 1, 0.5, 0.5]);
  });

  it("in a chain, the scale multiplies the optimizer's step", () => {
    const opt = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau({ patience: 1, factor: 0.5 }));
    const p = { w: f64([0]) };
    let s = opt.init(p);
    const steps: number[] = [];
    for (let k = 0; k < 3; k++) {
      const [u, next] = opt.update(g, s, p, { loss: 1 });
      steps.push(values(u.w)[0]);
      s = next;
    }
    expect(steps).toEqual([-0.1, -0.05, -0.025]);
    expect(s[1].scale.item()).toBe(0.25);
  });
});

describe("optimizers and transforms", () => {
  it("the update runs under jit: the state goes in and comes out as tensors", () => {
    const p = { w: f64([1, 2]) };
    const opt = optim.adam(0.1);
    const step = jit((params: typeof p, state: ReturnType<typeof opt.init<typeof p>>) => opt.update(params, state, params));
    const [u, s] = step(p, opt.init(p));
    expect(values(u.w)).toEqual([expect.closeTo(-0.1, 8), expect.closeTo(-0.1, 8)]);
    expect(stateDTypes(s[0].count)).toBe("int32");
    expect(s[0].count.item()).toBe(1);
  });

  it("jit the gradient, update outside: works", () => {
    const p = { w: f64([1, 2]) };
    const g = jit(grad((q: typeof p) => sum(mul(q.w, q.w))));
    const opt = optim.adam(0.1);
    const [u, s] = opt.update(g(p), opt.init(p), p);
    expect(values(u.w)).toEqual([expect.closeTo(-0.1, 9), expect.closeTo(-0.1, 9)]);
    expect(s[0].count.item()).toBe(1);
  });

  it("an optimizer step can be differentiated (meta-gradient through the update)", () => {
    // one sgd step w1 = w0 − η·2·w0; d/dη of sum(w1) = −2·sum(w0)
    const w0 = f64([1, 2]);
    const metaLoss = (lr: Tensor): Tensor => {
      const p = { w: w0 };
      const gr = { w: mul(mul(w0, 2), lr) as typeof w0 };
      const [u] = optim.sgd(1).update(gr, optim.sgd(1).init(p));
      return sum(optim.applyUpdates(p, u).w);
    };
    expect(grad(metaLoss)(tensor(0.1, "float64")).item()).toBeCloseTo(-6, 12);
  });
});
