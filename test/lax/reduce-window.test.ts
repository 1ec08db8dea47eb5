import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, grad, jit, jvp, lax, mul, reshape, scalar, slice, square, sum, tanh, tensor, vmap, type Tensor } from "../../src/index";
import { checkGrads } from "../../laws";
import type { DType } from "../../src/tensor/dtype";
import { arbShapeAndGeometry, windowReference } from "../laws/specs/reduce-window";
import { perExample } from "./helpers";
import { expectClose, values } from "../nn/helpers";

const maxPool1d = (u: Tensor) => lax.reduceWindow(u, -Infinity, "max", [3], [2], "SAME");

describe("lax.reduceWindow values", () => {
  it("max, add and the dilations by hand", () => {
    // SAME for 7 elements, window 3, stride 2: 4 outputs, one padding element at each end.
    expect(maxPool1d(tensor([3, 1, 4, 1, 5, 9, 2])).toArray()).toEqual([3, 4, 9, 9]);
    // baseDilation 2: [1, _, 2, _, 3], window 2: holes count as 0.
    expect(lax.reduceWindow(tensor([1, 2, 3]), 0, "add", [2], [1], "VALID", { baseDilation: [2] }).toArray()).toEqual([1, 2, 2, 3]);
    // windowDilation 2: the pairs (0, 2), (1, 3), (2, 4).
    expect(lax.reduceWindow(tensor([1, 2, 3, 4, 5]), 0, "add", [2], [1], "VALID", { windowDilation: [2] }).toArray()).toEqual([4, 6, 8]);
    // 2×2 max pooling of an NHWC image.
    const image = reshape(tensor([1, 5, 2, 0, 3, 4, 8, 6, 7, 0, 1, 2, 9, 3, 4, 5]), [1, 4, 4, 1]);
    expect(lax.reduceWindow(image, -Infinity, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID").toArray()).toEqual([
      [
        [[5], [8]],
        [[9], [5]],
      ],
    ]);
    expect(lax.reduceWindow(image, Infinity, "min", [1, 2, 2, 1], [1, 2, 2, 1], "VALID").toArray()).toEqual([
      [
        [[1], [0]],
        [[0], [1]],
      ],
    ]);
  });

  it("another initial value pads and starts every window (XLA's semantics)", () => {
    // SAME, window 2: [1, 2, 3] padded to [1, 2, 3, 1]; each window starts from 1.
    const f = (x: Tensor, v: Tensor) => lax.reduceWindow(x, v as Tensor<[]>, "add", [2], [1], "SAME");
    const x = tensor([1, 2, 3], "float64");
    expect(f(x, scalar(1, "float64")).toArray()).toEqual([4, 6, 5]);
    // d/dv: one per window for the start, one more where the padding is inside.
    expect(grad((u: Tensor, v: Tensor) => sum(f(u, v)), { argnums: 1 })(x, scalar(1, "float64")).item()).toBe(4);
    expect(lax.reduceWindow(x, 2.5, "max", [2], [1], "VALID").toArray()).toEqual([2.5, 3]);
  });

  it("the kernels equal the plain reference in float32, float64 and int32, for any geometry", () => {
    for (const dtype of ["float32", "float64", "int32"] as DType[]) {
      fc.assert(
        fc.property(arbShapeAndGeometry, fc.integer({ min: 0, max: 1000 }), ({ s, g }, seed) => {
          const n = s.reduce((p, d) => p * d, 1);
          const data = Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 23) - 11); // ties included
          const x = tensor(Float64Array.from(data), dtype, s);
          for (const op of ["max", "min", "add"] as const) {
            const ref = windowReference(data, s, g, op);
            const empty = op === "max" ? (dtype === "int32" ? -2147483648 : -Infinity) : dtype === "int32" ? 2147483647 : Infinity;
            const got = lax.reduceWindow(x, op === "add" ? 0 : op === "max" ? -Infinity : Infinity, op, g.windowDimensions, g.windowStrides, g.padding, g);
            expect(got.dtype).toBe(dtype);
            expect(got.shape).toEqual(ref.shape);
            expect(values(got)).toEqual(ref.values.map((v, i) => (ref.counts[i] === 0 ? (op === "add" ? 0 : empty) : v)));
          }
        }),
        { numRuns: 40, seed: 9 },
      );
    }
  });

  it("propagates NaN through max and min", () => {
    expect(values(lax.reduceWindow(tensor([1, NaN, 3, 4]), -Infinity, "max", [2], [1], "VALID"))).toEqual([NaN, NaN, 4]);
    expect(values(lax.reduceWindow(tensor([1, NaN, 3, 4]), Infinity, "min", [2], [1], "VALID"))).toEqual([NaN, NaN, 3]);
  });
});

describe("lax.reduceWindow derivatives", () => {
  it("ties send the whole gradient to the first element in row-major order", () => {
    const g = grad((u: Tensor) => sum(lax.reduceWindow(u, -Infinity, "max", [4], [1], "VALID")))(tensor([1, 3, 3, 2], "float64"));
    expect(g.toArray()).toEqual([0, 1, 0, 0]);
    const m = grad((u: Tensor) => sum(lax.reduceWindow(u, Infinity, "min", [2, 2], [1, 1], "VALID")))(
      tensor(
        [
          [5, 1],
          [1, 1],
        ],
        "float64",
      ),
    );
    expect(m.toArray()).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it("max pooling routes each window's gradient to its arg-max (by hand)", () => {
    // Windows [3,1,4] [4,1,5] [5,9,2] [2]: arg-maxes at 0 (padding before it), 2, 5, 5 (SAME).
    const c = tensor([1, 10, 100, 1000], "float64");
    const g = grad((u: Tensor) => sum(mul(maxPool1d(u), c)))(tensor([3, 1, 4, 1, 5, 9, 2], "float64"));
    expect(g.toArray()).toEqual([1, 0, 10, 0, 0, 1100, 0]);
    const [, t] = jvp(maxPool1d, [tensor([3, 1, 4, 1, 5, 9, 2], "float64")], [tensor([1, 2, 3, 4, 5, 6, 7], "float64")]);
    expect(t.toArray()).toEqual([1, 3, 6, 6]);
  });

  it("windows of padding only get no element: identity values and no gradient", () => {
    const f = (u: Tensor) => lax.reduceWindow(u, -Infinity, "max", [1], [1], [[2, 0]]);
    const x = tensor([1, 2], "float64");
    expect(f(x).toArray()).toEqual([-Infinity, -Infinity, 1, 2]);
    expect(grad((u: Tensor) => sum(mul(f(u), tensor([5, 6, 7, 8], "float64"))))(x).toArray()).toEqual([7, 8]);
    expect(jvp((u: Tensor) => slice(f(u), [2]), [x], [tensor([3, 4], "float64")])[1].toArray()).toEqual([3, 4]);
  });

  it("second derivatives agree with finite differences (max, min, add; strides, padding, dilations)", () => {
    const x = tensor(
      [
        [0.3, -1.2, 0.8, 2.1],
        [1.5, 0.1, -0.6, 0.9],
        [-0.4, 1.1, 0.5, -2],
      ],
      "float64",
    );
    for (const op of ["max", "min", "add"] as const) {
      const init = op === "add" ? 0 : op === "max" ? -Infinity : Infinity;
      const f = (u: Tensor) =>
        sum(
          square(
            lax.reduceWindow(
              tanh(u),
              init,
              op,
              [2, 2],
              [1, 2],
              [
                [1, 0],
                [0, 1],
              ],
              { windowDilation: [1, 2] },
            ),
          ),
        );
      checkGrads(f, [x], { order: 2 });
      const h = (u: Tensor) => sum(square(lax.reduceWindow(mul(u, u), init, op, [2, 1], [2, 1], "SAME", { baseDilation: [2, 1] })));
      checkGrads(h, [x], { order: 2 });
    }
  });

  it("jit, vmap and vmap of grad agree with eager and the per-example loop", () => {
    const xs = tensor(
      [
        [3, 1, 4, 1, 5, 9, 2],
        [2, 7, 1, 8, 2, 8, 1],
      ],
      "float64",
    );
    expect(vmap(maxPool1d)(xs).toArray()).toEqual((perExample(maxPool1d, [0])(xs) as Tensor).toArray());
    expect(jit(vmap(maxPool1d))(xs).toArray()).toEqual([
      [3, 4, 9, 9],
      [7, 8, 8, 8],
    ]);
    expect(jit(maxPool1d)(tensor([2, 7, 1, 8, 2, 8, 1])).toArray()).toEqual([7, 8, 8, 8]);
    const loss = (u: Tensor) => sum(mul(maxPool1d(u), tensor([1, 10, 100, 1000], "float64")));
    const perRow = perExample(grad(loss), [0])(xs) as Tensor;
    expect(vmap(grad(loss))(xs).toArray()).toEqual(perRow.toArray());
    expect(jit(vmap(grad(loss)))(xs).toArray()).toEqual(perRow.toArray());
    expect(perRow.toArray()).toEqual([
      [1, 0, 10, 0, 0, 1100, 0],
      [0, 1, 0, 110, 0, 1000, 0],
    ]);
    const sumPool = (u: Tensor) => add(lax.reduceWindow(u, 0, "add", [2], [2], "VALID", { baseDilation: [2] }), 1);
    expectClose(
      vmap(grad((u: Tensor) => sum(square(sumPool(u)))))(xs),
      perExample(
        grad((u: Tensor) => sum(square(sumPool(u)))),
        [0],
      )(xs) as Tensor,
      1e-12,
    );
  });
});

describe("lax.reduceWindow errors", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it("names the op, the argument and the shapes", () => {
    expect(() => lax.reduceWindow(x, -Infinity, "max", [3, 1], [1, 1], "VALID")).toThrow(
      "lax.reduceWindow: the window [3,1] (spanning [3,1] with windowDilation [1,1]) is larger than x of shape [2,3] dilated and padded to [2,3] on axis 0 (padding [[0,0], [0,0]], baseDilation [1,1])",
    );
    expect(() => lax.reduceWindow(x, -Infinity, "max", [1, 1], [0, 1], "VALID")).toThrow(
      "lax.reduceWindow: windowStrides [0,1] must hold positive integers (axis 0: 0), x of shape [2,3]",
    );
    expect(() => lax.reduceWindow(x, -Infinity, "max", [1, 1], [1, 1], "VALID", { windowDilation: [1, -1] })).toThrow(
      "lax.reduceWindow: windowDilation [1,-1] must hold positive integers",
    );
    expect(() => lax.reduceWindow(x, -Infinity, "max", [2] as unknown as [number, number], [1, 1], "VALID")).toThrow(
      "lax.reduceWindow: windowDimensions has 1 entries, x of shape [2,3] has 2 axes",
    );
    expect(() => lax.reduceWindow(x, -Infinity, "max", [1, 1], [1, 1], [[0, 0]] as unknown as [[number, number], [number, number]])).toThrow(
      "lax.reduceWindow: padding has 1 entries, x of shape [2,3] has 2 axes",
    );
    expect(() => lax.reduceWindow(x, -Infinity, "mean" as "max", [1, 1], [1, 1], "VALID")).toThrow(
      'lax.reduceWindow: op must be "max", "min" or "add", got "mean"',
    );
    expect(() => lax.reduceWindow(x, -Infinity, "max", [1, 1], [1, 1], "FULL" as "SAME")).toThrow(
      'lax.reduceWindow: padding must be "SAME", "VALID" or [low, high] pairs, got "FULL"',
    );
    expect(() => lax.reduceWindow(tensor([1, 0], "bool"), 0, "add", [1], [1], "VALID")).toThrow(
      "lax.reduceWindow: x must be float32, float64 or int32, got bool (shape [2])",
    );
    expect(() => lax.reduceWindow(x, scalar(0, "float64"), "add", [1, 1], [1, 1], "VALID")).toThrow(
      "lax.reduceWindow: initValue has dtype float64, x has float32",
    );
  });
});
