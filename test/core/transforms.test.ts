import { describe, expect, it } from "vitest";
import { List, Map as IMap, Record as IRecord } from "immutable";
import {
  type Tensor,
  add,
  cos,
  customVjp,
  exp,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  makeJaxpr,
  matmul,
  mul,
  ones,
  scalar,
  sin,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  vjp,
  clip,
  stopGradient,
  square,
  sub,
  zeros,
} from "../../src/index";

/** A float64 tensor from nested arrays, shape-erased for brevity. */
const f64 = (v: unknown): Tensor => tensor(v as number[][], "float64") as Tensor;

describe("grad", () => {
  it("differentiates a polynomial", () => {
    const g = grad((x: Tensor) => sum(mul(x, mul(x, x))))(f64([1, 2, -3]));
    expect(g.toArray()).toEqual([3, 12, 27]);
  });

  it("passes the Siskind–Pearlmutter perturbation-confusion test", () => {
    const d = grad((x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(scalar(1))))(scalar(1));
    expect(d.item()).toBe(1);
  });

  it("nests to third order", () => {
    const d3 = grad(grad(grad((x: Tensor) => sin(x))))(scalar(0.3, "float64"));
    expect(d3.item()).toBeCloseTo(-Math.cos(0.3), 12);
  });

  it("rejects a non-scalar output with a message saying so", () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(f64([1, 2]))).toThrow(/must return a scalar \(shape \[\]\), got shape \[2\]/);
  });

  it("gives zero gradients to unused inputs and respects argnums", () => {
    const f = (a: Tensor, _b: Tensor, c: Tensor) => sum(mul(a, c));
    const [ga, gb] = grad(f, { argnums: [0, 1] })(f64([1, 2]), f64([5, 6, 7]), f64([3, 4]));
    expect(ga.toArray()).toEqual([3, 4]);
    expect(gb.toArray()).toEqual([0, 0, 0]);
    expect(grad(f, { argnums: 2 })(f64([1, 2]), f64([5]), f64([3, 4])).toArray()).toEqual([1, 2]);
  });

  it("returns gradients with the structure of plain objects, arrays and Immutable collections", () => {
    const Point = IRecord({ x: scalar(0, "float64") as Tensor, y: scalar(0, "float64") as Tensor });
    const params = {
      w: f64([1, 2]),
      layers: [f64([3]), null],
      list: List([scalar(2, "float64")]),
      map: IMap({ k: scalar(3, "float64") }),
      point: Point({ x: scalar(4, "float64"), y: scalar(5, "float64") }),
    };
    type P = typeof params;
    const loss = (p: P) =>
      add(add(sum(square(p.w)), sum(p.layers[0] as Tensor)), add(mul(p.list.get(0) as Tensor, p.map.get("k") as Tensor), mul(p.point.x, p.point.y)));
    const g = grad(loss)(params);
    expect(g.w.toArray()).toEqual([2, 4]);
    expect((g.layers[0] as Tensor).toArray()).toEqual([1]);
    expect(g.layers[1]).toBeNull();
    expect(List.isList(g.list) && (g.list.get(0) as Tensor).item()).toBe(3);
    expect(IMap.isMap(g.map) && (g.map.get("k") as Tensor).item()).toBe(2);
    expect(g.point instanceof Point).toBe(true);
    expect([g.point.x.item(), g.point.y.item()]).toEqual([5, 4]);
  });

  it("supports hasAux", () => {
    const [g, aux] = grad((x: Tensor) => [sum(square(x)), "note"] as const, { hasAux: true })(f64([3]));
    expect(g.toArray()).toEqual([6]);
    expect(aux).toBe("note");
    const [[v, a], g2] = valueAndGrad((x: Tensor) => [sum(square(x)), 7] as const, { hasAux: true })(f64([3]));
    expect([v.item(), a, g2.toArray()]).toEqual([9, 7, [6]]);
  });

  it("never mutates its inputs", () => {
    const x = f64([1, 2, 3]);
    const before = x.data();
    grad((t: Tensor) => sum(exp(t)))(x);
    expect(x.data()).toEqual(before);
  });

  it("differentiates a 100 000-primitive chain without overflowing the stack", () => {
    const chain = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 50_000; i++) y = add(mul(y, 0.99999), 0.00001);
      return y;
    };
    expect(grad(chain)(scalar(0.5, "float64")).item()).toBeCloseTo(0.99999 ** 50_000, 9);
  });

  it("rejects tracers that escape and functions that return Promises", () => {
    let leaked: Tensor | undefined;
    grad((x: Tensor) => {
      leaked = x;
      return sum(x);
    })(f64([1]));
    expect(() => add(leaked as Tensor, 1)).toThrow(/tracer of a finished grad was used/);
    expect(() => grad(((x: Tensor) => Promise.resolve(sum(x))) as unknown as (x: Tensor) => Tensor)(f64([1]))).toThrow(/returned a Promise/);
  });

  it("rejects integer inputs", () => {
    expect(() => grad((x: Tensor) => sum(x))(tensor([1, 2], "int32"))).toThrow(/dtype int32/);
  });

  it("stops gradients at stopGradient", () => {
    expect(grad((x: Tensor) => mul(x, stopGradient(x)))(scalar(3, "float64")).item()).toBe(3);
  });
});

describe("vjp and jvp", () => {
  it("vjp pulls back a cotangent through a matrix product", () => {
    const A = f64([
      [1, 2],
      [3, 4],
    ]);
    const [y, pullback] = vjp((x: Tensor): Tensor => matmul(A, x), f64([1, 1]));
    expect(y.toArray()).toEqual([3, 7]);
    expect(pullback(f64([1, 0]))[0].toArray()).toEqual([1, 2]);
  });

  it("jvp pushes a tangent forward", () => {
    const [y, t] = jvp((x: Tensor) => mul(sin(x), x), [scalar(2, "float64")], [scalar(1, "float64")]);
    expect(y.item()).toBeCloseTo(2 * Math.sin(2), 12);
    expect(t.item()).toBeCloseTo(Math.sin(2) + 2 * Math.cos(2), 12);
  });

  it("jvp rejects tangents that do not match the primals", () => {
    expect(() => jvp((x: Tensor) => x, [f64([1, 2])], [f64([1])])).toThrow(/tangent leaf 0 of argument 0 has shape \[1\]/);
  });
});

describe("Jacobians and Hessians", () => {
  const cube = (x: Tensor) => sum(mul(x, mul(x, x)));
  it("jacfwd and jacrev agree with the closed form", () => {
    const f = (x: Tensor) => mul(x, sum(x));
    const x = f64([1, 2]);
    // d/dx_j (x_i Σx) = δ_ij Σx + x_i, with Σx = 3
    const closed = [
      [3 + 1, 1],
      [2, 3 + 2],
    ];
    expect(jacfwd(f)(x).toArray()).toEqual(closed);
    expect(jacrev(f)(x).toArray()).toEqual(closed);
  });
  it("hessian of Σx³ is diag(6x)", () => {
    const h = hessian(cube)(f64([1, -2])).toArray() as number[][];
    expect(h.map((row) => row.map((v) => v + 0))).toEqual([
      [6, 0],
      [0, -12],
    ]); // + 0 turns −0 into 0
  });
});

describe("customVjp", () => {
  const clippedSquare = customVjp(
    (x: Tensor) => mul(x, x),
    (x: Tensor) => [mul(x, x), x] as const,
    (x: Tensor, ct: Tensor) => [clip(mul(mul(2, x), ct), -1, 1)],
  );
  it("uses the custom rule", () => {
    expect(clippedSquare(scalar(3)).item()).toBe(9);
    expect(grad(clippedSquare)(scalar(3)).item()).toBe(1);
    expect(grad(clippedSquare)(scalar(0.25)).item()).toBe(0.5);
  });
  it("differentiates the custom rule again", () => {
    expect(grad(grad(clippedSquare))(scalar(0.25, "float64")).item()).toBe(2);
  });
  it("refuses forward mode with a clear message", () => {
    expect(() => jvp(clippedSquare, [scalar(1)], [scalar(1)])).toThrow(/forward mode/);
  });
});

describe("makeJaxpr and jit", () => {
  it("prints the IR", () => {
    const text = makeJaxpr((x: Tensor) => sum(mul(x, 2)))(ones([3])).toString();
    expect(text).toBe(["{ lambda ; a:f32[3]. let", "    b:f32[3] = mul a 2", "    c:f32[] = reduceSum[axes=[0]] b", "  in (c) }"].join("\n"));
  });

  it("jit agrees with the function, composes with grad both ways, and caches per signature", () => {
    let traces = 0;
    const f = (w: Tensor, x: Tensor) => {
      traces++;
      return sum(tanh(matmul(x, w)));
    };
    const fast = jit(f);
    const w = f64([
      [0.1, 0.2],
      [0.3, -0.4],
    ]);
    const x = f64([
      [1, 2],
      [3, 4],
    ]);
    expect(fast(w, x).item()).toBe(sum(tanh(matmul(x, w))).item());
    fast(w, x);
    expect(traces).toBe(1); // traced once, replayed on the second call
    fast(f64([[1]]), f64([[2]]));
    expect(traces).toBe(2); // a new signature traces again
    const direct = grad(f)(w, x).toArray();
    expect(grad(fast)(w, x).toArray()).toEqual(direct);
    expect(jit(grad(f))(w, x).toArray()).toEqual(direct);
  });

  it("turns data-dependent control flow into an error that says what to do", () => {
    const f = jit((x: Tensor) => (sum(x).item() > 0 ? x : sub(0, x)));
    expect(() => f(f64([1]))).toThrow(/Data-dependent control flow.*where.*staticArgnums/);
  });

  it("treats static arguments as part of the signature", () => {
    const f = jit((x: Tensor, power: number) => (power === 2 ? square(x) : x), { staticArgnums: [1] });
    expect(f(f64([3]), 2).toArray()).toEqual([9]);
    expect(f(f64([3]), 1).toArray()).toEqual([3]);
  });
});

describe("bad input changes nothing", () => {
  it("names the op and both shapes", () => {
    expect(() => add(zeros([2, 3]) as Tensor, zeros([4]) as Tensor)).toThrow("add: shapes [2,3] and [4] do not broadcast");
    expect(() => matmul(zeros([2, 3]) as Tensor, zeros([4, 5]) as Tensor)).toThrow(
      "matmul: inner dimensions differ: a has shape [2,3] (k=3), b has shape [4,5] (k=4)",
    );
  });
  it("keeps cos and sin consistent under jvp", () => {
    const [, t] = jvp((x: Tensor) => cos(x), [scalar(0.5, "float64")], [scalar(1, "float64")]);
    expect(t.item()).toBeCloseTo(-Math.sin(0.5), 12);
  });
});
