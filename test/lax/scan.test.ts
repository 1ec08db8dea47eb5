/**
 * lax.scan against its unrolled loop (value, jvp, vjp; forward and reverse; pytree carry
 * and xs; no xs; length 0), against finite differences (first and second order), and
 * under the other transforms: jit(scan) ≡ scan, grad(jit f) ≡ grad f, vmap ≡ the
 * per-example loop (batched xs, init or weights), vmap(grad f) ≡ per-example grads; its
 * program does not grow with its length; integer carries.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, astype, grad, jit, lax, makeJaxpr, matmul, mul, scalar, sigmoid, stack, sub, sum, tanh, tensor, vmap, zeros, type Tensor } from "../../src/index";
import {
  arbTensor,
  checkLaw,
  functionsAgree,
  randomTensorLike,
  randomTensorsLike,
  scanMatchesUnrolled,
  secondDerivativeMatchesFiniteDifferences,
  vjpMatchesFiniteDifferences,
  type LawResult,
} from "../../laws/index";
import { FEW_RUNS, RUNS, expectLaw, perExample, seedOf, totalEqns, withSeed } from "./helpers";

const H = 3;
const L = 4;

/** The RNN step tanh(h·W + x), y = the new state. */
const rnnBody = (h: Tensor, x: Tensor, w: Tensor) => {
  const n = tanh(add(matmul(h, w), x));
  return [n, n] as const;
};

/** A scalar loss of the RNN's final state and outputs. */
const rnnLoss = (w: Tensor, h0: Tensor, xs: Tensor): Tensor => {
  const [h, ys] = lax.scan((c: Tensor, x: Tensor) => rnnBody(c, x, w), h0, xs);
  return add(sum(mul(h, h)), mul(0.5, sum(ys)));
};

/** The RNN's [final state, outputs]. */
const rnnRun = (w: Tensor, h0: Tensor, xs: Tensor) => lax.scan((c: Tensor, x: Tensor) => rnnBody(c, x, w), h0, xs);

/** Weights W[H,H], h0[H], xs[L,H], and a direction seed. */
const rnnInputs = withSeed(fc.tuple(arbTensor([H, H], { min: -1, max: 1 }), arbTensor([H], { min: -1, max: 1 }), arbTensor([L, H], { min: -2, max: 2 })));

function run<A>(name: string, arb: fc.Arbitrary<A>, law: (a: A) => LawResult, numRuns = RUNS): void {
  checkLaw(arb, law, { numRuns, seed: seedOf(name), subject: name });
}

/** An LSTM-like cell with a pytree carry {h, c}, pytree xs {u, v} and pytree weights. */
type Carry = { readonly h: Tensor; readonly c: Tensor };
type Xs = { readonly u: Tensor; readonly v: Tensor };
type Weights = { readonly wi: Tensor; readonly wg: Tensor };
const lstmBody = (carry: Carry, x: Xs, p: Weights) => {
  const gate = sigmoid(add(matmul(carry.h, p.wi), x.u));
  const cand = tanh(add(matmul(carry.h, p.wg), mul(x.v, 0.5)));
  const c = add(mul(carry.c, gate), mul(sub(1, gate), cand));
  const h = mul(tanh(c), gate);
  return [
    { h, c },
    { h, total: sum(c) },
  ] as const;
};
const lstmInputs = withSeed(
  fc.record({
    carry: fc.record({ h: arbTensor([2], { min: -1, max: 1 }), c: arbTensor([2], { min: -1, max: 1 }) }),
    xs: fc.record({ u: arbTensor([L, 2]), v: arbTensor([L]) }),
    p: fc.record({ wi: arbTensor([2, 2], { min: -1, max: 1 }), wg: arbTensor([2, 2], { min: -1, max: 1 }) }),
  }),
);

describe("scan ≡ the unrolled loop (value, jvp, vjp w.r.t. init, xs and the closed-over weights)", () => {
  it("RNN body tanh(h·W + x)", () => {
    run("scan rnn", rnnInputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(rnnBody, h0, xs, { params: w, seed }));
  });

  it("RNN body, reverse: true", () => {
    run("scan rnn reverse", rnnInputs, ([[w, h0, xs], seed]) => scanMatchesUnrolled(rnnBody, h0, xs, { params: w, seed, reverse: true }));
  });

  it("pytree carry {h, c}, pytree xs {u, v}, pytree ys and weights", () => {
    run("scan lstm", lstmInputs, ([{ carry, xs, p }, seed]) => scanMatchesUnrolled(lstmBody, carry, xs, { params: p, seed }));
  });

  it("pytree carry, reverse: true", () => {
    run("scan lstm reverse", lstmInputs, ([{ carry, xs, p }, seed]) => scanMatchesUnrolled(lstmBody, carry, xs, { params: p, seed, reverse: true }));
  });

  it("unroll (dividing the length or not, larger than it; forward and reverse) changes nothing", () => {
    const unrolls = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.boolean());
    run("scan unroll", fc.tuple(rnnInputs, unrolls), ([[[w, h0, xs], seed], [unroll, reverse]]) =>
      scanMatchesUnrolled(rnnBody, h0, xs, { params: w, seed, unroll, reverse }),
    );
    run("scan unroll pytree", fc.tuple(lstmInputs, unrolls), ([[{ carry, xs, p }, seed], [unroll, reverse]]) =>
      scanMatchesUnrolled(lstmBody, carry, xs, { params: p, seed, unroll, reverse }),
    );
  });

  it("xs null with options.length (and ys null or a tensor)", () => {
    run("scan no xs", rnnInputs, ([[w, h0], seed]) => {
      const decay = (h: Tensor, _x: null, v: Tensor) => [tanh(matmul(h, v)), sum(h)] as const;
      const noYs = (h: Tensor, _x: null, v: Tensor) => [tanh(matmul(h, v)), null] as const;
      const a = scanMatchesUnrolled(decay, h0, null, { params: w, seed, length: 5 });
      return a.ok ? scanMatchesUnrolled(noYs, h0, null, { params: w, seed, length: 3, reverse: true }) : a;
    });
  });

  it("length 0: the carry is init, the ys are empty, and d carry / d init is the identity", () => {
    const w = randomTensorLike(zeros([H, H], "float64"), 1);
    const h0 = tensor([0.5, -1, 2], "float64");
    const xs = zeros([0, H], "float64");
    expectLaw(scanMatchesUnrolled(rnnBody, h0, xs, { params: w, seed: 3 }));
    expectLaw(
      scanMatchesUnrolled((h: Tensor, _x: null, v: Tensor) => [tanh(matmul(h, v)), { s: sum(h) }] as const, h0, null, { params: w, length: 0, reverse: true }),
    );
    const [h, ys] = rnnRun(w, h0, xs);
    expect(Array.from(h.data())).toEqual([0.5, -1, 2]);
    expect(ys.shape).toEqual([0, H]);
    expect(ys.dtype).toBe("float64");
    const [gw, gh] = grad((v: Tensor, u: Tensor) => sum(rnnRun(v, u, xs)[0]), { argnums: [0, 1] })(w, h0);
    expect(Array.from(gh.data())).toEqual([1, 1, 1]);
    expect(Array.from(gw.data())).toEqual(new Array(H * H).fill(0));
  });

  it("lax.map ≡ the per-row loop", () => {
    run("lax.map", withSeed(arbTensor([L, H])), ([xs, seed]) => scanMatchesUnrolled((c: null, x: Tensor) => [c, tanh(mul(x, x))] as const, null, xs, { seed }));
    const rows = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      "float64",
    );
    expect(Array.from(lax.map((r: Tensor) => sum(mul(r, r)), rows).data())).toEqual([5, 25, 61]);
  });
});

describe("scan's derivatives against finite differences", () => {
  it("grad w.r.t. the closed-over weights, init and xs", () => {
    run("scan fd grad", rnnInputs, ([[w, h0, xs], seed]) => vjpMatchesFiniteDifferences(rnnLoss, [w, h0, xs], randomTensorLike(scalar(0, "float64"), seed)));
  });

  it("grad w.r.t. a pytree carry and pytree weights", () => {
    const loss = (p: Weights, carry: Carry, xs: Xs) => {
      const [last, ys] = lax.scan((c: Carry, x: Xs) => lstmBody(c, x, p), carry, xs);
      return add(sum(mul(last.h, last.c)), sum(mul(ys.total, ys.total)));
    };
    run("scan fd grad pytree", lstmInputs, ([{ carry, xs, p }, seed]) =>
      vjpMatchesFiniteDifferences(
        (wi: Tensor, wg: Tensor, h: Tensor, c: Tensor, u: Tensor, v: Tensor) => loss({ wi, wg }, { h, c }, { u, v }),
        [p.wi, p.wg, carry.h, carry.c, xs.u, xs.v],
        randomTensorLike(scalar(0, "float64"), seed),
      ),
    );
  });

  it("grad∘grad (H·v) against finite differences of grad, forward and reverse scans", () => {
    const reversed = (w: Tensor, h0: Tensor, xs: Tensor): Tensor => {
      const [h, ys] = lax.scan((c: Tensor, x: Tensor) => rnnBody(c, x, w), h0, xs, { reverse: true });
      return add(sum(mul(h, h)), sum(mul(ys, ys)));
    };
    run(
      "scan second order",
      rnnInputs,
      ([[w, h0, xs], seed]) => {
        const directions = randomTensorsLike([w, h0, xs] as const, seed);
        const a = secondDerivativeMatchesFiniteDifferences(rnnLoss, [w, h0, xs], directions);
        return a.ok ? secondDerivativeMatchesFiniteDifferences(reversed, [w, h0, xs], directions) : a;
      },
      FEW_RUNS,
    );
  });
});

describe("scan under jit and vmap", () => {
  it("jit(scan) ≡ scan (value, jvp, vjp)", () => {
    const compiled = jit(rnnRun);
    run("jit scan", rnnInputs, ([[w, h0, xs], seed]) => functionsAgree(compiled, rnnRun, [w, h0, xs], { seed }));
  });

  it("grad(jit f) ≡ grad f, and their derivatives (second order) agree", () => {
    const argnums = [0, 1, 2] as const;
    const viaJit = grad(jit(rnnLoss), { argnums });
    const plain = grad(rnnLoss, { argnums });
    run("grad jit scan", rnnInputs, ([[w, h0, xs], seed]) => functionsAgree(viaJit, plain, [w, h0, xs], { seed }), FEW_RUNS);
  });

  it("unrolled under jit, grad and vmap ≡ not unrolled", () => {
    const f = (unroll: number) => (w: Tensor, h0: Tensor, xs: Tensor) => {
      const [h, ys] = lax.scan((c: Tensor, x: Tensor) => rnnBody(c, x, w), h0, xs, { unroll, reverse: unroll % 2 === 0 });
      return add(sum(mul(h, h)), sum(ys));
    };
    const argnums = [0, 1, 2] as const;
    run(
      "scan unroll transforms",
      rnnInputs,
      ([[w, h0, xs], seed]) => {
        const a = functionsAgree(jit(grad(f(3), { argnums })), grad(f(1), { argnums }), [w, h0, xs], { seed });
        const xsB = stack([xs, mul(xs, 0.5)]);
        return a.ok ? functionsAgree(vmap(f(2), { inAxes: [null, null, 0] }), perExample(f(2), [null, null, 0]), [w, h0, xsB], { seed }) : a;
      },
      FEW_RUNS,
    );
  });

  it("jit of a pytree scan ≡ the scan", () => {
    const f = (p: Weights, carry: Carry, xs: Xs) => lax.scan((c: Carry, x: Xs) => lstmBody(c, x, p), carry, xs, { reverse: true });
    const compiled = jit(f);
    run("jit lstm", lstmInputs, ([{ carry, xs, p }, seed]) => functionsAgree(compiled, f, [p, carry, xs], { seed }));
  });

  const B = 3;
  const batchedInputs = withSeed(
    fc.tuple(
      arbTensor([B, H, H], { min: -1, max: 1 }),
      arbTensor([B, H], { min: -1, max: 1 }),
      arbTensor([B, L, H], { min: -2, max: 2 }),
      arbTensor([H, H], { min: -1, max: 1 }),
      arbTensor([H], { min: -1, max: 1 }),
      arbTensor([L, H], { min: -2, max: 2 }),
    ),
  );

  it("vmap over batched xs ≡ the per-example loop (value, jvp, vjp)", () => {
    const axes = [null, null, 0] as const;
    const batched = vmap(rnnRun, { inAxes: axes });
    const loop = perExample(rnnRun, axes);
    run("vmap scan xs", batchedInputs, ([[, , xsB, w, h0], seed]) => functionsAgree(batched, loop, [w, h0, xsB], { seed }));
  });

  it("vmap over a batched init ≡ the per-example loop", () => {
    const axes = [null, 0, null] as const;
    const batched = vmap(rnnRun, { inAxes: axes });
    const loop = perExample(rnnRun, axes);
    run("vmap scan init", batchedInputs, ([[, h0B, , w, , xs], seed]) => functionsAgree(batched, loop, [w, h0B, xs], { seed }));
  });

  it("vmap over batched closed-over weights ≡ the per-example loop", () => {
    const axes = [0, null, null] as const;
    const batched = vmap(rnnRun, { inAxes: axes });
    const loop = perExample(rnnRun, axes);
    run("vmap scan weights", batchedInputs, ([[wB, , , , h0, xs], seed]) => functionsAgree(batched, loop, [wB, h0, xs], { seed }));
  });

  it("vmap over everything, reverse scan ≡ the per-example loop", () => {
    const f = (w: Tensor, h0: Tensor, xs: Tensor) => lax.scan((c: Tensor, x: Tensor) => rnnBody(c, x, w), h0, xs, { reverse: true });
    const axes = [0, 0, 0] as const;
    run("vmap scan all reverse", batchedInputs, ([[wB, h0B, xsB], seed]) => functionsAgree(vmap(f), perExample(f, axes), [wB, h0B, xsB], { seed }));
  });

  it("vmap(grad f) ≡ the per-example grads (batched xs; batched weights)", () => {
    const g = grad(rnnLoss, { argnums: [0, 1, 2] });
    const overXs = [null, null, 0] as const;
    const overW = [0, null, null] as const;
    run(
      "vmap grad scan",
      batchedInputs,
      ([[wB, , xsB, w, h0, xs], seed]) => {
        const a = functionsAgree(vmap(g, { inAxes: overXs }), perExample(g, overXs), [w, h0, xsB], { seed, mode: "value" });
        return a.ok ? functionsAgree(vmap(g, { inAxes: overW }), perExample(g, overW), [wB, h0, xs], { seed, mode: "value" }) : a;
      },
      FEW_RUNS,
    );
  });
});

describe("scan stays a loop", () => {
  const w = randomTensorLike(zeros([H, H], "float64"), 5);
  const h0 = randomTensorLike(zeros([H], "float64"), 6);
  const xs8 = randomTensorLike(zeros([8, H], "float64"), 7);
  const xs512 = randomTensorLike(zeros([512, H], "float64"), 8);

  it("the program of jit(scan) has the same size for length 8 and 512", () => {
    const short = makeJaxpr(jit(rnnLoss))(w, h0, xs8);
    const long = makeJaxpr(jit(rnnLoss))(w, h0, xs512);
    expect(long.eqns.length).toBe(short.eqns.length);
    expect(totalEqns(long)).toBe(totalEqns(short));
    expect(String(long)).toContain("length=512");
  });

  it("so do the programs of grad(scan), grad(jit(scan)) and vmap(scan)", () => {
    const g = grad(rnnLoss, { argnums: [0, 1, 2] });
    expect(totalEqns(makeJaxpr(g)(w, h0, xs512))).toBe(totalEqns(makeJaxpr(g)(w, h0, xs8)));
    const gj = grad(jit(rnnLoss));
    expect(totalEqns(makeJaxpr(gj)(w, h0, xs512))).toBe(totalEqns(makeJaxpr(gj)(w, h0, xs8)));
    const v = vmap(rnnLoss, { inAxes: [null, 0, null] });
    const h0B = zeros([2, H], "float64");
    expect(totalEqns(makeJaxpr(v)(w, h0B, xs512))).toBe(totalEqns(makeJaxpr(v)(w, h0B, xs8)));
  });

  it("a 512-step scan differentiates (and agrees with jit)", () => {
    const g = grad(rnnLoss, { argnums: [1, 2] })(w, h0, xs512);
    const gj = grad(jit(rnnLoss), { argnums: [1, 2] })(w, h0, xs512);
    expectLaw(
      functionsAgree(
        () => g,
        () => gj,
        [],
        { mode: "value" },
      ),
    );
    expect(g[1].shape).toEqual([512, H]);
  });
});

describe("integer carries", () => {
  type Counted = { readonly n: Tensor; readonly s: Tensor };
  const body = (c: Counted, x: Tensor) => [{ n: add(c.n, scalar(1, "int32")), s: add(mul(c.s, 0.9), mul(x, astype(c.n, "float64"))) }, c.n] as const;
  const init: Counted = { n: scalar(0, "int32"), s: scalar(0, "float64") };

  it("an int32 counter in the carry counts the steps, and ys stack it", () => {
    const [last, ns] = lax.scan(body, init, tensor([1, 2, 3, 4], "float64"));
    expect(last.n.dtype).toBe("int32");
    expect(last.n.item()).toBe(4);
    expect(ns.dtype).toBe("int32");
    expect(Array.from(ns.data())).toEqual([0, 1, 2, 3]);
    const [back, nsBack] = lax.scan(body, init, tensor([1, 2, 3, 4], "float64"), { reverse: true });
    expect(back.n.item()).toBe(4);
    expect(Array.from(nsBack.data())).toEqual([3, 2, 1, 0]);
  });

  it("≡ the unrolled loop, the float part differentiated (int leaves held fixed)", () => {
    run("scan int counter", withSeed(fc.tuple(arbTensor([L]), arbTensor([]))), ([[xs, s0], seed]) =>
      scanMatchesUnrolled(body, { n: scalar(2, "int32"), s: s0 }, xs, { seed }),
    );
  });

  it("under jit and vmap", () => {
    const f = (xs: Tensor) => lax.scan(body, init, xs);
    const xsB = randomTensorLike(zeros([3, L], "float64"), 2);
    expectLaw(functionsAgree(jit(f), f, [randomTensorLike(zeros([L], "float64"), 1)]));
    expectLaw(functionsAgree(vmap(f), perExample(f, [0]), [xsB]));
    const [last] = vmap(f)(xsB);
    expect(Array.from(last.n.data())).toEqual([L, L, L]);
  });
});
