/**
 * checkpoint(f) ≡ f: value, jvp, vjp, grad of grad (against grad∘grad of f and against
 * finite differences of the gradient); as a scan body (the scan's gradient equals the
 * one without checkpoint); under jit and vmap; and the program of its gradient holds a
 * `checkpoint` equation that recomputes the forward pass instead of saving residuals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, checkpoint, exp, grad, jit, lax, makeJaxpr, matmul, mul, sin, sum, tanh, vmap, zeros, type Tensor } from "../../src/index";
import {
  arbTensor,
  checkLaw,
  checkpointPreservesFunction,
  functionsAgree,
  randomTensorLike,
  randomTensorsLike,
  secondDerivativeMatchesFiniteDifferences,
  type LawResult,
} from "../../laws/index";
import { FEW_RUNS, RUNS, eqnNames, expectLaw, perExample, seedOf, withSeed } from "./helpers";

function run<A>(name: string, arb: fc.Arbitrary<A>, law: (a: A) => LawResult, numRuns = RUNS): void {
  checkLaw(arb, law, { numRuns, seed: seedOf(name), subject: name });
}

/** A cell with intermediates worth recomputing. */
const cell = (h: Tensor, x: Tensor, w: Tensor) => tanh(add(matmul(h, w), mul(sin(x), exp(mul(h, 0.3)))));
const loss = (h: Tensor, x: Tensor, w: Tensor) => sum(mul(cell(h, x, w), cell(x, h, w)));
const checkpointed = checkpoint(cell);
const lossCk = (h: Tensor, x: Tensor, w: Tensor) => sum(mul(checkpointed(h, x, w), checkpointed(x, h, w)));
const inputs = withSeed(fc.tuple(arbTensor([3], { min: -1, max: 1 }), arbTensor([3], { min: -1, max: 1 }), arbTensor([3, 3], { min: -1, max: 1 })));

describe("checkpoint(f) ≡ f", () => {
  it("value, jvp, vjp", () => {
    run("checkpoint", inputs, ([[h, x, w], seed]) => checkpointPreservesFunction(cell, [h, x, w], { seed }));
  });

  it("pytree arguments and outputs", () => {
    const f = (p: { readonly w: Tensor; readonly b: Tensor }, xs: readonly [Tensor, Tensor]) => ({
      y: tanh(add(matmul(xs[0], p.w), p.b)),
      z: [sum(mul(xs[1], p.b))],
    });
    run("checkpoint pytree", inputs, ([[h, x, w], seed]) => checkpointPreservesFunction(f, [{ w, b: x }, [h, x] as const], { seed }));
  });

  it("grad of grad: grad(checkpoint f) ≡ grad f in value, jvp and vjp (second order)", () => {
    const argnums = [0, 1, 2] as const;
    run(
      "checkpoint grad grad",
      inputs,
      ([[h, x, w], seed]) => functionsAgree(grad(lossCk, { argnums }), grad(loss, { argnums }), [h, x, w], { seed }),
      FEW_RUNS,
    );
  });

  it("grad∘grad of a checkpointed function against finite differences of its grad", () => {
    run(
      "checkpoint fd second order",
      inputs,
      ([[h, x, w], seed]) => secondDerivativeMatchesFiniteDifferences(lossCk, [h, x, w], randomTensorsLike([h, x, w] as const, seed)),
      FEW_RUNS,
    );
  });

  it("nested checkpoints", () => {
    const inner = checkpoint((a: Tensor) => sin(mul(a, a)));
    const outer = checkpoint((a: Tensor, w: Tensor) => matmul(inner(a), w));
    const plain = (a: Tensor, w: Tensor) => matmul(sin(mul(a, a)), w);
    run("checkpoint nested", inputs, ([[h, , w], seed]) => functionsAgree(outer, plain, [h, w], { seed }));
  });
});

describe("checkpoint as a scan body", () => {
  const L = 5;
  const scanLoss = (body: (h: Tensor, x: Tensor, w: Tensor) => Tensor) => (w: Tensor, h0: Tensor, xs: Tensor) => {
    const [h, ys] = lax.scan(
      (c: Tensor, x: Tensor) => {
        const n = body(c, x, w);
        return [n, sum(n)] as const;
      },
      h0,
      xs,
    );
    return add(sum(mul(h, h)), sum(ys));
  };
  const scanInputs = withSeed(fc.tuple(arbTensor([3, 3], { min: -1, max: 1 }), arbTensor([3], { min: -1, max: 1 }), arbTensor([L, 3], { min: -1, max: 1 })));

  it("the scan's gradient (weights, init, xs) equals the one without checkpoint; so do their derivatives", () => {
    const argnums = [0, 1, 2] as const;
    run(
      "scan checkpoint grad",
      scanInputs,
      ([[w, h0, xs], seed]) => functionsAgree(grad(scanLoss(checkpointed), { argnums }), grad(scanLoss(cell), { argnums }), [w, h0, xs], { seed }),
      FEW_RUNS,
    );
  });

  it("the scan itself is unchanged (value, jvp, vjp), forward and reverse", () => {
    const f = (body: typeof cell, reverse: boolean) => (w: Tensor, h0: Tensor, xs: Tensor) =>
      lax.scan((c: Tensor, x: Tensor) => [body(c, x, w), c] as const, h0, xs, { reverse });
    run("scan checkpoint", scanInputs, ([[w, h0, xs], seed]) => {
      const a = functionsAgree(f(checkpointed, false), f(cell, false), [w, h0, xs], { seed });
      return a.ok ? functionsAgree(f(checkpointed, true), f(cell, true), [w, h0, xs], { seed }) : a;
    });
  });

  it("a checkpointed body closing over the weights", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 1);
    const h0 = randomTensorLike(zeros([3], "float64"), 2);
    const xs = randomTensorLike(zeros([L, 3], "float64"), 3);
    const closed = checkpoint((h: Tensor, x: Tensor) => cell(h, x, w));
    const viaClosure = (h: Tensor, s: Tensor) => sum(lax.scan((c: Tensor, x: Tensor) => [closed(c, x), null] as const, h, s)[0]);
    const plain = (h: Tensor, s: Tensor) => sum(lax.scan((c: Tensor, x: Tensor) => [cell(c, x, w), null] as const, h, s)[0]);
    expectLaw(functionsAgree(grad(viaClosure, { argnums: [0, 1] }), grad(plain, { argnums: [0, 1] }), [h0, xs]));
  });
});

describe("checkpoint under jit and vmap", () => {
  it("jit(checkpoint f) ≡ f, grad(jit(checkpoint f)) ≡ grad f", () => {
    const compiled = jit(checkpointed);
    const gradJit = grad(jit(lossCk), { argnums: [0, 1, 2] });
    const gradPlain = grad(loss, { argnums: [0, 1, 2] });
    run("jit checkpoint", inputs, ([[h, x, w], seed]) => {
      const a = functionsAgree(compiled, cell, [h, x, w], { seed });
      return a.ok ? functionsAgree(gradJit, gradPlain, [h, x, w], { seed, mode: "value" }) : a;
    });
  });

  it("checkpoint inside jit ≡ without, grad included", () => {
    const inside = jit((h: Tensor, x: Tensor, w: Tensor) => grad(lossCk)(h, x, w));
    run("checkpoint inside jit", inputs, ([[h, x, w], seed]) => functionsAgree(inside, grad(loss), [h, x, w], { seed }));
  });

  it("vmap(checkpoint f) ≡ the per-example loop; vmap(grad) too", () => {
    const B = 3;
    const arb = withSeed(fc.tuple(arbTensor([B, 3], { min: -1, max: 1 }), arbTensor([B, 3], { min: -1, max: 1 }), arbTensor([3, 3], { min: -1, max: 1 })));
    const axes = [0, 0, null] as const;
    const g = grad(lossCk, { argnums: [0, 2] });
    run("vmap checkpoint", arb, ([[hs, xs, w], seed]) => {
      const a = functionsAgree(vmap(checkpointed, { inAxes: axes }), perExample(cell, axes), [hs, xs, w], { seed });
      return a.ok ? functionsAgree(vmap(g, { inAxes: axes }), perExample(grad(loss, { argnums: [0, 2] }), axes), [hs, xs, w], { seed, mode: "value" }) : a;
    });
  });
});

describe("the program of a checkpointed gradient", () => {
  const f = checkpoint((x: Tensor) => sum(sin(sin(x))));
  const x = randomTensorLike(zeros([4], "float64"), 1);

  it("holds checkpoint equations (the forward call and its recomputing vjp)", () => {
    const program = makeJaxpr(grad(f))(x);
    const top = program.eqns.map((e) => (e.kind === "primitive" ? e.primitive : e.primitive.name));
    expect(top.filter((n) => n === "checkpoint").length).toBeGreaterThanOrEqual(1);
    expect(String(program)).toContain("checkpoint");
  });

  it("the backward call takes only the inputs and the cotangent, and recomputes the forward ops", () => {
    const program = makeJaxpr(grad(f))(x);
    const calls = program.eqns.filter((e) => e.kind === "higherOrder" && e.primitive.name === "checkpoint");
    const backward = calls[calls.length - 1];
    // x and the scalar cotangent: no saved intermediates (sin x) flow in.
    expect(backward.inputs.length).toBe(2);
    const inner = eqnNames((backward.params as { jaxpr: Parameters<typeof eqnNames>[0] }).jaxpr);
    expect(inner.filter((n) => n === "sin").length).toBe(2);
    expect(inner).toContain("cos");
  });

  it("without checkpoint, the gradient has no checkpoint equation", () => {
    expect(eqnNames(makeJaxpr(grad((v: Tensor) => sum(sin(sin(v)))))(x))).not.toContain("checkpoint");
  });
});
