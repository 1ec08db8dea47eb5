/**
 * lax.foriLoop and lax.whileLoop against JavaScript loops: foriLoop in value, jvp and
 * vjp with concrete bounds (numbers or concrete tensors, empty ranges included), in
 * value with traced bounds under jit; whileLoop in value and jvp, under vmap with a
 * batched predicate (each example stops at its own count), and reverse mode through it
 * is an error pointing to foriLoop / scan.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  astype,
  grad,
  greater,
  jit,
  jvp,
  lax,
  less,
  makeJaxpr,
  matmul,
  mul,
  scalar,
  sum,
  tanh,
  tensor,
  vjp,
  vmap,
  zeros,
  type Tensor,
} from "../../src/index";
import { allLaws, arbTensor, checkLaw, functionsAgree, loopMatchesJs, randomTensorLike, type LawResult } from "../../laws/index";
import { RUNS, eqnNames, expectLaw, perExample, seedOf, withSeed } from "./helpers";

/** Two functions agree in value and jvp (reverse mode does not apply to while loops). */
function forward<Args extends readonly unknown[]>(a: (...args: Args) => unknown, b: (...args: Args) => unknown, args: Args, seed: number): LawResult {
  return allLaws(
    () => functionsAgree(a, b, args, { seed, mode: "value" }),
    () => functionsAgree(a, b, args, { seed, mode: "jvp" }),
  );
}

function run<A>(name: string, arb: fc.Arbitrary<A>, law: (a: A) => LawResult, numRuns = RUNS): void {
  checkLaw(arb, law, { numRuns, seed: seedOf(name), subject: name });
}

/** c ← tanh(c·W + 0.1·i): uses the index, the carry and closed-over weights. */
const foriBody = (i: Tensor<[]>, c: Tensor, w: Tensor) => tanh(add(matmul(c, w), mul(astype(i, "float64"), 0.1)));

/** The JS loop with the same body, for hand-picked checks. */
function jsFori(lower: number, upper: number, c0: Tensor, w: Tensor): Tensor {
  let c = c0;
  for (let i = lower; i < upper; i++) c = foriBody(scalar(i, "int32"), c, w);
  return c;
}

const bounds = fc.integer({ min: -1, max: 3 }).chain((lo) => fc.tuple(fc.constant(lo), fc.integer({ min: lo - 2, max: lo + 5 })));
const foriInputs = withSeed(fc.tuple(bounds, arbTensor([3], { min: -1, max: 1 }), arbTensor([3, 3], { min: -1, max: 1 })));

describe("foriLoop ≡ the JS loop", () => {
  it("number bounds (empty and reversed ranges included): value, jvp, vjp", () => {
    run("fori numbers", foriInputs, ([[[lo, hi], c0, w], seed]) =>
      loopMatchesJs({ kind: "fori", lower: lo, upper: hi, body: foriBody }, c0, { params: w, seed }),
    );
  });

  it("bounds given as concrete int32 tensors: value, jvp, vjp", () => {
    run("fori tensors", foriInputs, ([[[lo, hi], c0, w], seed]) =>
      loopMatchesJs({ kind: "fori", lower: scalar(lo, "int32"), upper: scalar(hi, "int32"), body: foriBody }, c0, { params: w, seed }),
    );
  });

  it("a pytree carry with an int32 accumulator of the index", () => {
    type C = { readonly k: Tensor; readonly x: Tensor };
    const body = (i: Tensor<[]>, c: C, w: Tensor): C => ({ k: add(c.k, i), x: tanh(add(matmul(c.x, w), mul(astype(c.k, "float64"), 0.1))) });
    run("fori pytree", foriInputs, ([[[lo, hi], c0, w], seed]) =>
      loopMatchesJs({ kind: "fori", lower: lo, upper: hi, body }, { k: scalar(0, "int32"), x: c0 }, { params: w, seed }),
    );
    const out = lax.foriLoop(2, 6, (i: Tensor<[]>, c: C) => body(i, c, zeros([3, 3], "float64")), { k: scalar(0, "int32"), x: zeros([3], "float64") });
    expect(out.k.item()).toBe(2 + 3 + 4 + 5);
  });

  it("grad through a foriLoop with concrete bounds is the JS loop's grad (hand-picked)", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 3);
    const c0 = randomTensorLike(zeros([3], "float64"), 4);
    const loss = (v: Tensor, c: Tensor) => sum(lax.foriLoop(1, 5, (i: Tensor<[]>, s: Tensor) => foriBody(i, s, v), c));
    const js = (v: Tensor, c: Tensor) => sum(jsFori(1, 5, c, v));
    expectLaw(functionsAgree(grad(loss, { argnums: [0, 1] }), grad(js, { argnums: [0, 1] }), [w, c0]));
  });
});

describe("foriLoop with traced bounds (inside jit)", () => {
  const f = jit((lo: Tensor, hi: Tensor, c0: Tensor, w: Tensor) => lax.foriLoop(lo, hi, (i: Tensor<[]>, c: Tensor) => foriBody(i, c, w), c0));

  it("equals the JS loop in value for every pair of bounds", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 5);
    const c0 = randomTensorLike(zeros([3], "float64"), 6);
    for (const [lo, hi] of [
      [0, 4],
      [2, 5],
      [3, 3],
      [4, 1],
      [-2, 1],
    ]) {
      const got = f(scalar(lo, "int32"), scalar(hi, "int32"), c0, w);
      expectLaw(
        functionsAgree(
          () => got,
          () => jsFori(lo, hi, c0, w),
          [],
          { mode: "value" },
        ),
        { lo, hi },
      );
    }
  });

  it("is staged as one whileLoop (the bounds are unknown when tracing)", () => {
    const program = makeJaxpr((lo: Tensor, hi: Tensor, c0: Tensor) => lax.foriLoop(lo, hi, (i: Tensor<[]>, c: Tensor) => mul(c, astype(i, "float64")), c0));
    const names = eqnNames(program(scalar(0, "int32"), scalar(3, "int32"), scalar(1, "float64")));
    expect(names).toContain("whileLoop");
    expect(names).not.toContain("scan");
  });

  it("jvp with traced bounds equals the JS loop's jvp", () => {
    const w = randomTensorLike(zeros([3, 3], "float64"), 7);
    const c0 = randomTensorLike(zeros([3], "float64"), 8);
    const t = randomTensorLike(c0, 9);
    const [y, dy] = jvp((c: Tensor) => f(scalar(1, "int32"), scalar(4, "int32"), c, w), [c0], [t]);
    const [y2, dy2] = jvp((c: Tensor) => jsFori(1, 4, c, w), [c0], [t]);
    expectLaw(
      functionsAgree(
        () => [y, dy],
        () => [y2, dy2],
        [],
        { mode: "value" },
      ),
    );
  });
});

/** A while loop that grows a vector until its 1-norm passes a threshold, counting steps (int32). */
type WC = { readonly x: Tensor; readonly k: Tensor };
const growCond = (c: WC, limit: Tensor) => less(sum(abs(c.x)), limit);
// (limit enters through an op with the carry: see closures.test.ts for ops on closed-over values alone.)
const growBody = (c: WC, limit: Tensor): WC => ({ x: add(mul(c.x, 1.3), mul(mul(tanh(c.x), limit), 0.01)), k: add(c.k, scalar(1, "int32")) });

describe("whileLoop ≡ the JS loop", () => {
  const inputs = withSeed(fc.tuple(arbTensor([3], { min: 0.2, max: 1 }), arbTensor([], { min: 2, max: 12 })));

  it("value and jvp (w.r.t. the carry and a closed-over parameter)", () => {
    run("while grow", inputs, ([[x0, limit], seed]) =>
      loopMatchesJs({ kind: "while", cond: growCond, body: growBody }, { x: x0, k: scalar(0, "int32") }, { params: limit, seed }),
    );
  });

  it("a loop that never runs returns its init", () => {
    const init = { x: tensor([5, 5, 5], "float64"), k: scalar(0, "int32") };
    expectLaw(loopMatchesJs({ kind: "while", cond: growCond, body: growBody }, init, { params: scalar(1, "float64") }));
    const out = lax.whileLoop(
      (c: WC) => growCond(c, scalar(1, "float64")),
      (c: WC) => growBody(c, scalar(1, "float64")),
      init,
    );
    expect(out.k.item()).toBe(0);
    expect(Array.from(out.x.data())).toEqual([5, 5, 5]);
  });

  it("counts its steps as the JS loop does (hand-picked)", () => {
    const out = lax.whileLoop(
      (c: Tensor) => less(c, 1000),
      (c: Tensor) => mul(c, 2),
      scalar(1, "float64"),
    );
    expect(out.item()).toBe(1024);
    const [y, dy] = jvp(
      (x: Tensor) =>
        lax.whileLoop(
          (c: Tensor) => less(c, 10),
          (c: Tensor) => mul(c, c),
          x,
        ),
      [scalar(1.5, "float64")],
      [scalar(1, "float64")],
    );
    // Three squarings: y = x⁸, dy = 8x⁷.
    expect(y.item()).toBeCloseTo(1.5 ** 8, 12);
    expect(dy.item()).toBeCloseTo(8 * 1.5 ** 7, 10);
  });

  it("under jit ≡ without (value and jvp)", () => {
    const f = (x0: Tensor, limit: Tensor) =>
      lax.whileLoop(
        (c: WC) => growCond(c, limit),
        (c: WC) => growBody(c, limit),
        { x: x0, k: scalar(0, "int32") },
      );
    run("jit while", inputs, ([[x0, limit], seed]) => {
      return forward(jit(f), f, [x0, limit], seed);
    });
  });
});

describe("whileLoop under vmap with a batched predicate", () => {
  const countTo = (n: Tensor, x: Tensor) =>
    lax.whileLoop(
      (c: { readonly i: Tensor; readonly x: Tensor }) => less(c.i, n),
      (c) => ({ i: add(c.i, scalar(1, "int32")), x: add(mul(c.x, 1.5), 0.25) }),
      { i: scalar(0, "int32"), x },
    );

  it("each example stops at its own count", () => {
    const n = tensor([0, 1, 4, 2], "int32");
    const x = tensor([1, 2, 3, 4], "float64");
    const out = vmap(countTo)(n, x);
    expect(Array.from(out.i.data())).toEqual([0, 1, 4, 2]);
    const expected = [0, 1, 4, 2].map((k, b) => {
      let v = b + 1;
      for (let s = 0; s < k; s++) v = v * 1.5 + 0.25;
      return v;
    });
    expect(Array.from(out.x.data())).toEqual(expected);
  });

  it("≡ the per-example runs (value and jvp), batched counts and data", () => {
    const arb = withSeed(fc.tuple(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), arbTensor([3, 2], { min: -1, max: 1 })));
    run("vmap while counts", arb, ([[counts, x], seed]) => {
      const n = tensor(counts, "int32");
      return forward(vmap(countTo), perExample(countTo, [0, 0]), [n, x], seed);
    });
  });

  it("a predicate on batched float data, a body closing over a batched weight", () => {
    const f = (x0: Tensor, limit: Tensor) =>
      lax.whileLoop(
        (c: WC) => growCond(c, limit),
        (c: WC) => growBody(c, limit),
        { x: x0, k: scalar(0, "int32") },
      );
    const arb = withSeed(fc.tuple(arbTensor([3, 3], { min: 0.2, max: 1 }), arbTensor([3], { min: 2, max: 12 })));
    run("vmap while data", arb, ([[x0, limit], seed]) => {
      return forward(vmap(f), perExample(f, [0, 0]), [x0, limit], seed);
    });
    // Only the predicate's data batched; the limit shared.
    const shared = (x0: Tensor) => f(x0, scalar(6, "float64"));
    expectLaw(
      forward(
        vmap(shared),
        perExample(shared, [0]),
        [
          tensor(
            [
              [0.2, 0.2, 0.2],
              [1, 1, 1],
              [3, 3, 3],
            ],
            "float64",
          ),
        ],
        1,
      ),
    );
  });
});

describe("reverse mode through whileLoop", () => {
  const loop = (x: Tensor) =>
    lax.whileLoop(
      (c: Tensor) => less(c, 10),
      (c: Tensor) => mul(c, 2),
      x,
    );

  it("grad is an error that points to foriLoop and scan", () => {
    expect(() => grad(loop)(scalar(1, "float64"))).toThrow(/whileLoop/);
    expect(() => grad(loop)(scalar(1, "float64"))).toThrow(/foriLoop/);
    expect(() => grad(loop)(scalar(1, "float64"))).toThrow(/scan/);
  });

  it("so are vjp, grad of jit, and grad of a foriLoop with traced bounds", () => {
    expect(() => vjp(loop, scalar(1, "float64"))).toThrow(/foriLoop/);
    expect(() => grad(jit(loop))(scalar(1, "float64"))).toThrow(/foriLoop/);
    const traced = jit((n: Tensor, x: Tensor) => lax.foriLoop(0, n, (_i: Tensor<[]>, c: Tensor) => mul(c, 2), x));
    expect(() => grad(traced, { argnums: 1 })(scalar(3, "int32"), scalar(1, "float64"))).toThrow(/foriLoop/);
  });

  it("while predicates see only primal values under jvp (a predicate on the carry)", () => {
    const [y, dy] = jvp(
      (x: Tensor) =>
        lax.whileLoop(
          (c: Tensor) => greater(c, 0.5),
          (c: Tensor) => mul(c, 0.5),
          x,
        ),
      [scalar(3, "float64")],
      [scalar(1, "float64")],
    );
    expect(y.item()).toBe(0.375);
    expect(dy.item()).toBe(0.125);
  });
});
