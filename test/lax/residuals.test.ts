/**
 * What reverse mode through a loop or a conditional saves: residuals computed from a
 * scan's constants alone are computed once outside the loop, not stacked per step; a
 * conditional's backward branches read the residuals of the forward branch instead of
 * recomputing it. Values and gradients are unchanged.
 */
import { describe, expect, it } from "vitest";
import {
  add,
  greater,
  grad,
  jit,
  lax,
  makeJaxpr,
  matmul,
  mul,
  neg,
  reshape,
  scalar,
  sin,
  slice,
  sum,
  tanh,
  tensor,
  transpose,
  zeros,
  type Tensor,
} from "../../src/index";
import type { Jaxpr } from "../../src/index";

const w = tensor(
  [
    [0.3, -0.2, 0.1],
    [0.05, 0.4, -0.3],
    [0.2, 0.1, 0.25],
  ],
  "float64",
);
const xs = tensor(
  [
    [1, 0, -1],
    [0.5, 0.5, 0],
    [-1, 2, 1],
    [0, 0.25, 0.5],
    [1, 1, 1],
  ],
  "float64",
);

/** h ← tanh(h·(2w)ᵀ + x): the body computes (2w)ᵀ from the constant w. */
const scanned = (v: Tensor) => {
  const step = (h: Tensor, x: Tensor) => [tanh(add(matmul(h, transpose(mul(v, 2))), x)), null] as const;
  return sum(lax.scan(step, zeros([3], "float64"), xs)[0]);
};

const unrolled = (v: Tensor) => {
  let h: Tensor = zeros([3], "float64");
  for (let t = 0; t < 5; t++) h = tanh(add(matmul(h, transpose(mul(v, 2))), reshape(slice(xs, [t], [t + 1]), [3])));
  return sum(h);
};

/** The output shapes of every scan equation of a program (top level). */
const scanOutputShapes = (jaxpr: Jaxpr): number[][][] =>
  jaxpr.eqns
    .filter((e) => e.kind === "higherOrder" && e.primitive.name === "scan")
    .map((e) => (e.kind === "higherOrder" ? e.outs.map((v) => [...v.aval.shape]) : []));

describe("scan residuals", () => {
  it("a value computed from the constants alone is not stacked by the forward scan", () => {
    const [forward] = scanOutputShapes(makeJaxpr(grad(scanned))(w));
    expect(forward.some((s) => s.length === 3 && s[1] === 3 && s[2] === 3)).toBe(false);
    expect(forward.some((s) => s.length === 2 && s[0] === 5 && s[1] === 3)).toBe(true); // the carries are stacked
  });

  it("the gradient equals the unrolled loop's, eagerly and under jit", () => {
    const expected = Array.from(grad(unrolled)(w).data());
    const eager = Array.from(grad(scanned)(w).data());
    const jitted = Array.from(jit(grad(scanned))(w).data());
    eager.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
    jitted.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
  });
});

describe("cond residuals", () => {
  const f = (x: Tensor) =>
    lax.cond(
      greater(x, 0),
      (v: Tensor) => mul(sin(v), v),
      (v: Tensor) => neg(v),
      x,
    );

  it("the backward branches read residuals and recompute nothing of the forward branch", () => {
    const conds = makeJaxpr(grad(f))(scalar(0.5)).eqns.filter((e) => e.kind === "higherOrder" && e.primitive.name === "cond");
    expect(conds).toHaveLength(2);
    const backward = conds[1].params as { readonly branches: readonly Jaxpr[] };
    const ops = backward.branches.flatMap((b) => b.eqns.map((e) => (e.kind === "primitive" ? e.primitive : e.primitive.name)));
    expect(ops).not.toContain("sin");
    expect(ops).not.toContain("cos");
  });

  it("gradients are the taken branch's: sin(x)·x + x·cos(x) for x > 0, −1 otherwise", () => {
    for (const x of [0.5, 2, -1, -0.25]) {
      const expected = x > 0 ? Math.sin(x) + x * Math.cos(x) : -1;
      expect(grad(f)(scalar(x, "float64")).item()).toBeCloseTo(expected, 12);
      expect(jit(grad(f))(scalar(x, "float64")).item()).toBeCloseTo(expected, 12);
      expect(grad(grad(f))(scalar(x, "float64")).item()).toBeCloseTo(x > 0 ? 2 * Math.cos(x) - x * Math.sin(x) : 0, 12);
    }
  });
});
