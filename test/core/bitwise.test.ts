/**
 * The bitwise primitives through their public ops: values against a plain-JavaScript
 * reference on random uint32 and int32 inputs, broadcasting, XLA's shift semantics for
 * counts of 32 or more, bools, errors, agreement under jit and vmap, and constants to grad.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  astype,
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  grad,
  jit,
  makeJaxpr,
  mul,
  rotateLeft,
  shiftLeft,
  shiftRightArithmetic,
  shiftRightLogical,
  sum,
  tensor,
  vmap,
  type Tensor,
} from "../../src/index";

type Op = (a: Tensor, b: Tensor) => Tensor;
type Ref = (a: number, b: number) => number;

/** Each op with its reference on 32-bit values (the result's bits; stored per dtype). */
const ops: readonly [string, Op, Ref][] = [
  ["bitwiseAnd", (a, b) => bitwiseAnd(a, b), (a, b) => a & b],
  ["bitwiseOr", (a, b) => bitwiseOr(a, b), (a, b) => a | b],
  ["bitwiseXor", (a, b) => bitwiseXor(a, b), (a, b) => a ^ b],
  ["shiftLeft", (a, b) => shiftLeft(a, b), (a, b) => (b >>> 0 >= 32 ? 0 : a << b)],
  ["shiftRightLogical", (a, b) => shiftRightLogical(a, b), (a, b) => (b >>> 0 >= 32 ? 0 : a >>> b)],
  ["shiftRightArithmetic", (a, b) => shiftRightArithmetic(a, b), (a, b) => (b >>> 0 >= 32 ? a >> 31 : a >> b)],
  ["rotateLeft", (a, b) => rotateLeft(a, b), (a, b) => (b % 32 === 0 ? a : (a << (b & 31)) | (a >>> (32 - (b & 31))))],
];

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
/** Mostly shift-sized counts, sometimes any 32-bit value. */
const countU = fc.oneof(fc.integer({ min: 0, max: 40 }), u32);
const countI = fc.oneof(fc.integer({ min: 0, max: 40 }), i32);
const n = 7;
const arr = (a: fc.Arbitrary<number>) => fc.array(a, { minLength: n, maxLength: n });
const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("bitwise ops agree with JavaScript on random 32-bit values", () => {
  for (const [name, op, ref] of ops) {
    const shift = name.startsWith("shift") || name === "rotateLeft";
    it(`${name} on uint32`, () => {
      fc.assert(
        fc.property(arr(u32), arr(shift ? countU : u32), (a, b) => {
          const out = op(tensor(a, "uint32"), tensor(b, "uint32"));
          expect(out.dtype).toBe("uint32");
          expect(values(out)).toEqual(a.map((x, i) => ref(x, b[i]) >>> 0));
        }),
      );
    });
    it(`${name} on int32`, () => {
      fc.assert(
        fc.property(arr(i32), arr(shift ? countI : i32), (a, b) => {
          const out = op(tensor(a, "int32"), tensor(b, "int32"));
          expect(out.dtype).toBe("int32");
          expect(values(out)).toEqual(a.map((x, i) => ref(x, b[i]) | 0));
        }),
      );
    });
  }

  it("bitwiseNot on uint32 and int32", () => {
    fc.assert(
      fc.property(arr(u32), arr(i32), (a, b) => {
        expect(values(bitwiseNot(tensor(a, "uint32")))).toEqual(a.map((x) => ~x >>> 0));
        expect(values(bitwiseNot(tensor(b, "int32")))).toEqual(b.map((x) => ~x));
      }),
    );
  });
});

describe("shift counts and rotations", () => {
  it("shifts by 32 or more give 0, or the sign fill for arithmetic shifts (XLA)", () => {
    const x = tensor([0x80000001, 1], "uint32");
    expect(shiftLeft(x, 32).toArray()).toEqual([0, 0]);
    expect(shiftRightLogical(x, 32).toArray()).toEqual([0, 0]);
    expect(shiftRightLogical(x, 100).toArray()).toEqual([0, 0]);
    expect(shiftRightArithmetic(x, 32).toArray()).toEqual([0xffffffff, 0]);
    expect(shiftRightArithmetic(tensor([-5, 5], "int32"), 33).toArray()).toEqual([-1, 0]);
    // A negative int32 count is a huge unsigned count.
    expect(shiftLeft(tensor([1], "int32"), -1).toArray()).toEqual([0]);
  });

  it("rotateLeft takes the count mod 32, from numbers and tensors", () => {
    const x = tensor([0x80000001], "uint32");
    expect(rotateLeft(x, 1).toArray()).toEqual([3]);
    expect(rotateLeft(x, 33).toArray()).toEqual([3]);
    expect(rotateLeft(x, -1).toArray()).toEqual([0xc0000000]);
    expect(rotateLeft(x, 0).toArray()).toEqual([0x80000001]);
    expect(rotateLeft(x, tensor([0, 1, 32, 63], "uint32")).toArray()).toEqual([0x80000001, 3, 0x80000001, 0xc0000000]);
  });
});

describe("broadcasting, numbers and bools", () => {
  it("broadcasts like the arithmetic ops", () => {
    const a = tensor([[1], [2], [4]], "uint32");
    const b = tensor([3, 5], "uint32");
    expect(bitwiseOr(a, b).toArray()).toEqual([
      [3, 5],
      [3, 7],
      [7, 5],
    ]);
    expect(shiftLeft(a, b).shape).toEqual([3, 2]);
    expect(shiftLeft(tensor([1], "uint32"), tensor([[1], [2]], "uint32")).toArray()).toEqual([[2], [4]]);
  });

  it("plain integers adopt the tensor's dtype, mod 2^32", () => {
    expect(bitwiseXor(tensor([0], "int32"), 0xffffffff).toArray()).toEqual([-1]);
    expect(bitwiseAnd(tensor([0xffffffff], "uint32"), -1).toArray()).toEqual([0xffffffff]);
    expect(bitwiseAnd(6, 3).dtype).toBe("int32");
  });

  it("and, or, xor and not are logical on bools", () => {
    const p = tensor([true, true, false, false], "bool");
    const q = tensor([true, false, true, false], "bool");
    expect(bitwiseAnd(p, q).toArray()).toEqual([true, false, false, false]);
    expect(bitwiseOr(p, q).toArray()).toEqual([true, true, true, false]);
    expect(bitwiseXor(p, q).toArray()).toEqual([false, true, true, false]);
    expect(bitwiseNot(p).toArray()).toEqual([false, false, true, true]);
    expect(bitwiseAnd(p, q).dtype).toBe("bool");
  });
});

describe("errors name the op, the shapes and the dtypes; inputs are untouched", () => {
  it("rejects floats", () => {
    const x = tensor([[1, 2]]);
    expect(() => bitwiseAnd(x, tensor([1], "int32"))).toThrow("bitwiseAnd: operands must be int32, uint32 or bool, got float32 [1,2] and int32 [1]");
    expect(() => shiftLeft(tensor([1], "uint32"), 1.5)).toThrow("shiftLeft: a plain number operand must be an integer, got uint32 [1] and number 1.5");
    expect(() => bitwiseNot(x)).toThrow("bitwiseNot: the operand must be int32, uint32, bool or an integer number, got float32 [1,2]");
    expect(() => rotateLeft(x, 3)).toThrow(/rotateLeft: operands must be int32 or uint32, got float32 \[1,2\] and number 3/);
  });

  it("rejects bools in shifts, int32 mixed with uint32, and shapes that do not broadcast", () => {
    const bits = tensor([true], "bool");
    expect(() => shiftLeft(bits, bits)).toThrow("shiftLeft: operands must be int32 or uint32, got bool [1] and bool [1]");
    expect(() => bitwiseXor(tensor([1], "int32"), tensor([1], "uint32"))).toThrow(
      /bitwiseXor: cannot mix int32 and uint32 operands \(int32 \[1\] and uint32 \[1\]\)/,
    );
    expect(() => bitwiseOr(tensor([1, 2], "uint32") as Tensor, tensor([1, 2, 3], "uint32") as Tensor)).toThrow(/bitwiseOr.*\[2\].*\[3\]/);
  });

  it("leaves its inputs unchanged", () => {
    const a = tensor([1, 2, 3], "uint32");
    const before = a.toArray();
    shiftLeft(a, 4);
    bitwiseNot(a);
    expect(a.toArray()).toEqual(before);
  });
});

describe("under transforms", () => {
  const mix = (a: Tensor, b: Tensor): Tensor => bitwiseXor(rotateLeft(add(a, b), 13), shiftRightLogical(bitwiseNot(b), 3));

  it("jit gives the eager values", () => {
    const f = jit(mix);
    fc.assert(
      fc.property(arr(u32), arr(u32), (a, b) => {
        const [ta, tb] = [tensor(a, "uint32"), tensor(b, "uint32")];
        expect(values(f(ta, tb))).toEqual(values(mix(ta, tb)));
      }),
      { numRuns: 30 },
    );
  });

  it("vmap gives the per-example values, batched or shared operands", () => {
    const a = tensor(
      [
        [1, 2, 3],
        [0xffffffff, 7, 0x80000000],
      ],
      "uint32",
    );
    const b = tensor([5, 0x12345678, 9], "uint32");
    const batched = vmap(mix, { inAxes: [0, null] })(a, b);
    expect(batched.toArray()).toEqual([0, 1].map((i) => mix(tensor((a.toArray() as number[][])[i], "uint32"), b).toArray()));
    const counts = tensor([[1], [31]], "uint32");
    expect(vmap((c: Tensor) => shiftLeft(tensor([1, 2], "uint32"), c))(counts).toArray()).toEqual([
      [2, 4],
      [0x80000000, 0],
    ]);
  });

  it("appears as primitives in the IR", () => {
    const text = makeJaxpr((a: Tensor) => rotateLeft(a, 13))(tensor([1], "uint32")).toString();
    expect(text).toContain("bitwise[op=shiftLeft] a 13");
    expect(text).toContain("bitwise[op=shiftRightLogical] a 19");
    expect(text).toMatch(/bitwise\[op=or\]/);
  });

  it("is a constant to grad: integer bits derived from a float give a zero gradient", () => {
    const g = grad((x: Tensor) => sum(mul(x, astype(bitwiseXor(astype(x, "int32"), 1), "float32"))))(tensor([2.5, 4.5]));
    // d/dx x·c(x) with c piecewise constant is c: (2 ^ 1) = 3, (4 ^ 1) = 5.
    expect(g.toArray()).toEqual([3, 5]);
  });
});
