/**
 * Every law can fail: each predicate, given a deliberately broken function, answers a
 * failure naming the law with the numbers (a law that cannot fail proves nothing). The
 * broken functions use only public escape hatches: customVjp with a wrong bwd,
 * stopGradient, a function that looks at which transform traces it, hidden state.
 * (The gradient-monoid zero law has no such witness: only a library bug can break it.)
 */
import { describe, expect, it } from "vitest";
import { customVjp, mul, sin, stopGradient, sum, tensor, type Tensor } from "../../src/index";
import { JvpTracer } from "../../src/core/jvp";
import {
  assertLaw,
  broadcastGradient,
  chainRule,
  gradientAdditivity,
  hessianVectorSymmetry,
  jvpLinearity,
  jvpMatchesFiniteDifferences,
  LawError,
  productRule,
  purity,
  randomTensorLike,
  secondDerivativeMatchesFiniteDifferences,
  vjpJvpDuality,
  vjpLinearity,
  vjpMatchesFiniteDifferences,
  zeroDerivative,
  type LawResult,
} from "../../laws/index";

const x = tensor([0.3, -1.2, 0.7, 1.5], "float64");
const c1 = randomTensorLike(x, 1);
const c2 = randomTensorLike(x, 2);

/** A broken function's result must be a failure of the named law. */
function expectFailure(result: LawResult, law: string | RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  if (typeof law === "string") expect(result.law).toBe(law);
  else expect(result.law).toMatch(law);
  expect(result.message.length).toBeGreaterThan(0);
}

/** x ↦ 2x under jvp and 3x otherwise: forward and reverse mode disagree. */
const twoFaced = (u: Tensor): Tensor => (u instanceof JvpTracer ? mul(u, 2) : mul(u, 3));

/** Identity whose pullback squares the cotangent: not linear. */
const squaredPullback = customVjp(
  (u: Tensor) => mul(u, 1),
  (u: Tensor) => [mul(u, 1), null] as const,
  (_r: null, ct: Tensor) => [mul(ct, ct)],
);

/** sum(x²) whose "gradient" is sum(x)·w, so its second derivatives H[i][j] = w[i] are not symmetric. */
const asymmetric = customVjp(
  (u: Tensor) => sum(mul(u, u)),
  (u: Tensor) => [sum(mul(u, u)), u] as const,
  (u: Tensor, ct: Tensor) => [mul(mul(sum(u), tensor([1, 2, 3, 4], "float64")), ct)],
);

describe("each law fails on a broken function", () => {
  it("vjp agrees with finite differences: x · stopGradient(x)", () => {
    expectFailure(
      vjpMatchesFiniteDifferences((u: Tensor) => mul(u, stopGradient(u)), [x], c1),
      /vjp agrees/,
    );
  });
  it("jvp agrees with finite differences: x · stopGradient(x)", () => {
    expectFailure(
      jvpMatchesFiniteDifferences((u: Tensor) => mul(u, stopGradient(u)), [x], [c1]),
      /jvp agrees/,
    );
  });
  it("vjp/jvp duality: a function that is 2x under jvp and 3x under vjp", () => {
    expectFailure(vjpJvpDuality(twoFaced, [x], [c1], c2), /duality/);
  });
  it("vjp linearity: a pullback that squares the cotangent", () => {
    expectFailure(vjpLinearity(squaredPullback, [x], c1, c2, 2, -1), /vjp is linear/);
  });
  it("jvp linearity: a function whose tangent depends on hidden state", () => {
    let calls = 0;
    const drifting = (u: Tensor): Tensor => (u instanceof JvpTracer ? mul(u, ++calls) : u);
    expectFailure(jvpLinearity(drifting, [x], [c1], [c2], 1, 1), /jvp is linear/);
  });
  it("chain rule: the reverse composition of a function that changes under vjp", () => {
    let calls = 0;
    const g = (u: Tensor): Tensor => mul(u, ++calls);
    expectFailure(
      chainRule((y: Tensor) => sum(sin(y)), g, x),
      /chain rule/,
    );
  });
  it("product rule: a factor with hidden state (f changes between the calls the rule compares)", () => {
    let calls = 0;
    const f = (u: Tensor): Tensor => mul(u, ++calls);
    expectFailure(
      productRule(f, (u: Tensor) => sin(u), [x], [c1], c2),
      /product rule/,
    );
  });
  it("Hessian-vector symmetry: a gradient A·x with non-symmetric A", () => {
    expectFailure(hessianVectorSymmetry(asymmetric, [x], [c1], [c2]), /symmetric/);
  });
  it("second derivatives against finite differences of grad: a bwd whose own derivative is wrong", () => {
    const cube = customVjp(
      (u: Tensor) => sum(mul(u, mul(u, u))),
      (u: Tensor) => [sum(mul(u, mul(u, u))), u] as const,
      (u: Tensor, ct: Tensor) => [mul(mul(3, mul(u, stopGradient(u))), ct)],
    );
    expectFailure(secondDerivativeMatchesFiniteDifferences(cube, [x], [c1]), /finite differences of the gradient/);
  });
  it("broadcast gradient: a product whose customVjp forgets the factor b", () => {
    const scaled = customVjp(
      (a: Tensor, b: Tensor) => mul(a, b),
      (a: Tensor, b: Tensor) => [mul(a, b), [a, b] as const] as const,
      ([a]: readonly [Tensor, Tensor], ct: Tensor) => [ct, mul(a, 0)],
    );
    expectFailure(
      broadcastGradient(
        scaled,
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          "float64",
        ),
        tensor(
          [
            [0.5, -1],
            [2, 1],
          ],
          "float64",
        ),
      ),
      /broadcast/,
    );
  });
  it("purity: a function with hidden state gives different outputs for the same input", () => {
    let calls = 0;
    expectFailure(
      purity((u: Tensor) => mul(u, ++calls), [x]),
      /purity/,
    );
  });
  it("gradient add: ∇(f + g) against ∇f + ∇g with a stateful g", () => {
    let calls = 0;
    const g = (u: Tensor): Tensor => sum(mul(u, ++calls));
    expectFailure(
      gradientAdditivity((u: Tensor) => sum(sin(u)), g, [x]),
      /gradient monoid \(add\)/,
    );
  });
  it("zero derivative: sin is not piecewise constant", () => {
    expectFailure(
      zeroDerivative((u: Tensor) => sin(u), [x], c1, [c2]),
      /zero derivative/,
    );
  });
  it("assertLaw throws a LawError with the input and the numbers", () => {
    const result = vjpMatchesFiniteDifferences((u: Tensor) => mul(u, stopGradient(u)), [x], c1);
    expect(() => assertLaw(result, { x }, "x·sg(x)")).toThrow(LawError);
    expect(() => assertLaw(result, { x }, "x·sg(x)")).toThrow(
      /x·sg\(x\): law "vjp agrees with finite differences" failed\n {2}input: \{ x: float64\[4\] \[0\.3, -1\.2, 0\.7, 1\.5\] \}/,
    );
  });
});
