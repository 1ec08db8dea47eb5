/**
 * lax.cond and lax.switch against the branch they take: value, grad (vjp) and jvp for
 * both predicates (JS booleans, bool tensors, computed predicates), under jit and
 * grad∘jit, under vmap with a batched predicate (both branches run, each example keeps
 * its own, per-example grads), switch with three branches, out-of-range indices clamped
 * (eagerly, under jit and under vmap), pytree operands and outputs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  cos,
  exp,
  grad,
  greater,
  jit,
  jvp,
  lax,
  makeJaxpr,
  matmul,
  mul,
  neg,
  reshape,
  scalar,
  sin,
  slice,
  stack,
  sum,
  tanh,
  tensor,
  vmap,
  zeros,
  type Tensor,
} from "../../src/index";
import { arbTensor, checkLaw, condMatchesTakenBranch, functionsAgree, randomTensorLike, type LawResult } from "../../laws/index";
import { FEW_RUNS, RUNS, eqnNames, expectLaw, perExample, seedOf, withSeed } from "./helpers";

function run<A>(name: string, arb: fc.Arbitrary<A>, law: (a: A) => LawResult, numRuns = RUNS): void {
  checkLaw(arb, law, { numRuns, seed: seedOf(name), subject: name });
}

/** Two different branches of (x, w): both use both operands. */
const onTrue = (x: Tensor, w: Tensor) => tanh(matmul(w, x));
const onFalse = (x: Tensor, w: Tensor) => mul(sin(x), sum(w));
const inputs = withSeed(fc.tuple(fc.boolean(), arbTensor([3]), arbTensor([3, 3], { min: -1, max: 1 })));

/** The function under test: cond on a bool tensor. */
const chosen = (p: Tensor, x: Tensor, w: Tensor) => lax.cond(p, onTrue, onFalse, x, w);
/** A scalar loss of it. */
const loss = (p: Tensor, x: Tensor, w: Tensor) => sum(mul(chosen(p, x, w), chosen(p, x, w)));

describe("cond ≡ the branch taken (value, jvp, vjp w.r.t. the operands)", () => {
  it("JS boolean predicate, both values", () => {
    run("cond boolean", inputs, ([[p, x, w], seed]) => condMatchesTakenBranch(p, [onTrue, onFalse], [x, w], { seed }));
  });

  it("bool scalar tensor predicate, both values", () => {
    run("cond bool tensor", inputs, ([[p, x, w], seed]) => condMatchesTakenBranch(scalar(p ? 1 : 0, "bool"), [onTrue, onFalse], [x, w], { seed }));
  });

  it("a predicate computed from the data: greater(sum(x), 0)", () => {
    run("cond computed", inputs, ([[, x, w], seed]) => condMatchesTakenBranch(greater(sum(x), 0), [onTrue, onFalse], [x, w], { seed }));
  });

  it("the predicate computed inside the differentiated function (its gradient is the branch's)", () => {
    const f = (x: Tensor) =>
      lax.cond(
        greater(sum(x), 0),
        (v: Tensor) => sum(exp(v)),
        (v: Tensor) => sum(mul(v, v)),
        x,
      );
    const pos = tensor([1, 0.5, -0.2], "float64");
    const neg_ = tensor([-1, 0.5, -0.2], "float64");
    expect(Array.from(grad(f)(pos).data())).toEqual(Array.from(exp(pos).data()));
    expect(Array.from(grad(f)(neg_).data())).toEqual([-2, 1, -0.4]);
  });

  it("grad and jvp of a cond are the taken branch's, hand-picked", () => {
    const x = tensor([0.3, -0.7], "float64");
    const f = (p: boolean) => (v: Tensor) =>
      sum(
        lax.cond(
          p,
          (u: Tensor) => sin(u),
          (u: Tensor) => mul(u, u),
          v,
        ),
      );
    expect(Array.from(grad(f(true))(x).data())).toEqual(Array.from(cos(x).data()));
    expect(Array.from(grad(f(false))(x).data())).toEqual([0.6, -1.4]);
    const [, dy] = jvp(
      (v: Tensor) =>
        lax.cond(
          false,
          (u: Tensor) => sin(u),
          (u: Tensor) => mul(u, u),
          v,
        ),
      [x],
      [tensor([1, 1], "float64")],
    );
    expect(Array.from(dy.data())).toEqual([0.6, -1.4]);
  });
});

describe("cond under jit", () => {
  it("jit(cond) ≡ cond (value, jvp, vjp), the predicate a jit argument", () => {
    const compiled = jit(chosen);
    run("jit cond", inputs, ([[p, x, w], seed]) => functionsAgree(compiled, chosen, [scalar(p ? 1 : 0, "bool"), x, w], { seed }));
  });

  it("grad(jit f) ≡ grad f, and their derivatives agree (second order)", () => {
    const viaJit = grad(jit(loss), { argnums: [1, 2] });
    const plain = grad(loss, { argnums: [1, 2] });
    run("grad jit cond", inputs, ([[p, x, w], seed]) => functionsAgree(viaJit, plain, [scalar(p ? 1 : 0, "bool"), x, w], { seed }), FEW_RUNS);
  });

  it("is one cond equation holding both branches", () => {
    const program = makeJaxpr(chosen)(scalar(1, "bool"), zeros([3], "float64"), zeros([3, 3], "float64"));
    expect(program.eqns.map((e) => (e.kind === "primitive" ? e.primitive : e.primitive.name))).toContain("cond");
    const names = eqnNames(program);
    expect(names).toContain("tanh");
    expect(names).toContain("sin");
  });
});

describe("cond under vmap", () => {
  const B = 4;
  const batched = withSeed(
    fc.tuple(
      fc.array(fc.boolean(), { minLength: B, maxLength: B }),
      arbTensor([B, 3]),
      arbTensor([3, 3], { min: -1, max: 1 }),
      arbTensor([B, 3, 3], { min: -1, max: 1 }),
    ),
  );

  it("a batched predicate: both branches, each example its own (value, jvp, vjp)", () => {
    const axes = [0, 0, null] as const;
    run("vmap cond", batched, ([[ps, xs, w], seed]) =>
      functionsAgree(vmap(chosen, { inAxes: axes }), perExample(chosen, axes), [tensor(ps, "bool"), xs, w], { seed }),
    );
  });

  it("a batched predicate with batched weights", () => {
    run("vmap cond weights", batched, ([[ps, xs, , ws], seed]) =>
      functionsAgree(vmap(chosen), perExample(chosen, [0, 0, 0]), [tensor(ps, "bool"), xs, ws], { seed }),
    );
  });

  it("an unbatched predicate with batched operands", () => {
    const axes = [null, 0, null] as const;
    run("vmap cond shared pred", batched, ([[ps, xs, w], seed]) =>
      functionsAgree(vmap(chosen, { inAxes: axes }), perExample(chosen, axes), [scalar(ps[0] ? 1 : 0, "bool"), xs, w], { seed }),
    );
  });

  it("mixed predicates select per example, hand-picked", () => {
    const xs = tensor([1, 2, 3], "float64");
    const out = vmap((p: Tensor, x: Tensor) =>
      lax.cond(
        p,
        (v: Tensor) => sin(v),
        (v: Tensor) => cos(v),
        x,
      ),
    )(tensor([true, false, true], "bool"), xs);
    expect(Array.from(out.data())).toEqual([Math.sin(1), Math.cos(2), Math.sin(3)]);
  });

  it("vmap(grad f) ≡ the per-example grads (a batched predicate)", () => {
    const g = grad(loss, { argnums: [1, 2] });
    const axes = [0, 0, null] as const;
    run(
      "vmap grad cond",
      batched,
      ([[ps, xs, w], seed]) => functionsAgree(vmap(g, { inAxes: axes }), perExample(g, axes), [tensor(ps, "bool"), xs, w], { seed, mode: "value" }),
      FEW_RUNS,
    );
    const h = (x: Tensor) =>
      lax.cond(
        greater(x, 1.5),
        (v: Tensor) => sin(v),
        (v: Tensor) => cos(v),
        x,
      );
    const grads = vmap(grad(h))(tensor([1, 2, 3], "float64"));
    expect(Array.from(grads.data())).toEqual([-Math.sin(1), Math.cos(2), Math.cos(3)]);
  });
});

describe("switch", () => {
  const branches = [
    (x: Tensor, w: Tensor) => tanh(matmul(w, x)),
    (x: Tensor, w: Tensor) => mul(sin(x), sum(w)),
    (x: Tensor, _w: Tensor) => neg(mul(x, x)),
  ] as const;
  const switched = (i: Tensor, x: Tensor, w: Tensor) => lax.switch(i, branches, x, w);
  const inputs3 = withSeed(fc.tuple(fc.integer({ min: -3, max: 5 }), arbTensor([3]), arbTensor([3, 3], { min: -1, max: 1 })));

  it("≡ the branch taken for every index, as a number and as an int32 tensor; out of range clamps", () => {
    run("switch", inputs3, ([[i, x, w], seed]) => {
      const a = condMatchesTakenBranch(i, branches, [x, w], { seed });
      return a.ok ? condMatchesTakenBranch(scalar(i, "int32"), branches, [x, w], { seed }) : a;
    });
  });

  it("clamps as documented: negative → branch 0, too large → the last (eager, jit, vmap)", () => {
    const x = randomTensorLike(zeros([3], "float64"), 1);
    const w = randomTensorLike(zeros([3, 3], "float64"), 2);
    const first = branches[0](x, w);
    const last = branches[2](x, w);
    const compiled = jit(switched);
    for (const [i, expected] of [
      [-1, first],
      [-100, first],
      [3, last],
      [100, last],
    ] as const) {
      expectLaw(
        functionsAgree(
          () => lax.switch(i, branches, x, w),
          () => expected,
          [],
          { mode: "value" },
        ),
        { i },
      );
      expectLaw(
        functionsAgree(
          () => compiled(scalar(i, "int32"), x, w),
          () => expected,
          [],
          { mode: "value" },
        ),
        { i, jit: true },
      );
    }
    const xs = randomTensorLike(zeros([5, 3], "float64"), 3);
    const indices = tensor([-2, 0, 1, 2, 7], "int32");
    expectLaw(functionsAgree(vmap(switched, { inAxes: [0, 0, null] }), perExample(switched, [0, 0, null]), [indices, xs, w]));
    // Independently of the eager switch: each row is the branch its clamped index names.
    const rows = vmap(switched, { inAxes: [0, 0, null] })(indices, xs, w);
    const clamped = [0, 0, 1, 2, 2];
    const expected = stack(clamped.map((b, r) => branches[b](reshape(slice(xs, [r], [r + 1]), [3]), w)));
    expectLaw(
      functionsAgree(
        () => rows,
        () => expected,
        [],
        { mode: "value" },
      ),
    );
  });

  it("grad and jit of switch ≡ the branch's", () => {
    const l = (i: Tensor, x: Tensor, w: Tensor) => sum(switched(i, x, w));
    run(
      "switch grad jit",
      inputs3,
      ([[i, x, w], seed]) => functionsAgree(grad(jit(l), { argnums: [1, 2] }), grad(l, { argnums: [1, 2] }), [scalar(i, "int32"), x, w], { seed }),
      FEW_RUNS,
    );
  });

  it("a single branch always runs", () => {
    const x = tensor([1, 2], "float64");
    expect(Array.from(lax.switch(5, [(v: Tensor) => mul(v, 3)], x).data())).toEqual([3, 6]);
  });
});

describe("pytree operands and outputs", () => {
  type Ops = { readonly a: Tensor; readonly b: readonly [Tensor, Tensor] };
  const first = (o: Ops, s: Tensor) => ({ total: sum(mul(o.a, s)), parts: [sin(o.b[0]), mul(o.b[1], o.a)] as const });
  const second = (o: Ops, s: Tensor) => ({ total: mul(sum(o.b[0]), s), parts: [cos(o.a), add(o.b[1], s)] as const });
  const third = (o: Ops, s: Tensor) => ({ total: sum(exp(o.b[1])), parts: [mul(o.a, s), mul(o.b[0], o.b[1])] as const });
  const ops = withSeed(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.record({ a: arbTensor([2]), b: fc.tuple(arbTensor([2]), arbTensor([2])) }), arbTensor([])));

  it("cond ≡ the branch taken", () => {
    run("cond pytree", ops, ([[i, o, s], seed]) => condMatchesTakenBranch(i > 0, [first, second], [o, s], { seed }));
  });

  it("switch ≡ the branch taken, under jit and vmap too", () => {
    run("switch pytree", ops, ([[i, o, s], seed]) => condMatchesTakenBranch(i, [first, second, third], [o, s], { seed }));
    const f = (i: Tensor, o: Ops, s: Tensor) => lax.switch(i, [first, second, third], o, s);
    const o: Ops = { a: tensor([0.1, 0.2], "float64"), b: [tensor([0.3, -0.4], "float64"), tensor([1, 2], "float64")] };
    expectLaw(functionsAgree(jit(f), f, [scalar(1, "int32"), o, scalar(0.5, "float64")]));
    const oB: Ops = {
      a: randomTensorLike(zeros([3, 2], "float64"), 1),
      b: [randomTensorLike(zeros([3, 2], "float64"), 2), randomTensorLike(zeros([3, 2], "float64"), 3)],
    };
    expectLaw(functionsAgree(vmap(f), perExample(f, [0, 0, 0]), [tensor([0, 2, 1], "int32"), oB, tensor([0.5, -1, 2], "float64")]));
  });
});
