/**
 * The transforms of issue 11: vjp with hasAux (JAX's `vjp(f, *primals, has_aux=True)`),
 * evalShape (abstract evaluation: shapes and dtypes without computing), and
 * linearTranspose (the transpose of a linear function, checked against explicit matrices
 * and the dot-product identity ⟨f(x), c⟩ = ⟨x, fᵀ(c)⟩).
 */
import { describe, expect, it } from "vitest";
import {
  add,
  cholesky,
  grad,
  lax,
  less,
  scalar,
  stopGradient,
  evalShape,
  jit,
  linearTranspose,
  matmul,
  mul,
  ones,
  random,
  ShapeDtypeStruct,
  sin,
  sum,
  tensor,
  transpose,
  vjp,
  zeros,
  type Tensor,
} from "../../src/index";
import { Tracer } from "../../src/core/trace";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);
const f64 = (v: number[] | number[][]) => tensor(v, "float64");

describe("vjp with hasAux", () => {
  const f = (x: Tensor) => [sin(x), { total: sum(x), label: "aux" }] as const;

  it("returns [output, pullback, aux], aux undifferentiated and free of tracers", () => {
    const x = f64([0, 1, 2]);
    const [y, pullback, aux] = vjp(f, x, { hasAux: true });
    expect(values(y)).toEqual([0, Math.sin(1), Math.sin(2)]);
    expect(values(pullback(f64([1, 1, 1]))[0])).toEqual([1, Math.cos(1), Math.cos(2)]);
    expect(aux.total).not.toBeInstanceOf(Tracer);
    expect(aux.total.item()).toBe(3);
    expect(aux.label).toBe("aux");
  });

  it("the pullback can be called again, and is linear in the cotangent", () => {
    const x = f64([0.5, -1]);
    const [, pullback] = vjp(f, x, { hasAux: true });
    const a = values(pullback(f64([1, 0]))[0]);
    const b = values(pullback(f64([0, 2]))[0]);
    expect(values(pullback(f64([1, 2]))[0])).toEqual([a[0] + b[0], a[1] + b[1]]);
    expect(a).toEqual([Math.cos(0.5), 0]);
  });

  it("several primals (and pytrees) with the options after them", () => {
    const g = (w: { a: Tensor; b: Tensor }, x: Tensor) => [mul(add(w.a, w.b), x), mul(x, 2)] as const;
    const [y, pullback, aux] = vjp(g, { a: f64([1]), b: f64([2]) }, f64([4]), { hasAux: true });
    expect(values(y)).toEqual([12]);
    expect(values(aux)).toEqual([8]);
    const [gw, gx] = pullback(f64([1]));
    expect(values(gw.a)).toEqual([4]);
    expect(values(gw.b)).toEqual([4]);
    expect(values(gx)).toEqual([3]);
  });

  it("without the options vjp is unchanged; hasAux: false is the two-element form", () => {
    const [y, pullback] = vjp((x: Tensor) => mul(x, x), f64([3]));
    expect(values(y)).toEqual([9]);
    expect(values(pullback(f64([1]))[0])).toEqual([6]);
    const out = vjp((x: Tensor) => mul(x, x), f64([3]), { hasAux: false });
    expect(out.length).toBe(2);
  });

  it("works inside jit", () => {
    const h = (x: Tensor) => {
      const [, pullback, aux] = vjp(f, x, { hasAux: true });
      return [pullback(ones([3], "float64"))[0], aux.total] as const;
    };
    const x = f64([0.1, 0.2, 0.3]);
    const [g1, t1] = h(x);
    const [g2, t2] = jit(h)(x);
    expect(values(g2)).toEqual(values(g1));
    expect(t2.item()).toBe(t1.item());
  });

  it("explains a function that does not return [output, aux]", () => {
    expect(() => vjp((x: Tensor) => sin(x) as unknown as readonly [Tensor, number], f64([1]), { hasAux: true })).toThrow(
      /vjp: with hasAux the function must return \[output, aux\]/,
    );
  });
});

describe("evalShape", () => {
  it("gives the shapes and dtypes of a tree of outputs", () => {
    const out = evalShape((x: Tensor<[8, 784]>, w: Tensor<[784, 256]>) => ({ y: matmul(x, w), s: sum(x), pair: [x, tensor([1], "int32")] as const }))(
      new ShapeDtypeStruct([8, 784] as [8, 784]),
      zeros([784, 256]),
    );
    expect(out.y).toBeInstanceOf(ShapeDtypeStruct);
    expect(out.y.shape).toEqual([8, 256]);
    expect(out.y.dtype).toBe("float32");
    expect(out.s.shape).toEqual([]);
    expect(out.pair[0].shape).toEqual([8, 784]);
    expect(out.pair[1].dtype).toBe("int32");
    expect(String(out.y)).toBe("ShapeDtypeStruct(shape=[8,256], dtype=float32)");
  });

  it("computes nothing: a failing kernel (cholesky of a non-positive-definite matrix) does not run", () => {
    const bad = f64([
      [-1, 0],
      [0, -1],
    ]);
    expect(() => cholesky(bad)).toThrow();
    const out = evalShape((a: Tensor) => cholesky(a))(bad);
    expect(out.shape).toEqual([2, 2]);
    expect(out.dtype).toBe("float64");
  });

  it("takes numbers and dtypes from ShapeDtypeStructs, and random keys", () => {
    const out = evalShape((k: Tensor, x: Tensor) => add(random.normal(k, [4, 3], { dtype: "float64" }), x))(
      new ShapeDtypeStruct([2], "uint32"),
      new ShapeDtypeStruct([3], "float64"),
    );
    expect(out.shape).toEqual([4, 3]);
    expect(out.dtype).toBe("float64");
    expect(evalShape((x: Tensor) => mul(x, 2))(3 as unknown as Tensor).shape).toEqual([]);
  });

  it("takes parameter trees of ShapeDtypeStructs (a network's init without its numbers)", () => {
    const apply = (params: { w: Tensor<[3, 2]>; b: Tensor<[2]> }, x: Tensor<[5, 3]>) => add(matmul(x, params.w), params.b);
    const out = evalShape(apply)(
      { w: new ShapeDtypeStruct([3, 2] as [3, 2], "float64"), b: zeros([2], "float64") },
      new ShapeDtypeStruct([5, 3] as [5, 3], "float64"),
    );
    expect(out.shape).toEqual([5, 2]);
    expect(out.dtype).toBe("float64");
  });

  it("reports shape errors as running would", () => {
    expect(() => evalShape((a: Tensor, b: Tensor) => add(a, b))(new ShapeDtypeStruct([3]), new ShapeDtypeStruct([2]))).toThrow(
      /add: shapes \[3\] and \[2\] do not broadcast/,
    );
    expect(() => new ShapeDtypeStruct([2, -1])).toThrow(/ShapeDtypeStruct: shape \[2,-1\] must be an array of non-negative integers/);
  });
});

describe("linearTranspose", () => {
  const A = f64([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("of x ↦ A·x is c ↦ Aᵀ·c", () => {
    const fT = linearTranspose((x: Tensor) => matmul(A, x), new ShapeDtypeStruct([3], "float64"));
    expect(values(fT(f64([1, 1]))[0])).toEqual([5, 7, 9]);
    expect(values(fT(f64([1, -1]))[0])).toEqual(values(matmul(transpose(A), f64([1, -1]))));
  });

  it("of a function of several arguments gives one cotangent each", () => {
    const fT = linearTranspose((x: Tensor, y: Tensor) => add(mul(x, 2), mul(y, 3)), zeros([2], "float64"), zeros([2], "float64"));
    const [cx, cy] = fT(f64([1, 10]));
    expect(values(cx)).toEqual([2, 20]);
    expect(values(cy)).toEqual([3, 30]);
  });

  it("satisfies ⟨f(x), c⟩ = ⟨x, fᵀ(c)⟩ for a composite linear map, primals only giving shapes", () => {
    const B = f64([
      [0.5, -1],
      [2, 0.25],
      [1, 1],
    ]);
    const f = (x: Tensor) => add(matmul(B, matmul(A, x)), mul(x, 3));
    const x = f64([0.3, -1.2, 2.5]);
    const c = f64([1.5, 0.7, -0.4]);
    const fT = linearTranspose(f, f64([100, 200, 300]));
    const lhs = sum(mul(f(x), c)).item();
    const rhs = sum(mul(x, fT(c)[0])).item();
    expect(lhs).toBeCloseTo(rhs, 12);
  });

  it("of a function of a parameter tree gives a cotangent tree", () => {
    const fT = linearTranspose((p: { u: Tensor; v: Tensor }) => add(mul(p.u, 2), p.v), { u: new ShapeDtypeStruct([2], "float64"), v: zeros([2], "float64") });
    const [ct] = fT(f64([1, 5]));
    expect(values(ct.u)).toEqual([2, 10]);
    expect(values(ct.v)).toEqual([1, 5]);
  });

  it("explains a bad primal", () => {
    expect(() => linearTranspose((x: Tensor) => x, "nope" as unknown as Tensor)).toThrow(
      /linearTranspose: primal leaf 0 is not a tensor, a number or a ShapeDtypeStruct/,
    );
  });
});

describe("reverse mode around loops on constants (what the rejection samplers need)", () => {
  const doubleUntil = (limit: Tensor) =>
    lax.whileLoop(
      (x: Tensor) => less(x, limit),
      (x: Tensor) => mul(x, 2),
      scalar(1, "float64"),
    );

  it("a whileLoop that no differentiated value enters is a constant to grad", () => {
    const g = grad((x: Tensor) => mul(x, doubleUntil(scalar(100, "float64"))))(scalar(3, "float64"));
    expect(g.item()).toBe(128);
  });

  it("stopGradient's output is a constant to grad, so a whileLoop may consume it", () => {
    const f = (x: Tensor) => add(mul(x, x), doubleUntil(stopGradient(mul(x, 10))));
    expect(grad(f)(scalar(3, "float64")).item()).toBe(6);
    expect(f(scalar(3, "float64")).item()).toBe(9 + 32);
    expect(grad(f)(scalar(3, "float64")).item()).toBe(grad((x: Tensor) => mul(x, x))(scalar(3, "float64")).item());
  });

  it("a differentiated value entering a whileLoop is still an error", () => {
    expect(() => grad((x: Tensor) => doubleUntil(x))(scalar(3, "float64"))).toThrow(/whileLoop: reverse-mode differentiation \(grad, vjp\) is not supported/);
  });
});
