/**
 * uint32 as a first-class dtype: storage, creation, printing, conversion to and from every
 * dtype, arithmetic that wraps mod 2³² (against a BigInt reference), promotion, the layout
 * primitives, jit (integers are never fused) and persistence.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  arange,
  astype,
  concat,
  div,
  equal,
  full,
  greater,
  jit,
  makeJaxpr,
  maximum,
  mul,
  reshape,
  scalar,
  slice,
  sub,
  sum,
  take,
  tensor,
  transpose,
  where,
  zeros,
  type DType,
  type Tensor,
} from "../../src/index";
import { allocate, dtypeOfData, promote, type TypedArray } from "../../src/tensor/dtype";
import { decode, encode, fromJson, toJson } from "../../src/train";

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const vec = (n: number) => fc.array(u32, { minLength: n, maxLength: n });

/** a op b mod 2³², computed exactly with BigInt. */
function wrap(op: (a: bigint, b: bigint) => bigint, a: number, b: number): number {
  return Number(BigInt.asUintN(32, op(BigInt(a), BigInt(b))));
}

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("uint32 storage and creation", () => {
  it("is stored in a Uint32Array; a Uint8Array is bool storage", () => {
    expect(dtypeOfData(new Uint32Array(1))).toBe("uint32");
    expect(dtypeOfData(new Uint8Array(1))).toBe("bool");
    expect(dtypeOfData(new Int32Array(1))).toBe("int32");
    expect(allocate("uint32", 3)).toBeInstanceOf(Uint32Array);
    expect(tensor([1, 2], "uint32").data()).toBeInstanceOf(Uint32Array);
    expect(tensor(new Uint32Array([7, 0xffffffff])).dtype).toBe("uint32");
    expect(() => dtypeOfData(new Int16Array(1) as unknown as TypedArray)).toThrow(/Int16Array is not the storage of any dtype/);
  });

  it("creates with tensor, scalar, zeros, full and arange", () => {
    expect(tensor([[0, 4294967295]], "uint32").toArray()).toEqual([[0, 4294967295]]);
    expect(scalar(3_000_000_000, "uint32").item()).toBe(3_000_000_000);
    expect(zeros([2], "uint32").toArray()).toEqual([0, 0]);
    expect(full([2], 0xdeadbeef, "uint32").toArray()).toEqual([0xdeadbeef, 0xdeadbeef]);
    expect(arange(0, 4, 1, "uint32").toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(0, 4, 1, "uint32").dtype).toBe("uint32");
  });

  it("prints its values as unsigned integers", () => {
    expect(String(tensor([0, 4294967295, 42], "uint32"))).toBe("Tensor<[3], uint32>\n[         0, 4294967295,         42]");
    expect(String(scalar(7, "uint32"))).toBe("Tensor<[], uint32> 7");
  });

  it("is u32 in printed IR", () => {
    const text = makeJaxpr((x: Tensor) => add(x, 1))(tensor([1, 2], "uint32")).toString();
    expect(text).toContain("a:u32[2]");
    expect(text).toContain("b:u32[2] = add a 1");
  });
});

describe("uint32 conversions", () => {
  it("to floats gives the unsigned value; from floats truncates and saturates", () => {
    const x = tensor([0, 1, 2147483648, 4294967295], "uint32");
    expect(astype(x, "float64").toArray()).toEqual([0, 1, 2147483648, 4294967295]);
    expect(astype(x, "float32").toArray()).toEqual([0, 1, 2147483648, 4294967296]);
    expect(astype(tensor([-1.5, 0.7, 3.9, 5e9, NaN], "float64"), "uint32").toArray()).toEqual([0, 0, 3, 4294967295, 0]);
  });

  it("to and from int32 keeps the 32 bits (XLA's convert)", () => {
    expect(astype(tensor([-1, -2147483648, 5], "int32"), "uint32").toArray()).toEqual([4294967295, 2147483648, 5]);
    expect(astype(tensor([4294967295, 2147483648, 5], "uint32"), "int32").toArray()).toEqual([-1, -2147483648, 5]);
    fc.assert(fc.property(i32, (v) => astype(astype(tensor([v], "int32"), "uint32"), "int32").item() === v));
  });

  it("to and from bool", () => {
    expect(astype(tensor([0, 1, 4294967295], "uint32"), "bool").toArray()).toEqual([false, true, true]);
    expect(astype(tensor([true, false], "bool"), "uint32").toArray()).toEqual([1, 0]);
  });

  it("round-trips through float64 exactly", () => {
    fc.assert(
      fc.property(vec(5), (v) => {
        expect(values(astype(astype(tensor(v, "uint32"), "float64"), "uint32"))).toEqual(v);
      }),
    );
  });
});

describe("uint32 arithmetic wraps mod 2^32", () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor, (a: bigint, b: bigint) => bigint][] = [
    ["add", (a, b) => add(a, b), (a, b) => a + b],
    ["sub", (a, b) => sub(a, b), (a, b) => a - b],
    ["mul", (a, b) => mul(a, b), (a, b) => a * b],
  ];
  for (const [name, f, ref] of cases) {
    it(`${name} agrees with a BigInt reference (uint32 and int32)`, () => {
      fc.assert(
        fc.property(vec(8), vec(8), (a, b) => {
          expect(values(f(tensor(a, "uint32"), tensor(b, "uint32")))).toEqual(a.map((x, i) => wrap(ref, x, b[i])));
        }),
      );
      fc.assert(
        fc.property(fc.array(i32, { minLength: 8, maxLength: 8 }), fc.array(i32, { minLength: 8, maxLength: 8 }), (a, b) => {
          const expected = a.map((x, i) => Number(BigInt.asIntN(32, ref(BigInt(x), BigInt(b[i])))));
          expect(values(f(tensor(a, "int32"), tensor(b, "int32")))).toEqual(expected);
        }),
      );
    });
  }

  it("broadcasts, and plain numbers adopt uint32 (mod 2^32)", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "uint32",
    );
    expect(add(x, tensor([4294967295, 0], "uint32")).toArray()).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(add(x, 1).dtype).toBe("uint32");
    expect(sub(x, 2).toArray()).toEqual([
      [4294967295, 0],
      [1, 2],
    ]);
    expect(mul(x, 0x80000000).toArray()).toEqual([
      [0x80000000, 0],
      [0x80000000, 0],
    ]);
    expect(add(x, 0.5).dtype).toBe("float32");
    expect(div(x, 2).toArray()).toEqual([
      [0.5, 1],
      [1.5, 2],
    ]);
  });

  it("compares, selects, takes maxima and sums as unsigned values", () => {
    const x = tensor([0, 2147483648, 4294967295], "uint32");
    expect(greater(x, 1).toArray()).toEqual([false, true, true]);
    expect(equal(x, 4294967295).toArray()).toEqual([false, false, true]);
    expect(maximum(x, tensor([5, 5, 5], "uint32")).toArray()).toEqual([5, 2147483648, 4294967295]);
    expect(where(greater(x, 1), x, 7).toArray()).toEqual([7, 2147483648, 4294967295]);
    expect(sum(tensor([4294967295, 2], "uint32")).item()).toBe(1);
  });
});

describe("uint32 promotion", () => {
  it("orders bool < uint32 < floats", () => {
    const u = tensor([1], "uint32");
    expect(add(u, tensor([true], "bool")).dtype).toBe("uint32");
    expect(add(u, tensor([1.5])).dtype).toBe("float32");
    expect(add(u, tensor([1.5], "float64")).dtype).toBe("float64");
    expect(promote("uint32", "float32")).toBe("float32");
  });

  it("refuses to mix int32 and uint32, naming the op, the dtypes and the shapes", () => {
    const u = tensor([1, 2], "uint32");
    const i = tensor([[1], [2]], "int32");
    expect(() => add(u, i)).toThrow("add: cannot mix int32 and uint32 operands (a: uint32 [2] and b: int32 [2,1])");
    expect(() => greater(i, u)).toThrow(/greater: cannot mix int32 and uint32/);
    expect(() => concat([u, tensor([3], "int32")])).toThrow(/concat: cannot mix int32 and uint32/);
    expect(() => promote("int32", "uint32")).toThrow(/cannot mix int32 and uint32/);
    // Float-only ops take both to float32.
    expect(div(u, tensor([2, 4], "int32")).toArray()).toEqual([0.5, 0.5]);
  });
});

describe("uint32 layout and indexing", () => {
  const x = tensor(
    [
      [1, 2, 3],
      [4294967295, 5, 6],
    ],
    "uint32",
  );

  it("reshapes, transposes, slices, concatenates and gathers", () => {
    expect(reshape(x, [3, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4294967295],
      [5, 6],
    ]);
    expect(transpose(x).toArray()).toEqual([
      [1, 4294967295],
      [2, 5],
      [3, 6],
    ]);
    expect(slice(x, [1, 0], [2, 2]).toArray()).toEqual([[4294967295, 5]]);
    expect(concat([x, x], 0).shape).toEqual([4, 3]);
    expect(concat([x, x], 0).dtype).toBe("uint32");
    expect(take(x, tensor([1, 0], "int32"), 0).toArray()).toEqual([
      [4294967295, 5, 6],
      [1, 2, 3],
    ]);
  });
});

describe("uint32 under jit", () => {
  it("gives the eager values (integer work is not fused into float loops)", () => {
    const f = (a: Tensor, b: Tensor) => add(mul(a, b), sub(a, 1));
    const g = jit(f);
    fc.assert(
      fc.property(vec(6), vec(6), (a, b) => {
        const [ta, tb] = [tensor(a, "uint32"), tensor(b, "uint32")];
        expect(values(g(ta, tb))).toEqual(values(f(ta, tb)));
      }),
      { numRuns: 20 },
    );
  });

  it("mixes with float work in one program", () => {
    const f = jit((bits: Tensor, x: Tensor) => mul(astype(bits, "float32"), x));
    expect(f(tensor([1, 4294967295], "uint32"), tensor([2, 1])).toArray()).toEqual([2, 4294967296]);
  });
});

describe("uint32 persistence", () => {
  const tree = { bits: tensor([0, 1, 4294967295], "uint32"), w: tensor([0.5]) };

  it("round-trips through JSON and the binary format", () => {
    for (const back of [fromJson(toJson(tree)) as typeof tree, decode(encode(tree)) as typeof tree]) {
      expect(back.bits.dtype).toBe("uint32");
      expect(back.bits.toArray()).toEqual([0, 1, 4294967295]);
    }
  });

  it("rejects a JSON value that is not a uint32", () => {
    // edited without its checksum (as a hand-written document), so the value check itself is seen
    const doc = JSON.parse(toJson(tree).replace("4294967295", "-1")) as { checksum?: string };
    delete doc.checksum;
    expect(() => fromJson(JSON.stringify(doc))).toThrow(/is not a uint32/);
    expect(() => fromJson(toJson(tree).replace("4294967295", "-1"))).toThrow(/corrupt: checksum mismatch/);
  });

  it("all dtypes survive", () => {
    const dtypes: DType[] = ["float32", "float64", "int32", "uint32", "bool"];
    const all = dtypes.map((d) => astype(tensor([0, 1]), d));
    expect((decode(encode(all)) as Tensor[]).map((t) => t.dtype)).toEqual(dtypes);
  });
});
