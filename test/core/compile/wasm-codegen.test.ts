/**
 * Fused loops compiled to WebAssembly against the eager kernels, bit for bit: odd sizes
 * (vector body plus scalar tail), scalar and trailing-row broadcasts (rows whose length is
 * and is not a multiple of the lane count), every dtype, sums, and NaN, −0, ±Infinity and
 * float32 subnormals among the values. Each case also checks that the wasm path really ran
 * (`stats.wasmLoops`), or that a group it cannot lower keeps the JavaScript loop.
 */
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  arctan2,
  astype,
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  ceil,
  cos,
  div,
  equal,
  exp,
  expm1,
  floor,
  grad,
  greater,
  greaterEqual,
  jit,
  less,
  log,
  log1p,
  logicalNot,
  logicalXor,
  makeJaxpr,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  random,
  round,
  shiftLeft,
  shiftRightArithmetic,
  shiftRightLogical,
  sigmoid,
  sign,
  sin,
  sqrt,
  sub,
  sum,
  tanh,
  tensor,
  where,
  type DType,
  type Tensor,
} from "../../../src/index";
import { compile } from "../../../src/core/compile/executable";

/** Values as plain arrays, with −0 and 0 told apart and NaN equal to itself. */
const exact = (t: Tensor) => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v));

/** Special values first, then a deterministic spread of ordinary ones (a linear congruential sequence). */
function floats(n: number, seed: number, specials = true): number[] {
  const special = [NaN, -0, 0, Infinity, -Infinity, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-40, -3e38, 1, -1];
  let s = seed >>> 0;
  return Array.from({ length: n }, (_, i) => {
    if (specials && i < special.length) return special[i];
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 8;
  });
}

function ints(n: number, seed: number): number[] {
  const special = [0, 1, -1, 2147483647, -2147483648, 31, 32, 33, -7];
  let s = seed >>> 0;
  return Array.from({ length: n }, (_, i) => {
    if (i < special.length) return special[i];
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s | 0;
  });
}

/** Checks jit(f) ≡ f bit for bit and that `wasmLoops` loops ran in WebAssembly. */
function agrees(f: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], wasmLoops = 1): void {
  const stats = compile(makeJaxpr(f)(...args)).stats;
  expect(stats.wasmLoops).toBe(wasmLoops);
  const eager = [f(...args)].flat();
  const staged = [jit(f)(...args)].flat();
  expect(staged.length).toBe(eager.length);
  staged.forEach((y, i) => {
    expect(y.dtype).toBe(eager[i].dtype);
    expect(exact(y)).toEqual(exact(eager[i]));
  });
}

const sizes = [5, 7, 1003];

describe("fused loops in WebAssembly", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    for (const n of sizes) {
      it(`${dtype}, ${n} elements: arithmetic, comparisons, select, max/min (NaN, −0), sign, rounding, and a sum`, () => {
        const a = tensor(floats(n, 1), dtype);
        const b = tensor(floats(n, 2).reverse(), dtype);
        agrees(
          (x, y) => {
            const s = add(mul(x, y), div(sub(x, 1.25), y));
            const m = maximum(minimum(x, y), neg(abs(s)));
            const r = add(add(floor(x), ceil(y)), add(round(mul(x, 2)), sign(s)));
            const w = where(greater(x, y), sqrt(abs(m)), mul(r, 0.5));
            return [w, m, sum(add(w, r))];
          },
          [a, b],
        );
      });
    }
    it(`${dtype}: scalar and trailing-row broadcasts (rows of 4, 8 and 3 elements)`, () => {
      const x = tensor(floats(6 * 24, 3), dtype, [6, 24]);
      const rowOf24 = tensor(floats(24, 4, false), dtype);
      const rowOf3 = tensor(floats(3, 5, false), dtype, [1, 3]);
      const y = tensor(floats(5 * 8 * 3, 6), dtype, [5, 8, 3]);
      const rows = tensor(floats(8 * 3, 7, false), dtype, [8, 3]);
      agrees((a, r) => sum(mul(add(a, r), 0.75)), [x, rowOf24]);
      agrees((a, r, q) => [sub(mul(a, r), q), mul(a, 3)], [y, rows, rowOf3]);
    });
    it(`${dtype}: Math functions V8 calls directly run per lane (sin, cos, exp, log, pow, atan2)`, () => {
      const a = tensor(floats(37, 8), dtype);
      const b = tensor(floats(37, 9).map(Math.abs), dtype);
      agrees((x, y) => [add(sin(x), cos(y)), mul(exp(x), log(y)), pow(y, x), arctan2(x, y)], [a, b]);
    });
  }

  it("gradients of a fused float32 and a float64 function agree with eager bit for bit", () => {
    const f = (x: Tensor) => sum(add(mul(sin(x), x), maximum(x, 0.5)));
    for (const dtype of ["float32", "float64"] as DType[]) {
      const x = tensor(floats(101, 10, false), dtype);
      expect(exact(jit(grad(f))(x))).toEqual(exact(grad(f)(x)));
    }
  });

  it("int32 and uint32: wrapping add, sub, products, negation, comparisons, bitwise ops, conversion to float32", () => {
    for (const dtype of ["int32", "uint32"] as DType[]) {
      const a = tensor(ints(23, 11), dtype);
      const b = tensor(ints(23, 12).reverse(), dtype);
      agrees(
        (x, y) => {
          const p = sub(mul(add(x, y), x), neg(y));
          const q = bitwiseXor(bitwiseAnd(p, y), bitwiseOr(x, bitwiseNot(y)));
          return [where(less(x, y), q, p), astype(q, "float32"), greaterEqual(p, q)];
        },
        [a, b],
      );
    }
  });

  it("bools in and out: masks from comparisons, logical not and xor, where on a bool input, a bool row of 8", () => {
    for (const dtype of ["float32", "float64"] as DType[]) {
      const x = tensor(floats(6 * 8, 13), dtype, [6, 8]);
      const c = tensor(
        floats(6 * 8, 14).map((v) => v > 0),
        "bool",
        [6, 8],
      );
      const row = tensor([true, false, false, true, true, true, false, true], "bool");
      agrees((a, m) => [logicalNot(equal(a, 0.5)), where(m, a, neg(a)), astype(m, dtype)], [x, c]);
      agrees((a, r) => [where(bitwiseAnd(greater(a, 0), r), a, 2), logicalXor(r, greater(a, 1))], [x, row]);
    }
  });

  it("float32 loops run the vectorised math the eager kernels use (exp, expm1, log, log1p, tanh, sigmoid, sin, cos, pow)", () => {
    for (const n of [3, 45]) {
      const a = tensor(floats(n, 18), "float32");
      const b = tensor(
        floats(n, 19).map((v) => Math.abs(v) / 2),
        "float32",
      );
      agrees((x, y) => [mul(tanh(x), x), add(exp(x), expm1(y)), sub(log(y), log1p(y)), sigmoid(x), add(sin(x), cos(y)), pow(y, x)], [a, b]);
    }
  });

  it("int32 and uint32 shifts over lanes: constant counts as one SIMD shift (0, 1, 9, 31, and 32, 33 settled at compile time), tensor counts lane by lane (counts of 32 and more, negative)", () => {
    for (const dtype of ["int32", "uint32"] as DType[]) {
      for (const n of sizes) {
        const a = tensor(ints(n, 21), dtype);
        for (const c of [0, 1, 9, 31, 32, 33]) {
          agrees((x) => [shiftLeft(x, c), shiftRightLogical(x, c), shiftRightArithmetic(x, c)], [a]);
        }
        // Counts from a tensor: the specials of `ints` include 31, 32, 33, −1 and −2³¹.
        const b = tensor(ints(n, 22).reverse(), dtype);
        agrees((x, y) => [shiftLeft(x, y), shiftRightLogical(x, y), shiftRightArithmetic(add(x, y), y)], [a, b]);
        // A count of one element, and a row of counts repeating along the rows.
        agrees((x, y) => shiftRightLogical(add(x, 1), y), [a, tensor([7], dtype)]);
        const rows = tensor(ints(3 * 8, 23), dtype, [3, 8]);
        agrees((x, y) => shiftLeft(add(x, 1), y), [rows, tensor([0, 1, 31, 32, 33, 5, 16, 9], dtype)]);
      }
    }
    agrees((x) => shiftRightLogical(add(x, 1), -1), [tensor(ints(9, 24), "int32")]);
  });

  it("a dropout mask runs in one loop with its select (bits to uniform float32, compare, where) and gives the eager values", () => {
    for (const shape of [
      [3, 7],
      [128, 256],
    ]) {
      const x = tensor(floats(shape[0] * shape[1], 25), "float32", shape);
      const dropout = (k: Tensor, h: Tensor) => where(random.bernoulli(k, 0.8, h.shape), div(h, 0.8), 0);
      // The key's words (a one-element program) and the mask's loop.
      agrees(dropout, [random.key(3), x], 2);
    }
  });

  it("keeps the JavaScript loop where a step has no lowering: float64 tanh (no direct Math import), float32 mixed with float64, an odd bool row", () => {
    const x = tensor(floats(9, 15), "float32");
    agrees((a) => mul(tanh(a), a), [astype(x, "float64")], 0);
    agrees((a) => add(astype(a, "float64"), 1), [x], 0);
    const odd = tensor([true, false, true], "bool");
    agrees((a, r) => where(r, a, 0), [tensor(floats(6, 17), "float32", [2, 3]), odd], 0);
  });
});

describe("a one-element group as one wasm function", () => {
  it("a scalar chain and its gradient (sin, mul, add: the B3 benchmark's shape)", () => {
    const chain = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 50; i++) y = add(mul(sin(y), 1.001), 0.1);
      return y;
    };
    for (const dtype of ["float32", "float64"] as DType[]) agrees(grad(chain) as (x: Tensor) => Tensor, [tensor(0.5, dtype)]);
  });

  it("takes every Math function, shifts, conversions between float32, float64 and integers", () => {
    for (const v of [0.3, -0.7, 2.5, NaN, -0]) {
      agrees((x) => [tanh(x), sigmoid(x), astype(add(astype(x, "float64"), 1e-9), "float32")], [tensor(v, "float32")]);
    }
    for (const [a, b] of [
      [5, 3],
      [-8, 31],
      [-8, 33],
      [1, -1],
    ]) {
      const x = tensor(a, "int32");
      const s = tensor(b, "int32");
      agrees((p, q) => [shiftLeft(p, q), shiftRightLogical(p, q), shiftRightArithmetic(p, q), astype(p, "float64")], [x, s]);
    }
  });

  it("shares one vectorised math call among up to four independent float32 steps, each lane its own value", () => {
    const x = tensor(0.3, "float32");
    const y = tensor(-1.7, "float32");
    agrees((a, b) => [tanh(a), tanh(b), tanh(add(a, 1)), tanh(mul(b, 2)), tanh(sub(a, b)), exp(a), exp(b)], [x, y]);
  });

  it("float32 math on one, two or three values (two-lane and four-lane calls) equals eager bit for bit on edge values", () => {
    // ±0, NaN, ±∞, subnormals, the trig reduction limit and beyond it, overflow and underflow of exp, huge and tiny logs.
    const edges = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1.4e-45, 421657440, -421657472, 1e30, -3e38, 88.73, -103.9, 710, 0.5, -2.75, 1.5707964];
    const unary = [exp, expm1, log, log1p, tanh, sigmoid, sin, cos];
    for (const v of edges) {
      const x = tensor(v, "float32");
      const w = tensor(edges[(edges.indexOf(v) + 5) % edges.length], "float32");
      for (const f of unary) {
        agrees((a) => neg(f(a)), [x]);
        agrees((a, b) => [f(a), f(b)], [x, w]);
        agrees((a, b) => [f(a), f(b), f(neg(a))], [x, w]);
      }
      agrees((a, b) => neg(pow(a, b)), [x, w]);
      agrees((a, b) => [pow(a, b), pow(b, a)], [x, w]);
      agrees((a, b) => [pow(a, b), pow(b, a), pow(a, a)], [x, w]);
    }
  });

  it("a sum of one element is that element, as the reduce kernel gives it (−0 stays −0)", () => {
    agrees((x) => sum(neg(x)), [tensor([0], "float32")]);
    expect(exact(jit((x: Tensor) => sum(neg(x)))(tensor([0], "float32")))).toEqual(["-0"]);
  });
});
