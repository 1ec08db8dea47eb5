/**
 * The optimizer laws hold for every optimizer, and catch transformations that break them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, astype, mul, scalar, tensor, type Tensor } from "../../src/index";
import * as optim from "../../src/optim";
import { flatten, unflatten } from "../../src/tree";
import {
  arbOptimizerInput,
  arbParamTree,
  checkOptimizerLaws,
  optimizerChainAssociative,
  optimizerChainIdentity,
  optimizerDeterminism,
  optimizerJitConsistent,
  optimizerStateStructureStable,
  optimizerUpdateIsPure,
  optimizerZeroLearningRate,
  OPTIMIZER_DETERMINISM,
  OPTIMIZER_JIT_CONSISTENT,
  OPTIMIZER_STATE_STRUCTURE_STABLE,
  OPTIMIZER_UPDATE_IS_PURE,
  OPTIMIZER_ZERO_LEARNING_RATE,
} from "../../laws/optimizer-laws";
import { LawError } from "../../laws/runners";

const isTensor = (x: unknown): x is Tensor => x instanceof Object && "dtype" in x && "shape" in x;

/** `f` on every tensor leaf of a tree (test helper, untyped). */
function mapLeaves(tree: unknown, f: (t: Tensor) => Tensor): unknown {
  const [leaves, def] = flatten(tree, isTensor) as [Tensor[], Parameters<typeof unflatten>[0]];
  return unflatten(def, leaves.map(f));
}

const optimizers: readonly (readonly [string, (lr: number) => optim.GradientTransformation])[] = [
  ["sgd", (lr) => optim.sgd(lr)],
  ["momentum", (lr) => optim.momentum(lr, 0.9)],
  ["nesterov", (lr) => optim.nesterov(lr, 0.9)],
  ["adagrad", (lr) => optim.adagrad(lr)],
  ["rmsprop", (lr) => optim.rmsprop(lr)],
  ["rmsprop centered + nesterov momentum", (lr) => optim.rmsprop(lr, { centered: true, momentum: 0.9, nesterov: true })],
  ["adam", (lr) => optim.adam(lr)],
  ["adamw", (lr) => optim.adamw(lr, { weightDecay: 0.1 })],
  ["adamw with a path mask", (lr) => optim.adamw(lr, { weightDecay: 0.1, mask: optim.maskByPath((p) => p.includes("W")) })],
  ["sgd with a schedule", (lr) => optim.sgd(optim.warmup(optim.exponentialDecay(lr, 2, 0.5), 2, { initValue: lr / 2 }))],
  ["clip + adam + reduceOnPlateau", (lr) => optim.chain(optim.clipByGlobalNorm(1), optim.adam(lr), optim.reduceOnPlateau({ patience: 1 }))],
  ["clipByValue + weight decay + lr", (lr) => optim.chain(optim.clipByValue(-1, 1), optim.addDecayedWeights(0.1), optim.scaleByLearningRate(lr))],
];

describe("the optimizer laws hold for every optimizer", () => {
  it.each(optimizers)("%s", (name, make) => {
    checkOptimizerLaws(name, make, { numRuns: 15, seed: 7 });
  });

  it("in float32 too", () => {
    checkOptimizerLaws("adam float32", (lr) => optim.adam(lr), { numRuns: 10, seed: 3, dtype: "float32" });
  });
});

describe("the laws catch broken transformations", () => {
  const input = { params: { W: tensor([1, 2], "float64"), b: tensor([0.5], "float64") }, grads: [] as unknown[] };
  const grads = [
    { W: tensor([0.5, -1], "float64"), b: tensor([1], "float64") },
    { W: tensor([0.25, 2], "float64"), b: tensor([-1], "float64") },
  ];

  it("passes on a correct transformation", () => {
    const t = optim.adam(0.1);
    expect(optimizerChainIdentity(t, input.params, grads)).toEqual({ ok: true });
    expect(optimizerChainAssociative(optim.scale(2), t, optim.clipByValue(-0.05, 0.05), input.params, grads)).toEqual({ ok: true });
    expect(optimizerZeroLearningRate((lr) => optim.adamw(lr, { weightDecay: 1 }), input.params, grads)).toEqual({ ok: true });
    expect(optimizerUpdateIsPure(t, input.params, grads)).toEqual({ ok: true });
    expect(optimizerStateStructureStable(t, input.params, grads)).toEqual({ ok: true });
    expect(optimizerDeterminism(t, input.params, grads)).toEqual({ ok: true });
    expect(optimizerJitConsistent(optim.chain(t, optim.reduceOnPlateau({ patience: 1 })), input.params, grads)).toEqual({ ok: true });
  });

  it("a state holding a JS number count fails the jit law (the old, untraceable design)", () => {
    interface NumberCount {
      readonly count: number;
    }
    const bias: optim.GradientTransformation = {
      init: () => ({ count: 0 }),
      update: (u, s) => {
        const count = (s as NumberCount).count + 1;
        return [mapLeaves(u, (g) => mul(g, 1 / count)) as typeof u, { count }];
      },
    };
    expect(optimizerDeterminism(bias, input.params, grads)).toEqual({ ok: true });
    const r = optimizerJitConsistent(bias, input.params, grads);
    expect(r).toMatchObject({ ok: false, law: OPTIMIZER_JIT_CONSISTENT });
  });

  it("a state whose dtype drifts makes jit trace again", () => {
    const drifting: optim.GradientTransformation = {
      init: () => ({ count: scalar(0, "int32") }),
      update: (u, s) => [u, { count: add(astype((s as { count: Tensor }).count, "float32"), 1) }],
    };
    const r = optimizerJitConsistent(drifting, input.params, grads);
    expect(r).toMatchObject({ ok: false, law: OPTIMIZER_JIT_CONSISTENT });
    if (!r.ok) expect(r.message).toMatch(/jit traced the update again at step 1 \(2 traces\)/);
  });

  it("a state mutated in place fails purity", () => {
    interface Counter {
      count: number;
    }
    const mutating: optim.GradientTransformation = {
      init: () => ({ count: 0 }),
      update: (u, s) => {
        (s as Counter).count += 1;
        return [u, s];
      },
    };
    const r = optimizerUpdateIsPure(mutating, input.params, grads);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.law).toBe(OPTIMIZER_UPDATE_IS_PURE);
      expect(r.message).toMatch(/update at step 0 mutated its state: leaf \.count: 0 became 1/);
    }
  });

  it("randomness fails determinism", () => {
    const noisy: optim.GradientTransformation = {
      init: () => ({}),
      update: (u, s) => [mapLeaves(u, (t) => add(t, Math.random())) as typeof u, s],
    };
    const r = optimizerDeterminism(noisy, input.params, grads);
    expect(r).toMatchObject({ ok: false, law: OPTIMIZER_DETERMINISM });
  });

  it("a growing state fails structure stability", () => {
    const growing: optim.GradientTransformation = {
      init: () => ({ history: [] as unknown[] }),
      update: (u, s) => [u, { history: [...(s as { history: unknown[] }).history, u] }],
    };
    const r = optimizerStateStructureStable(growing, input.params, grads);
    expect(r).toMatchObject({ ok: false, law: OPTIMIZER_STATE_STRUCTURE_STABLE });
    if (!r.ok) expect(r.message).toMatch(/after step 0 the state's structure/);
  });

  it("a dtype change in the state fails structure stability", () => {
    const t: optim.GradientTransformation = {
      init: (p) => ({ m: mapLeaves(p, (x) => mul(x, 0)) }),
      update: (u) => [u, { m: mapLeaves(u, (x) => tensor(Float32Array.from(x.data()), "float32", [...x.shape])) }],
    };
    const r = optimizerStateStructureStable(t, input.params, grads);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/state leaf \.m\.W is float32\[2\], initially float64\[2\]/);
  });

  it("a step that ignores the learning rate fails the lr-0 law", () => {
    const r = optimizerZeroLearningRate((lr) => optim.chain(optim.scaleByLearningRate(lr), optim.scale(1), optim.addDecayedWeights(0.1)), input.params, grads);
    expect(r).toMatchObject({ ok: false, law: OPTIMIZER_ZERO_LEARNING_RATE });
    if (!r.ok) expect(r.message).toMatch(/after step 0 the params moved: leaf \.W/);
  });

  it("a transformation that throws fails with the error's message", () => {
    const r = optimizerDeterminism(
      optim.adamw(0.1),
      input.params,
      grads.map(() => ({ W: tensor([1], "float64"), b: tensor([1], "float64") })) as unknown as typeof grads,
    );
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toMatch(/threw: .*shape \[1\].*shape \[2\]/);
  });

  it("checkOptimizerLaws throws a LawError naming the subject and the law", () => {
    const bad = (): optim.GradientTransformation => ({
      init: () => ({ calls: [0] }),
      update: (u, s) => {
        (s as { calls: number[] }).calls[0] += 1;
        return [u, s];
      },
    });
    expect(() => checkOptimizerLaws("bad", bad, { numRuns: 5, seed: 1, laws: ["updateIsPure"] })).toThrow(LawError);
    expect(() => checkOptimizerLaws("bad", bad, { numRuns: 5, seed: 1, laws: ["updateIsPure"] })).toThrow(/bad: law "optimizer: init and update mutate/);
  });
});

describe("the law arbitraries", () => {
  it("generate params trees with tensor leaves and gradient sequences of the same structure", () => {
    fc.assert(
      fc.property(arbOptimizerInput({ maxSteps: 3 }), ({ params, grads }) => {
        const [, def] = flatten(params, isTensor);
        expect(grads.length).toBeGreaterThanOrEqual(1);
        for (const g of grads) {
          const [gl, gd] = flatten(g, isTensor);
          expect(gd.numLeaves).toBe(def.numLeaves);
          for (const leaf of gl) expect((leaf as Tensor).dtype).toBe("float64");
        }
      }),
      { numRuns: 30, seed: 1 },
    );
    const trees = fc.sample(arbParamTree({ dtype: "float32" }), { numRuns: 20, seed: 2 });
    for (const t of trees) for (const leaf of flatten(t, isTensor)[0]) expect((leaf as Tensor).dtype).toBe("float32");
  });
});
