/**
 * Eager mode shares what is immutable to save allocations: scalar constants made from
 * number operands, frozen shapes, and the reverse-mode tape's `wanted` flags. These tests
 * pin down that nothing of it is visible to users: values stay right, copies stay copies,
 * and no tensor a user holds changes, under grad, jit and vmap too.
 */
import { describe, expect, it } from "vitest";
import {
  type Tensor,
  add,
  grad,
  jit,
  mul,
  reshape,
  scalar,
  sin,
  sub,
  sum,
  tensor,
  valueAndGrad,
  vjp,
  vmap,
  where,
  greater,
  stopGradient,
} from "../../src/index";
import { constantScalar } from "../../src/tensor/scalar-constants";

describe("shared scalar constants", () => {
  it("makes one tensor per dtype and value, holding the value in that dtype", () => {
    const a = constantScalar(1.001, "float32");
    expect(constantScalar(1.001, "float32")).toBe(a);
    expect(a.dtype).toBe("float32");
    expect(a.item()).toBe(Math.fround(1.001));
    const b = constantScalar(1.001, "float64");
    expect(b).not.toBe(a);
    expect(b.item()).toBe(1.001);
    expect(constantScalar(7, "int32").dtype).toBe("int32");
  });

  it("keeps −0 apart from 0 (a Map would merge them)", () => {
    expect(Object.is(constantScalar(0, "float64").item(), 0)).toBe(true);
    expect(Object.is(constantScalar(-0, "float64").item(), -0)).toBe(true);
    expect(Object.is(constantScalar(0, "float64").item(), 0)).toBe(true);
  });

  it("rejects a bad dtype or value with scalar's message", () => {
    expect(() => constantScalar(1, "float16" as "float32")).toThrow(/scalar: unknown dtype "float16"/);
    expect(() => constantScalar("1" as unknown as number, "float32")).toThrow(/scalar: value must be a number, got string/);
  });

  it("hands out copies only: mutating data() of a result or of the constant changes nothing", () => {
    const x = tensor([1, 2], "float64");
    const y = add(x, 0.25);
    const copy = y.data();
    copy[0] = 99;
    constantScalar(0.25, "float64").data()[0] = 99;
    expect(y.toArray()).toEqual([1.25, 2.25]);
    expect(add(x, 0.25).toArray()).toEqual([1.25, 2.25]);
    expect(constantScalar(0.25, "float64").item()).toBe(0.25);
  });

  it("gives distinct results for ops sharing a constant", () => {
    const a = mul(scalar(2, "float64"), 3);
    const b = mul(scalar(5, "float64"), 3);
    expect(a).not.toBe(b);
    expect([a.item(), b.item()]).toEqual([6, 15]);
  });

  it("is the same under grad, jit and vmap as an explicit tensor", () => {
    // f(x) = sin(x)·1.5 + 0.25, f'(x) = 1.5·cos(x), at x = 0.3 (float64).
    const f = (x: Tensor) => add(mul(sin(x), 1.5), 0.25);
    const x = scalar(0.3, "float64");
    const expected = 1.5 * Math.cos(0.3);
    expect(grad(f)(x).item()).toBeCloseTo(expected, 14);
    expect(jit(grad(f))(x).item()).toBeCloseTo(expected, 14);
    expect(jit(f)(x).item()).toBeCloseTo(Math.sin(0.3) * 1.5 + 0.25, 14);
    const xs = tensor([0.1, 0.2, 0.3], "float64");
    const batched = vmap(grad(f))(xs).toArray() as number[];
    [0.1, 0.2, 0.3].forEach((v, i) => expect(batched[i]).toBeCloseTo(1.5 * Math.cos(v), 14));
    // Calling again after all of that: the shared constants did not change.
    expect(f(x).item()).toBeCloseTo(Math.sin(0.3) * 1.5 + 0.25, 14);
  });
});

describe("shared frozen shapes", () => {
  it("copies a caller's shape array, so changing it later changes no tensor", () => {
    const shape = [2, 2];
    const t = tensor([1, 2, 3, 4], "float32", shape);
    shape[0] = 4;
    shape[1] = 1;
    expect(t.shape).toEqual([2, 2]);
  });

  it("gives every tensor a frozen shape that cannot be changed, also when results share it", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y = add(x, x);
    const z = sin(x);
    for (const t of [x, y, z, scalar(1), add(scalar(1), 2)]) expect(Object.isFrozen(t.shape)).toBe(true);
    expect(() => {
      (y.shape as number[])[0] = 7;
    }).toThrow(TypeError);
    expect([x.shape, y.shape, z.shape]).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(reshape(y, [4]).shape).toEqual([4]);
    expect(x.shape).toEqual([2, 2]);
  });
});

describe("the reverse-mode tape", () => {
  it("lets a vjp pullback run twice with the same result", () => {
    // y = x² · 3, dy/dx = 6x at x = [1, 2].
    const [y, pullback] = vjp((x: Tensor) => mul(mul(x, x), 3), tensor([1, 2], "float64"));
    expect(y.toArray()).toEqual([3, 12]);
    const first = pullback(tensor([1, 1], "float64"));
    const second = pullback(tensor([1, 0.5], "float64"));
    expect(first[0].toArray()).toEqual([6, 12]);
    expect(second[0].toArray()).toEqual([6, 6]);
    expect(pullback(tensor([1, 1], "float64"))[0].toArray()).toEqual([6, 12]);
  });

  it("accumulates cotangents of an input used twice by one step", () => {
    expect(grad((x: Tensor) => mul(x, x))(scalar(3, "float64")).item()).toBe(6);
  });

  it("sends cotangents only to traced inputs of a three-input step", () => {
    // where(x > 0, x·2, y·5) summed: d/dx = [2, 0], d/dy = [0, 5] at x = [1, -1].
    const f = (x: Tensor, y: Tensor) => sum(where(greater(x, 0), mul(x, 2), mul(y, 5)));
    const x = tensor([1, -1], "float64");
    const y = tensor([4, 4], "float64");
    const [gx, gy] = grad(f, { argnums: [0, 1] })(x, y);
    expect(gx.toArray()).toEqual([2, 0]);
    expect(gy.toArray()).toEqual([0, 5]);
    expect(grad(f, { argnums: 1 })(x, y).toArray()).toEqual([0, 5]);
  });

  it("records nothing through stopGradient and nothing for steps on constants", () => {
    // f(x) = x · stop(x) + (c − c): df/dx = stop(x) = 3.
    const c = scalar(2, "float64");
    const f = (x: Tensor) => add(mul(x, stopGradient(x)), sub(c, c));
    const [value, g] = valueAndGrad(f)(scalar(3, "float64"));
    expect(value.item()).toBe(9);
    expect(g.item()).toBe(3);
  });

  it("differentiates a long scalar chain to the value of its closed form", () => {
    // x ↦ sin(x)·1.001 + 0.1 applied 50 times; the derivative is the product of 1.001·cos(xᵢ).
    const step = (x: Tensor) => add(mul(sin(x), 1.001), 0.1);
    const chain = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 50; i++) y = step(y);
      return y;
    };
    let v = 0.5;
    let d = 1;
    for (let i = 0; i < 50; i++) {
      d *= 1.001 * Math.cos(v);
      v = Math.sin(v) * 1.001 + 0.1;
    }
    expect(grad(chain)(scalar(0.5, "float64")).item()).toBeCloseTo(d, 13);
    expect(grad(grad(chain))(scalar(0.5, "float64")).item()).toBeCloseTo(jit(grad(grad(chain)))(scalar(0.5, "float64")).item(), 12);
  });
});
