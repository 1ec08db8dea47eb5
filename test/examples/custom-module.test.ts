import { beforeAll, describe, expect, it } from "vitest";
import { grad, scalar, sum, tensor, type Tensor } from "../../src/index";
import { cosModule, run } from "../../examples/custom-module";

describe("examples/custom-module.ts: cos(θx) + π with customVjp", () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ log: () => {} });
  });

  it("the hand-written rule passes gradCheck for θ and x with tiny relative errors", () => {
    expect(r.right.passed).toBe(true);
    expect(r.right.thetaRelativeError).toBeLessThan(1e-6);
    expect(r.right.xRelativeError).toBeLessThan(1e-6);
  });

  it("the rule equals autodiff of the plain function and passes checkGrads to second order", () => {
    expect(r.agreementWithAutodiff).toBeLessThan(1e-12);
    expect(r.checkGradsPassed).toBe(true);
  });

  it("the rule is the deck's: ∂/∂x = −θ sin(θx), ∂/∂θ = −x sin(θx)", () => {
    const theta = scalar(2, "float64");
    const x = tensor([0.3], "float64");
    const [dTheta, dx] = grad((t: Tensor<[]>, v: Tensor) => sum(cosModule(t, v)), { argnums: [0, 1] })(theta, x);
    expect(dx.item()).toBeCloseTo(-2 * Math.sin(0.6), 12);
    expect(dTheta.item()).toBeCloseTo(-0.3 * Math.sin(0.6), 12);
  });

  it("a wrong rule (θ forgotten in backward_dx) is caught by gradCheck and by checkGrads", () => {
    expect(r.wrong.passed).toBe(false);
    expect(r.wrong.worstArgument).toBe(1);
    expect(r.wrong.maxRelativeError).toBeCloseTo(1 - 1 / 2.5, 6); // off by the factor θ = 2.5
    expect(r.wrongCaughtByCheckGrads).toBe(true);
    expect(r.wrongMessage).toContain("vjp agrees with finite differences");
  });
});
