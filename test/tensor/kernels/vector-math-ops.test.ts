import { describe, expect, it } from "vitest";
import { cos, exp, expm1, grad, jit, log, log1p, mul, pow, sigmoid, sin, sum, tanh, tensor, vmap, type Tensor } from "../../../src/index";
import { compile } from "../../../src/core/compile/executable";
import { makeJaxpr } from "../../../src/index";
import { float32Math } from "../../../src/tensor/kernels/vector-math-scalar";

type Unary = (x: Tensor) => Tensor;
const ops: Record<string, [Unary, (x: number) => number]> = {
  exp: [exp, float32Math.exp],
  expm1: [expm1, float32Math.expm1],
  log: [log, float32Math.log],
  log1p: [log1p, float32Math.log1p],
  tanh: [tanh, float32Math.tanh],
  sigmoid: [sigmoid, float32Math.sigmoid],
  sin: [sin, float32Math.sin],
  cos: [cos, float32Math.cos],
};

/** n float32 values spread over [lo, hi), deterministic. */
function values(n: number, lo: number, hi: number): Tensor {
  return tensor(
    Float32Array.from({ length: n }, (_, i) => lo + ((i * 7919) % n) * ((hi - lo) / n)),
    "float32",
    [n],
  );
}

const bits = (t: Tensor): number[] => Array.from(t.data());

describe("the float32 math ops use the vectorised functions, eagerly and under jit", () => {
  for (const [name, [op, mirror]] of Object.entries(ops)) {
    it(`${name}: eager values are the mirror's, small (JavaScript) and large (SIMD), and jit equals eager bit for bit`, () => {
      const lo = name === "log" ? 0.001 : name === "log1p" ? -0.999 : -20;
      for (const n of [5, 3001]) {
        const x = values(n, lo, 30);
        const xs = Array.from(x.data());
        expect(bits(op(x))).toEqual(xs.map(mirror));
        // Fused under jit: a chain op(x)·x + x in one generated loop.
        const f = (t: Tensor) => mul(op(t), t);
        expect(bits(jit(f)(x))).toEqual(bits(f(x)));
        expect(bits(jit(op)(x))).toEqual(bits(op(x)));
      }
    });
  }

  it("pow: eager (broadcast scalar exponent, full operands, a broadcast row) equals the mirror and jit", () => {
    const a = values(2001, 0.01, 5);
    const b = values(2001, -3, 3);
    const as = Array.from(a.data());
    const bs = Array.from(b.data());
    expect(bits(pow(a, b))).toEqual(as.map((v, i) => float32Math.pow(v, bs[i])));
    expect(bits(pow(a, tensor(1.5, "float32")))).toEqual(as.map((v) => float32Math.pow(v, 1.5)));
    const rows = tensor(Float32Array.from(as.slice(0, 600)), "float32", [200, 3]);
    const row = tensor([0.5, 2, -1], "float32");
    const rowValues = as.slice(0, 600);
    expect(bits(pow(rows, row))).toEqual(rowValues.map((v, i) => float32Math.pow(v, [0.5, 2, -1][i % 3])));
    const f = (x: Tensor, y: Tensor) => mul(pow(x, y), x);
    expect(bits(jit(f)(a, b))).toEqual(bits(f(a, b)));
  });

  it("jit fuses a float32 tanh chain into one loop that calls the mirror, and its value and gradient equal eager", () => {
    const x = values(4001, -4, 4);
    const loss = (t: Tensor) => sum(mul(tanh(t), sigmoid(t)));
    const program = compile(makeJaxpr(loss)(x));
    expect(program.stats.fusedLoops).toBeGreaterThanOrEqual(1);
    expect(jit(loss)(x).item()).toBe(loss(x).item());
    expect(bits(jit(grad(loss))(x))).toEqual(bits(grad(loss)(x)));
  });

  it("vmap over float32 rows equals a loop over the rows, bit for bit", () => {
    const x = tensor(
      Float32Array.from({ length: 12 * 50 }, (_, i) => Math.sin(i) * 6),
      "float32",
      [12, 50],
    );
    const f = (r: Tensor) => mul(exp(r), cos(r));
    const batched = bits(vmap(f)(x));
    const rows = Array.from({ length: 12 }, (_, i) => bits(f(tensor(x.data().slice(i * 50, (i + 1) * 50) as Float32Array, "float32", [50]))));
    expect(batched).toEqual(rows.flat());
  });

  it("float64 keeps Math.* (the exact path)", () => {
    const x = tensor([0.5, -1.25, 3], "float64");
    expect(bits(exp(x))).toEqual([0.5, -1.25, 3].map(Math.exp));
    expect(bits(jit((t: Tensor) => tanh(t))(x))).toEqual([0.5, -1.25, 3].map(Math.tanh));
    expect(bits(pow(x, tensor(1.5, "float64")))).toEqual([0.5, -1.25, 3].map((v) => v ** 1.5));
  });
});
