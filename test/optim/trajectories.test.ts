/**
 * Each optimizer's first steps on a float64 quadratic match its documented formula,
 * computed here independently with plain numbers.
 */
import { describe, expect, it } from "vitest";
import * as optim from "../../src/optim";
import { expectVectorClose, quadGrad, quadGradTree, quadParams, stateValues, train, vectorOf, W0 } from "./helpers";

const STEPS = 5;

/** A reference optimizer on plain vectors: returns the update for gradient g at w. */
type Reference = (g: readonly number[], w: readonly number[], t: number) => number[];

function referencePath(step: () => Reference): number[][] {
  const ref = step();
  let w = [...W0];
  const path = [w];
  for (let t = 1; t <= STEPS; t++) {
    const u = ref(quadGrad(w), w, t);
    w = w.map((x, i) => x + u[i]);
    path.push(w);
  }
  return path;
}

function expectSamePath(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expectVectorClose(actual[k], expected[k], `step ${k}`);
}

const zeros = (): number[] => [0, 0, 0];

describe("trajectories match the documented formulas (float64, 5 steps)", () => {
  it("the purediff gradient of the quadratic is Aw − b", () => {
    expectVectorClose(vectorOf(quadGradTree(quadParams(W0))), quadGrad(W0), "gradient");
  });

  it("sgd: p ← p − η·g", () => {
    const lr = 0.1;
    const expected = referencePath(() => (g) => g.map((x) => -lr * x));
    expectSamePath(train(optim.sgd(lr), STEPS).path, expected);
  });

  it("momentum: m ← g + β·m, p ← p − η·m", () => {
    const [lr, beta] = [0.05, 0.9];
    const expected = referencePath(() => {
      const m = zeros();
      return (g) => g.map((x, i) => -lr * (m[i] = x + beta * m[i]));
    });
    expectSamePath(train(optim.momentum(lr, beta), STEPS).path, expected);
    expectSamePath(train(optim.sgd(lr, { momentum: beta }), STEPS).path, expected);
  });

  it("nesterov: m ← g + β·m, p ← p − η·(g + β·m)", () => {
    const [lr, beta] = [0.05, 0.9];
    const expected = referencePath(() => {
      const m = zeros();
      return (g) =>
        g.map((x, i) => {
          m[i] = x + beta * m[i];
          return -lr * (x + beta * m[i]);
        });
    });
    expectSamePath(train(optim.nesterov(lr, beta), STEPS).path, expected);
    expectSamePath(train(optim.sgd(lr, { momentum: beta, nesterov: true }), STEPS).path, expected);
  });

  it("adagrad: s ← s + g² (s₀ = 0.1), p ← p − η·g/√(s + ε)", () => {
    const [lr, s0, eps] = [0.5, 0.1, 1e-7];
    const expected = referencePath(() => {
      const s = [s0, s0, s0];
      return (g) => g.map((x, i) => -lr * (x / Math.sqrt((s[i] += x * x) + eps)));
    });
    expectSamePath(train(optim.adagrad(lr), STEPS).path, expected);
  });

  it("adagrad with other options", () => {
    const [lr, s0, eps] = [0.3, 0.5, 1e-3];
    const expected = referencePath(() => {
      const s = [s0, s0, s0];
      return (g) => g.map((x, i) => -lr * (x / Math.sqrt((s[i] += x * x) + eps)));
    });
    expectSamePath(train(optim.adagrad(lr, { initialAccumulatorValue: s0, eps }), STEPS).path, expected);
  });

  it("rmsprop: ν ← ρν + (1−ρ)g², p ← p − η·g/√(ν + ε) (ε inside the root)", () => {
    const [lr, rho, eps] = [0.01, 0.9, 1e-8];
    const expected = referencePath(() => {
      const nu = zeros();
      return (g) =>
        g.map((x, i) => {
          nu[i] = rho * nu[i] + (1 - rho) * x * x;
          return (-lr * x) / Math.sqrt(nu[i] + eps);
        });
    });
    expectSamePath(train(optim.rmsprop(lr), STEPS).path, expected);
  });

  it("rmsprop with ε outside the root: g/(√ν + ε)", () => {
    const [lr, rho, eps] = [0.01, 0.8, 1e-2];
    const expected = referencePath(() => {
      const nu = zeros();
      return (g) =>
        g.map((x, i) => {
          nu[i] = rho * nu[i] + (1 - rho) * x * x;
          return (-lr * x) / (Math.sqrt(nu[i]) + eps);
        });
    });
    expectSamePath(train(optim.rmsprop(lr, { decay: rho, eps, epsInSqrt: false }), STEPS).path, expected);
  });

  it("rmsprop, centered: μ ← ρμ + (1−ρ)g, step −η·g/√(ν − μ² + ε)", () => {
    const [lr, rho, eps] = [0.01, 0.9, 1e-8];
    const expected = referencePath(() => {
      const nu = zeros();
      const mu = zeros();
      return (g) =>
        g.map((x, i) => {
          nu[i] = rho * nu[i] + (1 - rho) * x * x;
          mu[i] = rho * mu[i] + (1 - rho) * x;
          return (-lr * x) / Math.sqrt(nu[i] - mu[i] * mu[i] + eps);
        });
    });
    expectSamePath(train(optim.rmsprop(lr, { centered: true }), STEPS).path, expected);
  });

  it("rmsprop with momentum (on the scaled step): m ← −η·g/√(ν+ε) + β·m, p ← p + m", () => {
    const [lr, rho, eps, beta] = [0.01, 0.9, 1e-8, 0.9];
    const expected = referencePath(() => {
      const nu = zeros();
      const m = zeros();
      return (g) =>
        g.map((x, i) => {
          nu[i] = rho * nu[i] + (1 - rho) * x * x;
          return (m[i] = (-lr * x) / Math.sqrt(nu[i] + eps) + beta * m[i]);
        });
    });
    expectSamePath(train(optim.rmsprop(lr, { momentum: beta }), STEPS).path, expected);
  });

  it("rmsprop, centered, with Nesterov momentum", () => {
    const [lr, rho, eps, beta] = [0.02, 0.95, 1e-6, 0.5];
    const expected = referencePath(() => {
      const nu = zeros();
      const mu = zeros();
      const m = zeros();
      return (g) =>
        g.map((x, i) => {
          nu[i] = rho * nu[i] + (1 - rho) * x * x;
          mu[i] = rho * mu[i] + (1 - rho) * x;
          const step = (-lr * x) / Math.sqrt(nu[i] - mu[i] * mu[i] + eps);
          m[i] = step + beta * m[i];
          return step + beta * m[i];
        });
    });
    const opt = optim.rmsprop(lr, { decay: rho, eps, centered: true, momentum: beta, nesterov: true });
    expectSamePath(train(opt, STEPS).path, expected);
  });

  it("adam: m̂/(√v̂ + ε) with bias correction, ε outside the root", () => {
    const [lr, b1, b2, eps] = [0.1, 0.9, 0.999, 1e-8];
    const expected = referencePath(() => {
      const m = zeros();
      const v = zeros();
      return (g, _w, t) =>
        g.map((x, i) => {
          m[i] = b1 * m[i] + (1 - b1) * x;
          v[i] = b2 * v[i] + (1 - b2) * x * x;
          const mHat = m[i] / (1 - b1 ** t);
          const vHat = v[i] / (1 - b2 ** t);
          return (-lr * mHat) / (Math.sqrt(vHat) + eps);
        });
    });
    expectSamePath(train(optim.adam(lr), STEPS).path, expected);
  });

  it("adam with other hyper-parameters", () => {
    const [lr, b1, b2, eps] = [0.05, 0.5, 0.9, 1e-3];
    const expected = referencePath(() => {
      const m = zeros();
      const v = zeros();
      return (g, _w, t) =>
        g.map((x, i) => {
          m[i] = b1 * m[i] + (1 - b1) * x;
          v[i] = b2 * v[i] + (1 - b2) * x * x;
          return (-lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
        });
    });
    expectSamePath(train(optim.adam(lr, { b1, b2, eps }), STEPS).path, expected);
  });

  it("adamw with the default mask: p ← p − η·(m̂/(√v̂ + ε) + λ·p), biases not decayed", () => {
    const [lr, b1, b2, eps, wd] = [0.1, 0.9, 0.999, 1e-8, 0.3];
    // w = [W0, W1, b0]: the last entry is the bias `b`
    const decayed = [true, true, false];
    const expected = referencePath(() => {
      const m = zeros();
      const v = zeros();
      return (g, w, t) =>
        g.map((x, i) => {
          m[i] = b1 * m[i] + (1 - b1) * x;
          v[i] = b2 * v[i] + (1 - b2) * x * x;
          const adamStep = m[i] / (1 - b1 ** t) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
          return -lr * (adamStep + (decayed[i] ? wd * w[i] : 0));
        });
    });
    expectSamePath(train(optim.adamw(lr, { weightDecay: wd }), STEPS).path, expected);
  });

  it("adamw with a custom mask (decay the bias only)", () => {
    const [lr, b1, b2, eps, wd] = [0.1, 0.9, 0.999, 1e-8, 0.5];
    const decayed = [false, false, true];
    const expected = referencePath(() => {
      const m = zeros();
      const v = zeros();
      return (g, w, t) =>
        g.map((x, i) => {
          m[i] = b1 * m[i] + (1 - b1) * x;
          v[i] = b2 * v[i] + (1 - b2) * x * x;
          const adamStep = m[i] / (1 - b1 ** t) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
          return -lr * (adamStep + (decayed[i] ? wd * w[i] : 0));
        });
    });
    expectSamePath(train(optim.adamw(lr, { weightDecay: wd, mask: { W: false, b: true } }), STEPS).path, expected);
    const byPath = optim.maskByPath((path) => path === ".b");
    expectSamePath(train(optim.adamw(lr, { weightDecay: wd, mask: byPath }), STEPS).path, expected);
  });

  it("sgd with a schedule: the rate at step t is schedule(t), from t = 0", () => {
    const schedule = optim.exponentialDecay(0.1, 2, 0.5);
    const expected = referencePath(() => (g, _w, t) => g.map((x) => -schedule(t - 1).item() * x));
    const run = train(optim.sgd(schedule), STEPS);
    expectSamePath(run.path, expected);
    const state = run.state as readonly [unknown, optim.ScaleByLearningRateState];
    expect(stateValues(state[1])).toEqual({ count: STEPS, learningRate: schedule(STEPS).item() });
  });

  it("clipByGlobalNorm then sgd: g·c/max(‖g‖, c)", () => {
    const [lr, c] = [0.1, 1];
    const expected = referencePath(() => (g) => {
      const n = Math.hypot(...g);
      return g.map((x) => -lr * ((x * c) / Math.max(n, c)));
    });
    expectSamePath(train(optim.chain(optim.clipByGlobalNorm(c), optim.sgd(lr)), STEPS).path, expected);
  });
});
