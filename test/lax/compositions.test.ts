/**
 * Control flow inside control flow, and second derivatives through it: nested scans, a
 * cond or switch inside a scan body (the switch index carried as int32), a scan inside a
 * cond branch, a whileLoop inside a scan body; Hessians through scan, cond, foriLoop and
 * checkpoint (jacfwd∘grad = jacrev∘grad = hessian = grad∘grad = jvp∘grad, symmetric);
 * vmap with inAxes/outAxes other than 0; and bodies with degenerate dependencies
 * (a carry leaf that never changes, ys made of constants, xs that are never read).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  astype,
  grad,
  greater,
  jacfwd,
  jit,
  lax,
  less,
  matmul,
  mul,
  scalar,
  sin,
  sum,
  tanh,
  tensor,
  transpose,
  vmap,
  zeros,
  type Tensor,
} from "../../src/index";
import {
  arbTensor,
  checkLaw,
  condMatchesTakenBranch,
  functionsAgree,
  hessianConsistency,
  hessianSymmetry,
  randomTensorLike,
  scanMatchesUnrolled,
  type LawResult,
} from "../../laws/index";
import { FEW_RUNS, RUNS, expectLaw, perExample, seedOf, withSeed } from "./helpers";

function run<A>(name: string, arb: fc.Arbitrary<A>, law: (a: A) => LawResult, numRuns = RUNS): void {
  checkLaw(arb, law, { numRuns, seed: seedOf(name), subject: name });
}

const L = 4;
const inputs = withSeed(fc.tuple(arbTensor([3, 3], { min: -1, max: 1 }), arbTensor([3], { min: -1, max: 1 }), arbTensor([L, 3], { min: -1, max: 1 })));
const rnn = (w: Tensor, h0: Tensor, xs: Tensor) => lax.scan((c: Tensor, x: Tensor) => [tanh(add(matmul(c, w), x)), c] as const, h0, xs);
const rnnLoss = (w: Tensor, h0: Tensor, xs: Tensor) => {
  const [h, ys] = rnn(w, h0, xs);
  return add(sum(mul(h, h)), sum(mul(ys, sin(ys))));
};

describe("control flow inside control flow ≡ unrolled (value, jvp, vjp)", () => {
  it("a scan inside a scan body", () => {
    const body = (c: Tensor, x: Tensor, w: Tensor) => {
      const [inner, trail] = lax.scan((d: Tensor, _: null) => [tanh(add(matmul(d, w), x)), sum(d)] as const, c, null, { length: 2 });
      return [inner, trail] as const;
    };
    run("nested scan", inputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(body, h0, xs, { params: w, seed }));
  });

  it("a cond inside a scan body, the predicate from the data", () => {
    const body = (c: Tensor, x: Tensor, w: Tensor) => {
      const n = lax.cond(
        greater(sum(x), 0),
        (u: Tensor) => tanh(matmul(u, w)),
        (u: Tensor) => sin(add(u, x)),
        c,
      );
      return [n, sum(n)] as const;
    };
    run("cond in scan", inputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(body, h0, xs, { params: w, seed }));
  });

  it("a switch inside a scan body, its index an int32 counter in the carry (clamped at both ends)", () => {
    type C = { readonly k: Tensor; readonly h: Tensor };
    const body = (c: C, x: Tensor, w: Tensor) => {
      const n = lax.switch(c.k, [(u: Tensor) => tanh(matmul(u, w)), (u: Tensor) => sin(add(u, x)), (u: Tensor) => mul(u, x)], c.h);
      return [{ k: add(c.k, scalar(1, "int32")), h: n }, n] as const;
    };
    run("switch in scan", inputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(body, { k: scalar(-1, "int32"), h: h0 }, xs, { params: w, seed }));
  });

  it("a scan inside a cond branch", () => {
    run("scan in cond", fc.tuple(inputs, fc.boolean()), ([[[w, h0, xs], seed], p]) =>
      condMatchesTakenBranch(
        p,
        [(h: Tensor, v: Tensor, s: Tensor): [Tensor, Tensor] => rnn(v, h, s), (h: Tensor, v: Tensor, s: Tensor): [Tensor, Tensor] => [matmul(h, v), mul(s, 2)]],
        [h0, w, xs],
        { seed },
      ),
    );
  });

  it("a whileLoop inside a scan body (value and jvp)", () => {
    const body = (c: Tensor, x: Tensor) => {
      const n = lax.whileLoop(
        (u: Tensor) => less(sum(u), 3),
        (u: Tensor) => add(mul(u, 1.5), x),
        mul(c, 0.1),
      );
      return [n, n] as const;
    };
    const arb = withSeed(fc.tuple(arbTensor([3], { min: 0.1, max: 1 }), arbTensor([L, 3], { min: 0.1, max: 0.5 })));
    run("while in scan", arb, ([[h0, xs], seed]) => {
      const a = scanMatchesUnrolled(body, h0, xs, { seed, mode: "value" });
      return a.ok ? scanMatchesUnrolled(body, h0, xs, { seed, mode: "jvp" }) : a;
    });
  });
});

describe("second derivatives through control flow agree with each other", () => {
  const v3 = randomTensorLike(zeros([3], "float64"), 9);

  it("scan: w.r.t. init and w.r.t. the closed-over weights; the Hessian w.r.t. xs is symmetric", () => {
    run(
      "scan hessian",
      inputs,
      ([[w, h0, xs], seed]) => {
        const a = hessianConsistency((h: Tensor) => rnnLoss(w, h, xs), h0, randomTensorLike(h0, seed));
        const b = () => hessianConsistency((v: Tensor) => rnnLoss(v, h0, xs), w, randomTensorLike(w, seed));
        return a.ok ? (b().ok ? hessianSymmetry((s: Tensor) => rnnLoss(w, h0, s), xs) : b()) : a;
      },
      FEW_RUNS,
    );
  });

  it("cond, foriLoop and checkpoint", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 3);
    const x = randomTensorLike(zeros([3], "float64"), 4);
    const viaCond = (u: Tensor) =>
      lax.cond(
        greater(sum(u), 0),
        (a: Tensor) => sum(mul(sin(a), a)),
        (a: Tensor) => sum(tanh(a)),
        u,
      );
    expectLaw(hessianConsistency(viaCond, x, v3));
    expectLaw(hessianConsistency(viaCond, mul(x, -1), v3));
    expectLaw(
      hessianConsistency((u: Tensor) => sum(lax.foriLoop(0, 3, (i: Tensor<[]>, c: Tensor) => tanh(add(matmul(c, w), astype(i, "float64"))), u)), x, v3),
    );
    expectLaw(hessianConsistency((u: Tensor) => lax.switch(2, [sum, (a: Tensor) => sum(sin(a)), (a: Tensor) => sum(mul(a, tanh(a)))], u), x, v3));
  });

  it("whileLoop: jacfwd∘jacfwd ≡ that of the same steps unrolled", () => {
    const loop = (u: Tensor) =>
      lax.whileLoop(
        (c: Tensor) => less(sum(c), 5),
        (c: Tensor) => mul(c, c),
        u,
      );
    const eighth = (u: Tensor) => {
      const a = mul(u, u);
      const b = mul(a, a);
      return mul(b, b);
    };
    // From [1.2, 1.1] the loop squares three times: u⁸.
    expectLaw(functionsAgree(jacfwd(jacfwd(loop)), jacfwd(jacfwd(eighth)), [tensor([1.2, 1.1], "float64")], { mode: "value" }));
  });
});

describe("vmap with other axes, and transforms in other orders", () => {
  it("inAxes 1 and outAxes 1 ≡ moving the axes by hand", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 1);
    const h0 = randomTensorLike(zeros([3], "float64"), 2);
    const xsB = randomTensorLike(zeros([2, L, 3], "float64"), 3);
    expectLaw(
      functionsAgree(
        (s: Tensor) => vmap(rnn, { inAxes: [null, null, 1] })(w, h0, s),
        (s: Tensor) => vmap(rnn, { inAxes: [null, null, 0] })(w, h0, transpose(s, [1, 0, 2])),
        [transpose(xsB, [1, 0, 2])],
      ),
    );
    expectLaw(
      functionsAgree(
        (s: Tensor) => vmap(rnn, { inAxes: [null, null, 0], outAxes: 1 })(w, h0, s)[1],
        (s: Tensor) => transpose(vmap(rnn, { inAxes: [null, null, 0] })(w, h0, s)[1], [1, 0, 2]),
        [xsB],
      ),
    );
  });

  it("vmap(jit(grad)) ≡ jit(vmap(grad)) ≡ per-example grads", () => {
    const g = grad(rnnLoss, { argnums: [0, 1] });
    const axes = [null, null, 0] as const;
    const arb = withSeed(fc.tuple(arbTensor([3, 3], { min: -1, max: 1 }), arbTensor([3], { min: -1, max: 1 }), arbTensor([2, L, 3], { min: -1, max: 1 })));
    run(
      "vmap jit grad",
      arb,
      ([[w, h0, xsB], seed]) => {
        const a = functionsAgree(vmap(jit(g), { inAxes: axes }), jit(vmap(g, { inAxes: axes })), [w, h0, xsB], { seed });
        return a.ok ? functionsAgree(jit(vmap(g, { inAxes: axes })), perExample(g, axes), [w, h0, xsB], { seed, mode: "value" }) : a;
      },
      FEW_RUNS,
    );
  });
});

describe("degenerate dependencies", () => {
  it("a carry leaf that never changes, ys made of the weights alone, an int32 constant", () => {
    const k = tensor([1, 2, 3], "int32");
    type C = { readonly a: Tensor; readonly b: Tensor };
    const body = (c: C, x: Tensor, w: Tensor) => [{ a: c.a, b: add(mul(matmul(c.b, w), astype(k, "float64")), x) }, [c.a, w]] as const;
    run("degenerate", inputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(body, { a: h0, b: mul(h0, 0.5) }, xs, { params: w, seed }));
  });

  it("xs that the body never reads get zero gradients", () => {
    const h0 = randomTensorLike(zeros([3], "float64"), 1);
    const xs = randomTensorLike(zeros([L, 3], "float64"), 2);
    const g = grad((s: Tensor) => sum(lax.scan((c: Tensor, _x: Tensor) => [mul(c, 2), c] as const, h0, s)[0]))(xs);
    expect(g.shape).toEqual([L, 3]);
    expect(Array.from(g.data())).toEqual(new Array(L * 3).fill(0));
  });
});
