import { describe, expect, it } from "vitest";
import {
  add,
  astype,
  bitwiseXor,
  exp,
  grad,
  jit,
  makeJaxpr,
  matmul,
  mul,
  shiftLeft,
  shiftRightLogical,
  softmax,
  sub,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  type Tensor,
} from "../../src/index";
import { compile } from "../../src/core/compile/executable";

const x = tensor([
  [0.5, -1, 2],
  [3, 0.25, -0.75],
]);
const bias = tensor([0.1, -0.2, 0.3]);
const exact = (t: Tensor) => Array.from(t.data());

describe("the jit compiler", () => {
  it("fuses an elementwise chain with a row broadcast and a sum into one loop, bit for bit", () => {
    const f = (a: Tensor, b: Tensor) => sum(mul(tanh(add(a, b)), a));
    const program = compile(makeJaxpr(f)(x, bias));
    expect(program.stats).toMatchObject({ fusedLoops: 1, singleKernels: 0 });
    expect(exact(jit(f)(x, bias))).toEqual(exact(f(x, bias)));
  });

  it("releases each value after its last use: a chain of products holds a few values, not all of them", () => {
    const w = tensor([
      [0.5, -0.25],
      [0.25, 0.5],
    ]);
    const chain = (a: Tensor) => {
      let y = a;
      for (let i = 0; i < 20; i++) y = matmul(y, w);
      return y;
    };
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const program = compile(makeJaxpr(chain)(a));
    expect(program.stats.singleKernels).toBe(20);
    expect(program.stats.peakLiveValues).toBeLessThanOrEqual(2);
    expect(exact(jit(chain)(a))).toEqual(exact(chain(a)));
  });

  it("fuses integer chains, wrapping to 32 bits as the kernels do (uint32 products with Math.imul, shifts, xor)", () => {
    const f = (a: Tensor, b: Tensor) => astype(shiftRightLogical(mul(bitwiseXor(add(a, b), 0x9e3779b9), b), 3), "float32");
    const a = tensor([1, 2, 0xffffffff, 0x80000000], "uint32");
    const b = tensor([7, 0x12345678, 3, 0xffffffff], "uint32");
    const program = compile(makeJaxpr(f)(a, b));
    expect(program.stats).toMatchObject({ fusedLoops: 1, singleKernels: 0 });
    expect(exact(jit(f)(a, b))).toEqual(exact(f(a, b)));
    const g = (x: Tensor) => sub(mul(x, x), shiftLeft(x, 31));
    const x = tensor([46341, -46341, 2147483647, -2147483648], "int32");
    expect(compile(makeJaxpr(g)(x)).stats).toMatchObject({ fusedLoops: 1, singleKernels: 0 });
    expect(exact(jit(g)(x))).toEqual(exact(g(x)));
  });

  it("removes dead code and folds constants", () => {
    const f = (a: Tensor) => {
      exp(a); // unused
      return add(a, mul(tensor([1, 2, 3]), 2)); // the constant product is folded
    };
    const program = compile(makeJaxpr(f)(x));
    expect(program.jaxpr.eqns.map((e) => e.primitive)).toEqual(["add"]);
    expect(exact(jit(f)(x))).toEqual(exact(f(x)));
  });

  it("does not read a sum inside the loop that computes it (softmax)", () => {
    expect(exact(jit((a: Tensor) => softmax(a))(x))).toEqual(exact(softmax(x)));
  });

  it("compiles the gradient of a layer to the same values", () => {
    const w = tensor([
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
      [0.7, 0.8, 0.9],
    ]);
    const loss = (p: Tensor) => sum(tanh(add(matmul(x, p), bias)));
    const [v1, g1] = valueAndGrad(loss)(w);
    const [v2, g2] = jit(valueAndGrad(loss))(w);
    expect(v2.item()).toBe(v1.item());
    expect(exact(g2)).toEqual(exact(g1));
    expect(exact(jit(grad(loss))(w))).toEqual(exact(g1));
  });
});
