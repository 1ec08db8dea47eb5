/**
 * The control-flow laws can fail, and say why: a wrong value, a wrong derivative (jvp
 * or vjp only), a different structure or dtype, an impure body that the scan traces once
 * but the unrolled loop runs every step, a loop that does not stop, misuse of the
 * predicates, and errors thrown by the function under test.
 */
import { describe, expect, it } from "vitest";
import { add, astype, cos, less, mul, scalar, sin, stopGradient, sum, tensor, type Tensor } from "../../src/index";
import {
  CHECKPOINT_PRESERVES_FUNCTION,
  COND_MATCHES_TAKEN_BRANCH,
  FUNCTIONS_AGREE,
  LOOP_MATCHES_JS,
  SCAN_MATCHES_UNROLLED,
  checkpointPreservesFunction,
  condMatchesTakenBranch,
  functionsAgree,
  loopMatchesJs,
  scanMatchesUnrolled,
  type LawFailure,
  type LawResult,
} from "../../laws/index";
import { expectLaw } from "./helpers";

const x = tensor([0.3, -0.8, 1.2], "float64");

function failure(r: LawResult): LawFailure {
  expect(r.ok).toBe(false);
  return r as LawFailure;
}

describe("functionsAgree fails on", () => {
  it("different values, naming the output and the numbers", () => {
    const f = failure(
      functionsAgree(
        (v: Tensor) => ({ y: sin(v) }),
        (v: Tensor) => ({ y: cos(v) }),
        [x],
      ),
    );
    expect(f.law).toBe(FUNCTIONS_AGREE);
    // The worst entry: sin(−0.8) against cos(−0.8).
    expect(f.message).toContain("output .y at [1]: the first function gives -0.717356, the second function gives 0.696707");
  });

  it("equal values with different derivatives: jvp and vjp fail, value passes", () => {
    const square = (v: Tensor) => mul(v, v);
    const frozen = (v: Tensor) => stopGradient(mul(v, v));
    expectLaw(functionsAgree(square, frozen, [x], { mode: "value" }));
    expect(failure(functionsAgree(square, frozen, [x], { mode: "jvp" })).message).toContain("jvp's tangent of output <root>");
    expect(failure(functionsAgree(square, frozen, [x], { mode: "vjp" })).message).toContain("vjp's cotangent of input [0]");
    expect(failure(functionsAgree(square, frozen, [x])).message).toContain("jvp's tangent");
  });

  it("different structures, dtypes or shapes", () => {
    expect(
      failure(
        functionsAgree(
          (v: Tensor) => ({ a: v }),
          (v: Tensor) => ({ b: v }),
          [x],
        ),
      ).message,
    ).toMatch(/\{a: \*\}.*\{b: \*\}/);
    expect(
      failure(
        functionsAgree(
          (v: Tensor) => v,
          (v: Tensor) => astype(v, "float32"),
          [x],
        ),
      ).message,
    ).toMatch(/dtype float64, expected float32/);
    expect(
      failure(
        functionsAgree(
          (v: Tensor) => v,
          (v: Tensor) => sum(v),
          [x],
        ),
      ).message,
    ).toMatch(/shape \[3\], expected \[\]/);
  });

  it("a function that throws", () => {
    const f = failure(
      functionsAgree(
        (_v: Tensor): Tensor => {
          throw new Error("boom");
        },
        (v: Tensor) => v,
        [x],
      ),
    );
    expect(f.message).toBe("threw: boom");
  });
});

describe("scanMatchesUnrolled fails on", () => {
  it("an impure body: scan traces it once, the unrolled loop runs it every step", () => {
    let calls = 0;
    const body = (c: Tensor, v: Tensor) => {
      calls += 1;
      const n = add(c, mul(v, calls));
      return [n, n] as const;
    };
    const f = failure(scanMatchesUnrolled(body, scalar(0, "float64"), x, { mode: "value" }));
    expect(f.law).toBe(SCAN_MATCHES_UNROLLED);
    expect(f.message).toMatch(/lax\.scan gives .* the unrolled loop gives/);
  });

  it("a body whose carry changes type (the scan's error, as a failure)", () => {
    const f = failure(scanMatchesUnrolled((c: Tensor, v: Tensor) => [astype(add(c, v), "float32"), null] as const, scalar(0, "float64"), x));
    expect(f.message).toMatch(/threw: scan: the body's carry .*float32\[\].*float64\[\]/);
  });
});

describe("loopMatchesJs fails on", () => {
  it("a fori body with a hidden JS counter", () => {
    let calls = 0;
    const body = (_i: Tensor<[]>, c: Tensor) => mul(c, (calls += 1));
    const f = failure(loopMatchesJs({ kind: "fori", lower: 0, upper: 3, body }, scalar(1, "float64"), { mode: "value" }));
    expect(f.law).toBe(LOOP_MATCHES_JS);
    expect(f.message).toMatch(/lax\.foriLoop gives .* the JS loop gives/);
  });

  it("a while loop that does not stop, and mode vjp on a while loop", () => {
    const forever = { kind: "while" as const, cond: (c: Tensor) => less(c, 10), body: (c: Tensor) => mul(c, 0.5) };
    expect(failure(loopMatchesJs(forever, scalar(1, "float64"), { maxSteps: 50 })).message).toMatch(/not stopped after 50 steps/);
    const fine = { kind: "while" as const, cond: (c: Tensor) => less(c, 10), body: (c: Tensor) => mul(c, 2) };
    expectLaw(loopMatchesJs(fine, scalar(1, "float64")));
    expect(failure(loopMatchesJs(fine, scalar(1, "float64"), { mode: "vjp" })).message).toMatch(/mode "vjp" does not apply to a while loop/);
  });
});

describe("condMatchesTakenBranch and checkpointPreservesFunction fail on", () => {
  it("a boolean selector with other than two branches", () => {
    const f = failure(condMatchesTakenBranch(true, [(v: Tensor) => v, (v: Tensor) => v, (v: Tensor) => v], [x]));
    expect(f.law).toBe(COND_MATCHES_TAKEN_BRANCH);
    expect(f.message).toMatch(/2 branches/);
  });

  it("branches of different types (lax.cond's error, as a failure)", () => {
    expect(failure(condMatchesTakenBranch(false, [(v: Tensor) => v, (v: Tensor) => astype(v, "float32")], [x])).message).toMatch(/threw: cond/);
  });

  it("a function that cannot be staged (reads its input's values)", () => {
    const f = failure(checkpointPreservesFunction((v: Tensor) => (v.item() > 0 ? v : mul(v, 2)), [scalar(1, "float64")]));
    expect(f.law).toBe(CHECKPOINT_PRESERVES_FUNCTION);
    expect(f.message).toMatch(/threw: .*cannot read the values/);
  });
});
