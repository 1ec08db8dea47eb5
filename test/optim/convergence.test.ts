/**
 * Every optimizer decreases a convex quadratic f(w) = ½ wᵀAw − bᵀw (float64, 100 steps).
 */
import { describe, expect, it } from "vitest";
import * as optim from "../../src/optim";
import { F_STAR, quadValue, train, W0 } from "./helpers";

const cases: readonly (readonly [string, optim.GradientTransformation])[] = [
  ["sgd", optim.sgd(0.1)],
  ["momentum", optim.momentum(0.05, 0.9)],
  ["nesterov", optim.nesterov(0.05, 0.9)],
  ["adagrad", optim.adagrad(0.5)],
  ["rmsprop", optim.rmsprop(0.02)],
  ["rmsprop centered + momentum", optim.rmsprop(0.01, { centered: true, momentum: 0.9 })],
  ["adam", optim.adam(0.1)],
  ["adamw", optim.adamw(0.1, { weightDecay: 1e-3 })],
  ["sgd with cosine decay", optim.sgd(optim.cosineDecay(0.3, 100, 0.1))],
  ["adam with warm-up", optim.adam(optim.warmup(optim.constant(0.1), 10))],
  ["clip + adam", optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.1))],
];

describe("each optimizer decreases a convex quadratic", () => {
  it.each(cases)("%s: the gap to the minimum falls at least 1000-fold in 100 steps", (_name, opt) => {
    const { path } = train(opt, 100);
    const start = quadValue(W0) - F_STAR;
    const end = quadValue(path[path.length - 1]) - F_STAR;
    expect(start).toBeGreaterThan(1);
    expect(end).toBeGreaterThanOrEqual(-1e-9);
    expect(end).toBeLessThan(start / 1000);
  });

  it("sgd with a good step converges to the minimum", () => {
    const { path } = train(optim.sgd(0.3), 100);
    expect(quadValue(path[100]) - F_STAR).toBeLessThan(1e-10);
  });
});
