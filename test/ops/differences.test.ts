import { describe, expect, it } from "vitest";
import { convolve, correlate, diff, ediff1d, grad, gradient, interp, jit, mul, sum, tensor, trapezoid, unwrap, vmap, type Tensor } from "../../src/index";
import { checkGrads } from "../../laws";
import { expectClose, values } from "../nn/helpers";

const x = tensor(
  [
    [1, 4, 9, 16],
    [2, 3, 5, 8],
  ],
  "float64",
);
const coords = tensor([0, 1, 3, 6], "float64");

describe("diff and ediff1d (NumPy 2.4)", () => {
  it("orders, axes, prepend and append", () => {
    expectClose(
      diff(x),
      [
        [3, 5, 7],
        [1, 2, 3],
      ],
      0,
    );
    expectClose(
      diff(x, 2),
      [
        [2, 2],
        [1, 1],
      ],
      0,
    );
    expectClose(diff(x, 1, 0), [[1, -1, -4, -8]], 0);
    expectClose(diff(x, 0), x, 0);
    expectClose(
      diff(x, 1, -1, { prepend: 0, append: tensor([[1], [2]], "float64") }),
      [
        [1, 3, 5, 7, -15],
        [2, 1, 2, 3, -6],
      ],
      0,
    );
    expect(
      values(
        diff(
          tensor(
            [
              [1, 5, 2],
              [7, 0, 4],
            ],
            "int32",
          ),
          1,
          0,
          { prepend: tensor([[1, 1, 1]], "int32") },
        ),
      ),
    ).toEqual([0, 4, 1, 6, -5, 2]);
    expect(
      diff(
        tensor(
          [
            [1, 5, 2],
            [7, 0, 4],
          ],
          "int32",
        ),
        3,
      ).shape,
    ).toEqual([2, 0]);
  });
  it("bool differences are x[i+1] ≠ x[i]; a fractional prepend makes integers float", () => {
    const b = diff(tensor([1, 0, 0], "bool"));
    expect(b.dtype).toBe("bool");
    expect(values(b)).toEqual([1, 0]);
    expect(values(diff(tensor([1, 2], "int32"), 1, 0, { prepend: 0.5 }))).toEqual([0.5, 1]);
  });
  it("ediff1d flattens, with values before and after", () => {
    expect(values(ediff1d(x, { toBegin: -1, toEnd: tensor([7, 8]) }))).toEqual([-1, 3, 5, 7, -14, 1, 2, 3, 7, 8]);
    expect(values(ediff1d(tensor([1, 5, 2], "int32")))).toEqual([4, -3]);
  });
  it("gradients, jit and vmap", () => {
    checkGrads((u: Tensor) => diff(u, 2, 1, { prepend: 0.5 }), [x]);
    checkGrads((u: Tensor) => ediff1d(u, { toEnd: 3 }), [x]);
    expect(values(jit((u: Tensor) => diff(u, 2))(x))).toEqual(values(diff(x, 2)));
    expectClose(vmap((u: Tensor) => diff(u))(x), [values(diff(tensor([1, 4, 9, 16]))), values(diff(tensor([2, 3, 5, 8])))], 0);
  });
  it("errors", () => {
    expect(() => diff(tensor(3))).toThrow("diff: x must have at least one dimension, got a scalar");
    expect(() => diff(x, -1)).toThrow("diff: the order n must be a non-negative integer, got -1");
    expect(() => diff(x, 1, 2)).toThrow("diff: axis 2 is out of range for a tensor of rank 2");
    expect(() => diff(x, 1, -1, { prepend: tensor([1, 2, 3]) })).toThrow("diff: prepend of shape [3] must be a scalar or match x's shape [2,4] off axis 1");
  });
});

describe("gradient (NumPy 2.4's np.gradient)", () => {
  it("uniform steps along every axis: central inside, one-sided at the ends", () => {
    const [g0, g1] = gradient(x) as Tensor[];
    expectClose(
      g0,
      [
        [1, -1, -4, -8],
        [1, -1, -4, -8],
      ],
      0,
    );
    expectClose(
      g1,
      [
        [3, 4, 6, 7],
        [1, 1.5, 2.5, 3],
      ],
      0,
    );
    expectClose(gradient(tensor([1, 2, 4, 7, 11], "float64")), [1, 1.5, 2.5, 3.5, 4], 0);
  });
  it("axes in the order given, as NumPy", () => {
    const [g1, g0] = gradient(x, [coords, 2], { axis: [1, 0] }) as Tensor[];
    expectClose(
      g1,
      [
        [3, 2.8333333333333335, 2.4333333333333336, 2.3333333333333335],
        [1, 1, 1, 1],
      ],
      1e-15,
    );
    expectClose(
      g0,
      [
        [0.5, -0.5, -2, -4],
        [0.5, -0.5, -2, -4],
      ],
      0,
    );
  });
  it("one spacing per axis: a step and coordinates", () => {
    const [g0, g1] = gradient(x, [2, coords]) as Tensor[];
    expectClose(
      g0,
      [
        [0.5, -0.5, -2, -4],
        [0.5, -0.5, -2, -4],
      ],
      0,
    );
    expectClose(
      g1,
      [
        [3, 2.8333333333333335, 2.4333333333333336, 2.3333333333333335],
        [1, 1, 1, 1],
      ],
      1e-15,
    );
  });
  it("second-order edges, uniform and with coordinates", () => {
    expectClose(
      gradient(x, 1, { axis: 1, edgeOrder: 2 }),
      [
        [2, 4, 6, 8],
        [0.5, 1.5, 2.5, 3.5],
      ],
      0,
    );
    expectClose(
      gradient(x, coords, { axis: -1, edgeOrder: 2 }),
      [
        [3.166666666666667, 2.8333333333333335, 2.4333333333333336, 2.2333333333333334],
        [1, 1, 1, 1],
      ],
      1e-14,
    );
    const f = tensor(
      [
        [1, 2, 4],
        [2, 5, 9],
        [4, 4, 0],
      ],
      "float64",
    );
    const [h0, h1] = gradient(f, [tensor([0, 0.5, 2], "float64"), 2], { edgeOrder: 2 }) as Tensor[];
    expectClose(
      h0,
      [
        [2.1666666666666665, 7.666666666666665, 14],
        [1.833333333333333, 4.333333333333333, 6],
        [0.8333333333333339, -5.666666666666665, -18],
      ],
      1e-14,
    );
    expectClose(
      h1,
      [
        [0.25, 0.75, 1.25],
        [1.25, 1.75, 2.25],
        [1, -1, -3],
      ],
      1e-15,
    );
  });
  it("differentiable in the values and in the coordinates", () => {
    checkGrads((u: Tensor, c: Tensor) => gradient(u, c, { axis: 1, edgeOrder: 2 }) as Tensor, [x, coords], { order: 2 });
    checkGrads((u: Tensor) => (gradient(u, 0.5) as Tensor[])[0], [x]);
    expect(values(jit((u: Tensor) => gradient(u, coords, { axis: 1 }) as Tensor)(x))).toEqual(values(gradient(x, coords, { axis: 1 }) as Tensor));
  });
  it("errors", () => {
    expect(() => gradient(tensor([1, 2]), 1, { edgeOrder: 2 })).toThrow("gradient: axis 0 has 2 entries; edgeOrder 2 needs at least 3");
    expect(() => gradient(x, [1, 2, 3])).toThrow("gradient: give one spacing, or one per axis (2), got 3");
    expect(() => gradient(x, 1, { axis: [1, -1] })).toThrow("gradient: repeated axis in [1,-1]");
    expect(() => gradient(x, tensor([0, 1]), { axis: 1 })).toThrow("gradient: the coordinates along axis 1 must be 1-D of length 4, got shape [2]");
  });
});

describe("trapezoid", () => {
  it("unit steps, a step dx, 1-D coordinates and coordinates of y's shape (NumPy 2.4)", () => {
    expectClose(trapezoid(x), [21.5, 13], 0);
    expectClose(trapezoid(x, coords), [53, 30], 0);
    expectClose(trapezoid(x, undefined, { dx: 0.5, axis: 0 }), [0.75, 1.75, 3.5, 6], 0);
    expectClose(
      trapezoid(
        tensor(
          [
            [1, 2, 4],
            [2, 5, 9],
          ],
          "float64",
        ),
        tensor(
          [
            [0, 1, 3],
            [0, 2, 2.5],
          ],
          "float64",
        ),
      ),
      [7.5, 10.5],
      0,
    );
  });
  it("gradients in y and x", () => {
    checkGrads((u: Tensor, c: Tensor) => trapezoid(u, c), [x, coords], { order: 2 });
  });
  it("errors", () => {
    expect(() => trapezoid(x, tensor([0, 1]))).toThrow("trapezoid: x has 2 coordinates but y has 4 entries along axis 1");
  });
});

describe("convolve and correlate (NumPy 2.4)", () => {
  const a = tensor([1, 2, 3, 4, 5], "float64");
  const v = tensor([1, 10, 100, 1000], "float64");
  it("every mode, both orders of the operands", () => {
    expectClose(convolve(a, v), [1, 12, 123, 1234, 2345, 3450, 4500, 5000], 0);
    expectClose(convolve(v, a), [1, 12, 123, 1234, 2345, 3450, 4500, 5000], 0);
    expectClose(convolve(a, v, "same"), [12, 123, 1234, 2345, 3450], 0);
    expectClose(convolve(v, a, "same"), [12, 123, 1234, 2345, 3450], 0);
    expectClose(convolve(a, v, "valid"), [1234, 2345], 0);
    expectClose(convolve(a, tensor([1, 10, 100], "float64"), "same"), [12, 123, 234, 345, 450], 0);
    expectClose(correlate(a, v, "full"), [1000, 2100, 3210, 4321, 5432, 543, 54, 5], 0);
    expectClose(correlate(v, a, "full"), [5, 54, 543, 5432, 4321, 3210, 2100, 1000], 0);
    expectClose(correlate(a, v, "same"), [2100, 3210, 4321, 5432, 543], 0);
    expectClose(correlate(v, a, "same"), [543, 5432, 4321, 3210, 2100], 0);
    expectClose(correlate(a, v), [4321, 5432], 0);
    expectClose(correlate(v, a), [5432, 4321], 0);
    expectClose(correlate(tensor([1, 2, 3, 4, 5], "float64"), tensor([1, 10, 100], "float64"), "same"), [210, 321, 432, 543, 54], 0);
    expectClose(correlate(tensor([1, 10, 100], "float64"), tensor([1, 2, 3, 4, 5], "float64"), "same"), [54, 543, 432, 321, 210], 0);
  });
  it("integers stay integers", () => {
    const c = convolve(tensor([1, 2], "int32"), tensor([3, 4], "int32"));
    expect(c.dtype).toBe("int32");
    expect(values(c)).toEqual([3, 10, 8]);
  });
  it("gradients in both operands; jit and vmap agree", () => {
    checkGrads((p: Tensor, q: Tensor) => convolve(p, q, "same"), [a, tensor([0.5, -1, 2], "float64")], { order: 2 });
    checkGrads((p: Tensor, q: Tensor) => correlate(p, q, "full"), [tensor([0.5, -1], "float64"), a]);
    const k = tensor([0.25, 0.5, 0.25], "float64");
    expect(values(jit((p: Tensor) => convolve(p, k, "same"))(a))).toEqual(values(convolve(a, k, "same")));
    const batch = tensor(
      [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
      ],
      "float64",
    );
    expectClose(vmap((p: Tensor) => correlate(p, k))(batch), [values(correlate(a, k)), values(correlate(tensor([5, 4, 3, 2, 1], "float64"), k))], 0);
  });
  it("errors", () => {
    expect(() => convolve(a, tensor([]))).toThrow("convolve: a and v must be non-empty 1-D tensors, got shapes [5] and [0]");
    expect(() => correlate(x, a)).toThrow("correlate: a and v must be non-empty 1-D tensors, got shapes [2,4] and [5]");
    expect(() => convolve(a, v, "wide" as "full")).toThrow("convolve: mode must be one of full, same, valid, got wide");
  });
});

describe("interp (NumPy 2.4)", () => {
  const xp = tensor([0, 1, 3], "float64");
  const fp = tensor([0, 10, 30], "float64");
  it("inside, at the knots, and outside with left and right", () => {
    expectClose(interp(tensor([0.5, 2.5, 9, -1, 3, 1], "float64"), xp, fp), [5, 25, 30, 0, 30, 10], 0);
    expectClose(interp(tensor([0.5, 2.5, 9, -1, 3], "float64"), xp, fp, { left: -5, right: 99 }), [5, 25, 99, -5, 30], 0);
    expectClose(interp(tensor([[0.25], [2]], "float64"), xp, fp), [[2.5], [20]], 0);
  });
  it("periodic coordinates, unsorted", () => {
    expectClose(
      interp(tensor([-1, 0.5, 359, 725], "float64"), tensor([350, 10, 0], "float64"), tensor([3.5, 1, 0], "float64"), { period: 360 }),
      [0.35, 0.05, 0.35, 0.5],
      1e-14,
    );
  });
  it("a single point", () => {
    expectClose(interp(tensor([0.5, 1, 1.5], "float64"), tensor([1], "float64"), tensor([5], "float64")), [5, 5, 5], 0);
  });
  it("differentiable in x, xp and fp (away from the knots); jit and vmap agree", () => {
    checkGrads((at: Tensor, p: Tensor, f: Tensor) => interp(at, p, f), [tensor([0.5, 2.5, 1.7], "float64"), xp, fp], { order: 2 });
    expectClose(grad((at: Tensor) => sum(interp(at, xp, fp)))(tensor([0.5, 2, 5], "float64")), [10, 10, 0], 0);
    const at = tensor(
      [
        [0.5, 2.5],
        [1.5, -3],
      ],
      "float64",
    );
    expect(values(jit((u: Tensor) => interp(u, xp, fp))(at))).toEqual(values(interp(at, xp, fp)));
    expectClose(
      vmap((u: Tensor) => interp(u, xp, fp))(at),
      [
        [5, 25],
        [15, 0],
      ],
      0,
    );
  });
  it("errors", () => {
    expect(() => interp(tensor([1]), tensor([0, 1]), tensor([0, 1, 2]))).toThrow(
      "interp: xp and fp must be 1-D of one non-zero length, got shapes [2] and [3]",
    );
    expect(() => interp(tensor([1]), xp, fp, { period: 0 })).toThrow("interp: period must be a finite non-zero number, got 0");
  });
});

describe("unwrap (NumPy 2.4)", () => {
  it("phases, other periods, a larger discont, the ±period/2 boundary", () => {
    expectClose(unwrap(tensor([0, 2, 4, -2.1, 0.3], "float64")), [0, 2, 4, 4.183185307179587, 6.583185307179586], 1e-15);
    expectClose(
      unwrap(
        tensor(
          [
            [0, 1, 2, 3, 0],
            [5, 6, 7, 8, 9],
          ],
          "float64",
        ),
        { period: 4, axis: 1 },
      ),
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ],
      0,
    );
    expectClose(unwrap(tensor([0, 3, -1, 2], "float64"), { discont: 4, period: 4 }), [0, 3, 3, 6], 0);
    expectClose(unwrap(tensor([0, 2, 0, 2], "float64"), { period: 4 }), [0, 2, 0, 2], 0);
    expectClose(unwrap(tensor([0, -2, 0, -2], "float64"), { period: 4 }), [0, -2, 0, -2], 0);
    expectClose(
      unwrap(
        tensor(
          [
            [0, 0.5],
            [6.5, 7],
            [0.2, -0.1],
          ],
          "float64",
        ),
        { axis: 0 },
      ),
      [
        [0, 0.5],
        [0.21681469282041377, 0.7168146928204138],
        [0.2, -0.1],
      ],
      1e-15,
    );
  });
  it("its gradient is the identity's; jit agrees", () => {
    const p = tensor([0, 2, 4, -2.1, 0.3], "float64");
    expectClose(grad((u: Tensor) => sum(mul(unwrap(u), tensor([1, 2, 3, 4, 5], "float64"))))(p), [1, 2, 3, 4, 5], 0);
    expect(values(jit((u: Tensor) => unwrap(u))(p))).toEqual(values(unwrap(p)));
  });
  it("errors", () => {
    expect(() => unwrap(tensor(1))).toThrow("unwrap: p must have at least one dimension, got a scalar");
    expect(() => unwrap(tensor([1, 2]), { period: 0 })).toThrow("unwrap: period must be a finite non-zero number, got 0");
  });
});
