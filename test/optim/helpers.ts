/**
 * Shared helpers of the optimizer tests (not a test file): a convex quadratic in float64,
 * its gradient both through purediff and with plain numbers, and a training loop.
 */
import { expect } from "vitest";
import { concat, grad, mul, sub, sum, Tensor, tensor } from "../../src/index";
import { applyUpdates, type GradientTransformation, type UpdateExtra } from "../../src/optim";

/** A symmetric positive definite matrix. */
export const A: readonly (readonly number[])[] = [
  [3, 0.5, 0],
  [0.5, 2, 0.3],
  [0, 0.3, 1],
];
/** The linear term. */
export const B: readonly number[] = [1, -2, 0.5];

/** The parameters of the quadratic: w = [W0, W1, b0]. */
export interface QuadParams {
  readonly W: Tensor<[2]>;
  readonly b: Tensor<[1]>;
}

const At = tensor(A as number[][], "float64");
const Bt = tensor(B as number[], "float64");

/** The starting point of every run. */
export const W0: readonly number[] = [1.5, -1, 2];

/** Params of the quadratic holding `w` (float64). */
export function quadParams(w: readonly number[]): QuadParams {
  return { W: tensor([w[0], w[1]], "float64"), b: tensor([w[2]], "float64") };
}

/** The params as a plain vector `[W0, W1, b0]`. */
export function vectorOf(p: QuadParams): number[] {
  return [...(p.W.toArray() as number[]), ...(p.b.toArray() as number[])];
}

/** f(w) = ½ wᵀAw − bᵀw through purediff ops. */
export function quadLoss(p: QuadParams): Tensor<[]> {
  const w = concat([p.W, p.b]);
  const aw = sum(mul(At, w), 1);
  return sub(mul(sum(mul(w, aw)), 0.5), sum(mul(Bt, w))) as Tensor<[]>;
}

/** f(w) with plain numbers. */
export function quadValue(w: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < 3; i++) {
    let aw = 0;
    for (let j = 0; j < 3; j++) aw += A[i][j] * w[j];
    f += 0.5 * w[i] * aw - B[i] * w[i];
  }
  return f;
}

/** ∇f(w) = Aw − b with plain numbers. */
export function quadGrad(w: readonly number[]): number[] {
  return [0, 1, 2].map((i) => A[i][0] * w[0] + A[i][1] * w[1] + A[i][2] * w[2] - B[i]);
}

/** The minimum value f* = f(A⁻¹b) (found by plain gradient descent to convergence). */
export const F_STAR: number = (() => {
  let w = [0, 0, 0];
  for (let k = 0; k < 20000; k++) {
    const g = quadGrad(w);
    w = w.map((x, i) => x - 0.2 * g[i]);
  }
  return quadValue(w);
})();

/** The purediff gradient of f (params tree). */
export const quadGradTree = (p: QuadParams): QuadParams => grad(quadLoss)(p);

/** A training run: the params after each step (index 0 = start) and the final state. */
export function train(
  opt: GradientTransformation,
  steps: number,
  start: readonly number[] = W0,
  extra?: (step: number, p: QuadParams) => UpdateExtra,
): { readonly path: number[][]; readonly state: unknown } {
  let p = quadParams(start);
  let state: unknown = opt.init(p);
  const path = [vectorOf(p)];
  for (let k = 0; k < steps; k++) {
    const g = quadGradTree(p);
    const [u, s] = opt.update(g, state, p, extra?.(k, p));
    p = applyUpdates(p, u);
    state = s;
    path.push(vectorOf(p));
  }
  return { path, state };
}

/** Expects two vectors to agree to a relative 1e-12 (float64 rounding only). */
export function expectVectorClose(actual: readonly number[], expected: readonly number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = 1e-12 * Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

/**
 * A state with its tensors read out, for comparing states by value: scalar tensors
 * become numbers, other tensors nested arrays; containers keep their shape (objects and
 * arrays). `stateValues(adam.init(p)[1])` is `{ count: 0, learningRate: 0.1 }`.
 */
export function stateValues(state: unknown): unknown {
  if (state instanceof Tensor) return state.shape.length === 0 ? state.item() : state.toArray();
  if (Array.isArray(state)) return state.map(stateValues);
  if (typeof state === "object" && state !== null) {
    return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, stateValues(v)]));
  }
  return state;
}

/** The dtypes of a state's tensors, in the state's shape (other leaves as they are). */
export function stateDTypes(state: unknown): unknown {
  if (state instanceof Tensor) return state.dtype;
  if (Array.isArray(state)) return state.map(stateDTypes);
  if (typeof state === "object" && state !== null) {
    return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, stateDTypes(v)]));
  }
  return state;
}
