import { describe, expect, it } from "vitest";
import { customJvp, exp, grad, jit, jvp, linearize, mul, scalar, sigmoid, sin, softplus, sum, tensor, type Tensor } from "../../src/index";

const sp = customJvp(
  (x: Tensor) => softplus(x),
  ([x], [t]) => [softplus(x), mul(t, sigmoid(x))] as const,
);
const s = (v: number) => 1 / (1 + Math.exp(-v));

describe("customJvp", () => {
  it("uses its rule in forward mode", () => {
    expect(jvp(sp, [scalar(0.3, "float64")], [scalar(2, "float64")])[1].item()).toBeCloseTo(2 * s(0.3), 14);
  });
  it("derives reverse mode by transposing the rule, to any order", () => {
    expect(grad(sp)(scalar(0.3, "float64")).item()).toBeCloseTo(s(0.3), 14);
    expect(grad(grad(sp))(scalar(0.3, "float64")).item()).toBeCloseTo(s(0.3) * (1 - s(0.3)), 14);
    expect(grad(sp)(scalar(1000)).item()).toBe(1);
  });
  it("is traced as the plain function under jit", () => {
    expect(jit(sp)(scalar(0.3, "float64")).item()).toBe(softplus(scalar(0.3, "float64")).item());
  });
});

describe("linearize", () => {
  it("returns the value and the linear map at the point", () => {
    const [y, df] = linearize((x: Tensor) => sum(exp(x)), tensor([0, 1], "float64"));
    expect(y.item()).toBeCloseTo(1 + Math.E, 14);
    expect(df(tensor([1, 1], "float64")).item()).toBeCloseTo(1 + Math.E, 14);
    expect(df(tensor([2, 0], "float64")).item()).toBeCloseTo(2, 14);
    const [, dsin] = linearize((x: Tensor) => sin(x), scalar(0, "float64"));
    expect(dsin(scalar(3, "float64")).item()).toBe(3);
  });
});
