/**
 * Errors of the control-flow primitives: they name the primitive, the path of the
 * offending leaf and both types; they are the same eagerly, under jit and under grad;
 * and a failed call changes nothing (its inputs keep their data, and the next call,
 * transformed or not, works).
 */
import { describe, expect, it } from "vitest";
import { add, astype, grad, jit, lax, less, mul, scalar, sin, stack, sum, tensor, vmap, zeros, type Tensor } from "../../src/index";
import { snapshot } from "./helpers";

/** The message a call throws (fails the test when it does not throw). */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the call to throw");
}

type Carry = { readonly h: Tensor; readonly n: Tensor };
const init: Carry = { h: tensor([0.5, -0.5], "float64"), n: scalar(0, "int32") };
const xs = tensor(
  [
    [1, 2],
    [3, 4],
    [5, 6],
  ],
  "float64",
);

describe("scan: the carry must keep its structure, shapes and dtypes", () => {
  it("a carry whose shape changes: names scan, the path .h and both types", () => {
    const m = messageOf(() => lax.scan((c: Carry, x: Tensor) => [{ h: stack([c.h, x]) as Tensor, n: c.n }, null] as const, init, xs));
    expect(m).toMatch(/^scan/);
    expect(m).toContain(".h");
    expect(m).toContain("float64[2,2]");
    expect(m).toContain("float64[2]");
  });

  it("a carry whose dtype changes: names the path and both dtypes", () => {
    const m = messageOf(() => lax.scan((c: Carry, x: Tensor) => [{ h: astype(add(c.h, x), "float32"), n: c.n }, null] as const, init, xs));
    expect(m).toMatch(/^scan/);
    expect(m).toContain(".h");
    expect(m).toContain("float32[2]");
    expect(m).toContain("float64[2]");
    const counter = messageOf(() => lax.scan((c: Carry, x: Tensor) => [{ h: add(c.h, x), n: astype(c.n, "float64") }, null] as const, init, xs));
    expect(counter).toContain(".n");
    expect(counter).toContain("int32[]");
    expect(counter).toContain("float64[]");
  });

  it("a carry whose structure changes: shows both structures", () => {
    const m = messageOf(() => lax.scan((c: Carry, x: Tensor) => [{ h: add(c.h, x), n: c.n, extra: x } as Carry, null] as const, init, xs));
    expect(m).toMatch(/^scan/);
    expect(m).toContain("{extra: *, h: *, n: *}");
    expect(m).toContain("{h: *, n: *}");
  });

  it("a nested path is named in full", () => {
    const nested = { a: [scalar(0, "float64"), zeros([2], "float64")] as const };
    const m = messageOf(() => lax.scan((c: typeof nested, x: Tensor) => [{ a: [c.a[0], sum(x)] } as unknown as typeof nested, null] as const, nested, xs));
    expect(m).toContain(".a[1]");
    expect(m).toContain("float64[]");
    expect(m).toContain("float64[2]");
  });

  it("the same error under jit, grad and vmap", () => {
    const bad = (x0: Tensor, s: Tensor) => sum(lax.scan((c: Tensor, x: Tensor) => [stack([c, x]) as Tensor, null] as const, x0, s)[0]);
    const eager = messageOf(() => bad(tensor([1, 2], "float64"), xs));
    expect(eager).toContain("float64[2,2]");
    expect(messageOf(() => jit(bad)(tensor([1, 2], "float64"), xs))).toContain(eager);
    expect(messageOf(() => grad(bad)(tensor([1, 2], "float64"), xs))).toContain(eager);
    expect(messageOf(() => vmap(bad, { inAxes: [null, 0] })(tensor([1, 2], "float64"), stack([xs, xs])))).toContain(eager);
  });

  it("a body that does not return [carry, y]", () => {
    expect(messageOf(() => lax.scan((c: Tensor) => c as never, scalar(0, "float64"), xs))).toMatch(/scan: the body must return \[carry, y\]/);
  });
});

describe("scan: xs and length", () => {
  it("xs leaves with different leading lengths: names scan, the leaf, its shape and the length", () => {
    const m = messageOf(() =>
      lax.scan((c: Tensor, x: { readonly a: Tensor; readonly b: Tensor }) => [add(c, x.a), x.b] as const, scalar(0, "float64"), {
        a: zeros([3], "float64"),
        b: zeros([4], "float64"),
      }),
    );
    expect(m).toMatch(/^scan/);
    expect(m).toContain("[4]");
    expect(m).toContain("3");
  });

  it("xs disagreeing with options.length", () => {
    const m = messageOf(() => lax.scan((c: Tensor, x: Tensor) => [add(c, sum(x)), null] as const, scalar(0, "float64"), xs, { length: 5 }));
    expect(m).toMatch(/^scan/);
    expect(m).toContain("[3,2]");
    expect(m).toContain("5");
  });

  it("no xs and no length: asks for options.length", () => {
    expect(messageOf(() => lax.scan((c: Tensor, _x: null) => [c, null] as const, scalar(0, "float64"), null))).toMatch(/scan.*options\.length/);
  });

  it("a negative or fractional length", () => {
    expect(messageOf(() => lax.scan((c: Tensor, _x: null) => [c, null] as const, scalar(0, "float64"), null, { length: -1 }))).toMatch(
      /scan: length must be a non-negative integer, got -1/,
    );
    expect(messageOf(() => lax.scan((c: Tensor, _x: null) => [c, null] as const, scalar(0, "float64"), null, { length: 2.5 }))).toMatch(
      /scan: length must be a non-negative integer, got 2.5/,
    );
  });

  it("an unroll that is not a positive integer", () => {
    expect(messageOf(() => lax.scan((c: Tensor, x: Tensor) => [add(c, sum(x)), null] as const, scalar(0, "float64"), xs, { unroll: 0 }))).toMatch(
      /scan: unroll must be a positive integer, got 0/,
    );
    expect(messageOf(() => lax.scan((c: Tensor, x: Tensor) => [add(c, sum(x)), null] as const, scalar(0, "float64"), xs, { unroll: 1.5 }))).toMatch(
      /scan: unroll must be a positive integer, got 1.5/,
    );
  });

  it("a scalar xs leaf (no leading axis) is named as such, not as missing xs", () => {
    const m = messageOf(() => lax.scan((c: Tensor, x: Tensor) => [add(c, x), null] as const, scalar(0, "float64"), scalar(3, "float64")));
    expect(m).toMatch(/^scan/);
    expect(m).not.toContain("no leaves");
    expect(m).toMatch(/leading axis|shape \[\]/);
  });
});

describe("cond and switch: branches must agree, predicates and indices must be scalars of the right dtype", () => {
  it("branches returning different dtypes: names cond and both types", () => {
    const m = messageOf(() =>
      lax.cond(
        true,
        (x: Tensor) => x,
        (x: Tensor) => astype(x, "float32"),
        tensor([1, 2], "float64"),
      ),
    );
    expect(m).toMatch(/^cond/);
    expect(m).toContain("float64[2]");
    expect(m).toContain("float32[2]");
  });

  it("branches returning different shapes and structures", () => {
    const shape = messageOf(() =>
      lax.cond(
        scalar(0, "bool"),
        (x: Tensor) => sum(x),
        (x: Tensor) => x,
        tensor([1, 2], "float64"),
      ),
    );
    expect(shape).toContain("float64[]");
    expect(shape).toContain("float64[2]");
    const structure = messageOf(() =>
      lax.cond(
        true,
        (x: Tensor) => ({ a: x }),
        (x: Tensor) => ({ b: x }) as unknown as { a: Tensor },
        tensor([1, 2], "float64"),
      ),
    );
    expect(structure).toContain("{a: *}");
    expect(structure).toContain("{b: *}");
  });

  it("cond's mismatch names the true and false branches (a cond user never sees branch indices)", () => {
    const m = messageOf(() =>
      lax.cond(
        true,
        (x: Tensor) => x,
        (x: Tensor) => astype(x, "float32"),
        tensor([1, 2], "float64"),
      ),
    );
    expect(m).toMatch(/true/i);
    expect(m).toMatch(/false/i);
  });

  it("switch branches returning different types: names both branches and types", () => {
    const m = messageOf(() => lax.switch(0, [(x: Tensor) => x, (x: Tensor) => mul(x, 2), (x: Tensor) => stack([x, x])], tensor([1, 2], "float64")));
    expect(m).toMatch(/^switch/);
    expect(m).toContain("branch 2");
    expect(m).toContain("branch 0");
    expect(m).toContain("float64[2,2]");
    expect(m).toContain("float64[2]");
  });

  it("a non-scalar or non-bool predicate", () => {
    const id = (x: Tensor) => x;
    const x = scalar(1, "float64");
    const vector = messageOf(() => lax.cond(tensor([1, 0], "bool"), id, id, x));
    expect(vector).toMatch(/^cond: the predicate must be a bool scalar/);
    expect(vector).toContain("[2]");
    expect(messageOf(() => lax.cond(scalar(1, "float64") as never, id, id, x))).toMatch(/cond: the predicate must be a bool scalar.*float64/);
    expect(messageOf(() => lax.cond(scalar(1, "int32") as never, id, id, x))).toMatch(/cond: the predicate must be a bool scalar.*int32/);
    expect(messageOf(() => jit((p: Tensor) => lax.cond(p, id, id, x))(scalar(1, "float32")))).toMatch(/cond: the predicate must be a bool scalar.*float32/);
  });

  it("a switch index of the wrong dtype or shape", () => {
    const id = (x: Tensor) => x;
    const x = scalar(1, "float64");
    expect(messageOf(() => lax.switch(scalar(1, "float32"), [id, id], x))).toMatch(/^switch: the index must be an int32 scalar.*float32/);
    expect(messageOf(() => lax.switch(scalar(1, "bool"), [id, id], x))).toMatch(/switch: the index must be an int32 scalar.*bool/);
    expect(messageOf(() => lax.switch(tensor([1], "int32"), [id, id], x))).toMatch(/switch: the index must be an int32 scalar.*\[1\]/);
    expect(messageOf(() => lax.switch(0, [], x))).toMatch(/switch: needs at least one branch/);
  });
});

describe("whileLoop and foriLoop", () => {
  it("a body changing the carry's dtype, shape or structure: names whileLoop, the path and both types", () => {
    const dtype = messageOf(() =>
      lax.whileLoop(
        (c: Carry) => less(c.n, 3),
        (c: Carry) => ({ h: astype(c.h, "float32"), n: add(c.n, scalar(1, "int32")) }),
        init,
      ),
    );
    expect(dtype).toMatch(/^whileLoop/);
    expect(dtype).toContain(".h");
    expect(dtype).toContain("float32[2]");
    expect(dtype).toContain("float64[2]");
    const shape = messageOf(() =>
      lax.whileLoop(
        (c: Carry) => less(c.n, 3),
        (c: Carry) => ({ h: sum(c.h), n: c.n }),
        init,
      ),
    );
    expect(shape).toContain(".h");
    expect(shape).toContain("float64[]");
    const structure = messageOf(() =>
      lax.whileLoop(
        (c: Carry) => less(c.n, 3),
        (c: Carry) => ({ h: c.h }) as Carry,
        init,
      ),
    );
    expect(structure).toContain("{h: *}");
    expect(structure).toContain("{h: *, n: *}");
  });

  it("a predicate that is not a bool scalar", () => {
    expect(
      messageOf(() =>
        lax.whileLoop(
          (c: Tensor) => c,
          (c: Tensor) => c,
          scalar(1, "float64"),
        ),
      ),
    ).toMatch(/whileLoop: condFun must return a bool scalar.*float64/);
    expect(
      messageOf(() =>
        lax.whileLoop(
          (c: Tensor) => less(c, 2),
          (c: Tensor) => c,
          tensor([1, 2], "float64"),
        ),
      ),
    ).toMatch(/whileLoop: condFun must return a bool scalar.*\[2\]/);
  });

  it("a foriLoop body changing the carry, and non-integer bounds", () => {
    expect(messageOf(() => lax.foriLoop(0, 3, (_i: Tensor<[]>, c: Tensor) => astype(c, "float32"), scalar(1, "float64")))).toMatch(/float32\[\].*float64\[\]/);
    expect(messageOf(() => lax.foriLoop(0, 2.5, (_i: Tensor<[]>, c: Tensor) => c, scalar(1, "float64")))).toMatch(/foriLoop: upper must be an integer/);
    expect(messageOf(() => lax.foriLoop(tensor([0, 1], "int32"), 3, (_i: Tensor<[]>, c: Tensor) => c, scalar(1, "float64")))).toMatch(
      /foriLoop: lower must be an integer scalar/,
    );
  });
});

describe("a failed call changes nothing", () => {
  it("the inputs keep their data, and the next calls (plain, jit, grad, vmap) work", () => {
    const h0 = tensor([0.5, -0.5], "float64");
    const seq = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      "float64",
    );
    const before = [snapshot(h0), snapshot(seq)];
    const badBody = (c: Tensor, x: Tensor) => [astype(add(c, x), "float32"), null] as const;
    const good = (c0: Tensor, s: Tensor) => sum(lax.scan((c: Tensor, x: Tensor) => [sin(add(c, x)), null] as const, c0, s)[0]);
    const expected = good(h0, seq).item();
    for (const attempt of [
      () => lax.scan(badBody, h0, seq),
      () => jit((c0: Tensor, s: Tensor) => lax.scan(badBody, c0, s))(h0, seq),
      () => grad((c0: Tensor) => sum(lax.scan(badBody, c0, seq)[0]))(h0),
      () =>
        lax.cond(
          true,
          (x: Tensor) => x,
          (x: Tensor) => astype(x, "float32"),
          h0,
        ),
      () =>
        lax.whileLoop(
          (c: Tensor) => less(sum(c), 10),
          (c: Tensor) => stack([c, c]),
          h0,
        ),
      () => lax.scan((c: Tensor, x: Tensor) => [add(c, x), null] as const, h0, seq, { length: 7 }),
    ]) {
      expect(attempt).toThrow();
      expect([snapshot(h0), snapshot(seq)]).toEqual(before);
      expect(good(h0, seq).item()).toBe(expected);
    }
    expect(jit(good)(h0, seq).item()).toBeCloseTo(expected, 12);
    expect(grad(good)(h0, seq).shape).toEqual([2]);
    expect(vmap(good, { inAxes: [null, 0] })(h0, stack([seq, seq])).shape).toEqual([2]);
  });

  it("a failure inside a transformed body leaves no trace open (a later tracer-free call is concrete)", () => {
    expect(() =>
      grad((x: Tensor) => sum(lax.scan((c: Tensor) => [astype(c, "float32"), null] as const, x, null, { length: 2 })[0]))(scalar(1, "float64")),
    ).toThrow(/scan/);
    const y = mul(scalar(2, "float64"), scalar(3, "float64"));
    expect(y.item()).toBe(6);
  });
});
