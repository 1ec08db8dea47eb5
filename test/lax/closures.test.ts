/**
 * Bodies and branches that compute from closed-over values alone (e.g. `mul(w, 0.5)` or
 * `sin(w)` inside a scan body, where `w` is differentiated or batched by an enclosing
 * transform): each must equal the same program with that computation hoisted out of the
 * body, in value, jvp and vjp, for scan, whileLoop, cond, checkpoint and an inner jit.
 *
 * Regression: an op whose inputs all belong to enclosing transforms used to go to those
 * transforms, whose rules then bound the primal op inside the body's (finished) staging
 * trace. The innermost staging trace now stages it, and the value becomes an input of
 * the body's program.
 */
import { describe, it } from "vitest";
import { add, checkpoint, grad, jit, jvp, lax, less, mul, scalar, sin, sum, tensor, vmap, type Tensor } from "../../src/index";
import { functionsAgree } from "../../laws/index";
import { expectLaw, perExample } from "./helpers";

const x0 = tensor([0.2, -0.4], "float64");
const w = scalar(0.7, "float64");
const ws = tensor([0.7, -0.3, 1.1], "float64");

/** value, jvp and vjp (grad) of `inside` and `hoisted` agree at w, and vmap of both agrees with the per-example loop. */
function closureLaw(inside: (w: Tensor) => Tensor, hoisted: (w: Tensor) => Tensor, reverse = true): void {
  expectLaw(functionsAgree(inside, hoisted, [w], { mode: "value" }));
  expectLaw(functionsAgree(inside, hoisted, [w], { mode: "jvp" }));
  if (reverse) expectLaw(functionsAgree(inside, hoisted, [w], { mode: "vjp" }));
  expectLaw(functionsAgree(vmap(inside), perExample(hoisted, [0]), [ws], { mode: "value" }));
}

describe("closed-over traced values used alone inside a body", () => {
  it("scan: sin(w) and mul(w, 0.5) inside the body", () => {
    const inside = (v: Tensor) => sum(lax.scan((c: Tensor, _x: null) => [add(mul(c, sin(v)), mul(v, 0.5)), null] as const, x0, null, { length: 3 })[0]);
    const hoisted = (v: Tensor) => {
      const s = sin(v);
      const h = mul(v, 0.5);
      return sum(lax.scan((c: Tensor, _x: null) => [add(mul(c, s), h), null] as const, x0, null, { length: 3 })[0]);
    };
    closureLaw(inside, hoisted);
  });

  it("whileLoop: mul(w, 0.01) inside the body (forward mode)", () => {
    const inside = (v: Tensor) =>
      sum(
        lax.whileLoop(
          (c: Tensor) => less(sum(c), 2),
          (c: Tensor) => add(mul(c, 1.5), mul(v, 0.01)),
          tensor([0.3, 0.3], "float64"),
        ),
      );
    const hoisted = (v: Tensor) => {
      const s = mul(v, 0.01);
      return sum(
        lax.whileLoop(
          (c: Tensor) => less(sum(c), 2),
          (c: Tensor) => add(mul(c, 1.5), s),
          tensor([0.3, 0.3], "float64"),
        ),
      );
    };
    closureLaw(inside, hoisted, false);
  });

  it("cond: sin(w) inside a branch", () => {
    const inside = (v: Tensor) =>
      lax.cond(
        true,
        (c: Tensor) => sum(mul(c, sin(v))),
        (c: Tensor) => sum(c),
        x0,
      );
    const hoisted = (v: Tensor) => {
      const s = sin(v);
      return lax.cond(
        true,
        (c: Tensor) => sum(mul(c, s)),
        (c: Tensor) => sum(c),
        x0,
      );
    };
    closureLaw(inside, hoisted);
  });

  it("checkpoint: sin(w) inside the checkpointed function", () => {
    const inside = (v: Tensor) => checkpoint((c: Tensor) => sum(mul(c, sin(v))))(x0);
    const hoisted = (v: Tensor) => sum(mul(x0, sin(v)));
    closureLaw(inside, hoisted);
  });

  it("jit inside grad: sin(w) inside the jitted function", () => {
    const inside = (v: Tensor) => jit((c: Tensor) => sum(mul(c, sin(v))))(x0);
    const hoisted = (v: Tensor) => sum(mul(x0, sin(v)));
    closureLaw(inside, hoisted);
  });

  it("minimal repro: grad of a scan whose body computes sin(w)", () => {
    const f = (v: Tensor) => sum(lax.scan((c: Tensor, _x: null) => [add(c, sin(v)), null] as const, x0, null, { length: 3 })[0]);
    // d/dw Σ (x0 + 3 sin w) = 2 · 3 cos w
    expectLaw(
      functionsAgree(
        () => grad(f)(w),
        () => scalar(6 * Math.cos(0.7), "float64"),
        [],
        { mode: "value" },
      ),
    );
    expectLaw(
      functionsAgree(
        () => jvp(f, [w], [scalar(1, "float64")])[1],
        () => scalar(6 * Math.cos(0.7), "float64"),
        [],
        { mode: "value" },
      ),
    );
  });
});
