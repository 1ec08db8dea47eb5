import { describe, expect, it } from "vitest";
import {
  arange,
  arraySplit,
  atleast1d,
  atleast2d,
  atleast3d,
  choose,
  columnStack,
  compress,
  dsplit,
  dstack,
  expandDims,
  flip,
  fliplr,
  flipud,
  grad,
  greater,
  hsplit,
  hstack,
  jit,
  less,
  moveaxis,
  mul,
  neg,
  pad,
  ravel,
  repeat,
  reshape,
  roll,
  rot90,
  scalar,
  select,
  split,
  square,
  sum,
  swapaxes,
  takeAlongAxis,
  tensor,
  tile,
  unstack,
  vmap,
  vsplit,
  vstack,
  zeros,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws/index";
import { expectArray, expectJitAgrees, expectVmapAgrees, f64 } from "./helpers";

const m23 = (): Tensor => reshape(arange(6), [2, 3]);
const cube = (): Tensor => reshape(arange(24), [2, 3, 4]);
const shapes = (ts: readonly Tensor[]): (readonly number[])[] => ts.map((t) => t.shape);
const arrays = (ts: readonly Tensor[]) => ts.map((t) => t.toArray());
/** A float64 tensor of distinct, irregular values, for gradients. */
const wobbly = (shape: readonly number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.4) * 2),
    "float64",
    shape,
  );
};

describe("pad (references from NumPy 2.4)", () => {
  const a = tensor([1, 2, 3]);
  it("every mode on a vector", () => {
    expectArray(pad(a, [2, 1]), [0, 0, 1, 2, 3, 0]); // np.pad(a, (2, 1))
    expectArray(pad(a, 2, { mode: "reflect" }), [3, 2, 1, 2, 3, 2, 1]);
    expectArray(pad(a, [1, 4], { mode: "symmetric" }), [1, 1, 2, 3, 3, 2, 1, 1]);
    expectArray(pad(a, [4, 2], { mode: "wrap" }), [3, 1, 2, 3, 1, 2, 3, 1, 2]);
    expectArray(pad(a, [2, 3], { mode: "edge" }), [1, 1, 1, 2, 3, 3, 3, 3]);
  });
  it("widths past the axis length repeat periodically, as NumPy's do", () => {
    expectArray(pad(a, [7, 8], { mode: "reflect" }), [2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
    expectArray(pad(a, [7, 8], { mode: "symmetric" }), [1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2]);
    expectArray(pad(a, [7, 8], { mode: "wrap" }), [3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]);
    expectArray(pad(tensor([5]), 2, { mode: "reflect" }), [5, 5, 5, 5, 5]);
  });
  it("per-axis widths and constant values; corners take the later axis' value", () => {
    const m = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      "int32",
    );
    expectArray(
      pad(
        m,
        [
          [1, 0],
          [2, 1],
        ],
        { mode: "reflect" },
      ),
      [
        [6, 5, 4, 5, 6, 5],
        [3, 2, 1, 2, 3, 2],
        [6, 5, 4, 5, 6, 5],
      ],
    );
    // np.pad(m, ((1, 1), (1, 2)), constant_values=((7, 8), (9, 10)))
    expectArray(
      pad(
        m,
        [
          [1, 1],
          [1, 2],
        ],
        {
          constantValues: [
            [7, 8],
            [9, 10],
          ],
        },
      ),
      [
        [9, 7, 7, 7, 10, 10],
        [9, 1, 2, 3, 10, 10],
        [9, 4, 5, 6, 10, 10],
        [9, 8, 8, 8, 10, 10],
      ],
    );
    expectArray(pad(m, 1, { constantValues: 5 }), [
      [5, 5, 5, 5, 5],
      [5, 1, 2, 3, 5],
      [5, 4, 5, 6, 5],
      [5, 5, 5, 5, 5],
    ]);
    expect(pad(m, 1, { constantValues: 5 }).dtype).toBe("int32");
    expectArray(pad(m, [[0, 1]], { mode: "wrap" }), [
      [1, 2, 3, 1],
      [4, 5, 6, 4],
      [1, 2, 3, 1],
    ]);
    expectArray(
      pad(
        m,
        [
          [2, 2],
          [0, 0],
        ],
        { mode: "symmetric" },
      ),
      [
        [4, 5, 6],
        [1, 2, 3],
        [1, 2, 3],
        [4, 5, 6],
        [4, 5, 6],
        [1, 2, 3],
      ],
    );
    expectArray(pad(zeros([0]), 1), [0, 0]);
    expect(pad(m, 0)).toBe(m);
  });
  it("gradients add up the copies (float64, finite differences)", () => {
    const x = wobbly([3, 2]);
    for (const mode of ["edge", "reflect", "symmetric", "wrap"] as const)
      checkGrads(
        (u: Tensor) =>
          pad(
            u,
            [
              [4, 2],
              [1, 3],
            ],
            { mode },
          ),
        [x],
        { order: 2 },
      );
    checkGrads(
      (u: Tensor) =>
        pad(
          u,
          [
            [1, 2],
            [0, 1],
          ],
          {
            constantValues: [
              [1, 2],
              [3, 4],
            ],
          },
        ),
      [x],
      { order: 2 },
    );
    // Every copy of an edge entry sends its cotangent back: 1 + 3 copies of x[0] in edge mode.
    expectArray(grad((u: Tensor) => sum(pad(u, [3, 1], { mode: "edge" })))(f64([1, 2, 3])), [4, 1, 2]);
  });
  it("jit and vmap agree", () => {
    expectJitAgrees(
      (u) =>
        pad(
          u,
          [
            [1, 2],
            [2, 0],
          ],
          { mode: "reflect" },
        ),
      [wobbly([3, 3])],
    );
    expectJitAgrees((u) => pad(u, 1, { constantValues: 2 }), [wobbly([2, 3])]);
    expectVmapAgrees((u) => pad(u, [2, 1], { mode: "symmetric" }), [wobbly([3, 2])]);
    expectVmapAgrees((u) => pad(u, [2, 1], { constantValues: [-1, 1] }), [wobbly([3, 2])]);
  });
  it("errors name pad, the argument and the shape", () => {
    const m = m23();
    expect(() =>
      pad(m, [
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    ).toThrow("pad: padWidth [[1,1],[1,1],[1,1]] must be a number, [before, after], or one [before, after] pair per axis of shape [2,3]");
    expect(() => pad(m, -1)).toThrow("pad: widths [-1, -1] for axis 0 must be non-negative integers (x shape [2,3])");
    expect(() => pad(zeros([0, 2]), 1, { mode: "edge" })).toThrow('pad: cannot extend the empty axis 0 of shape [0,2] in mode "edge"');
    expect(() => pad(m, 1, { mode: "mirror" as "reflect" })).toThrow("pad: mode must be one of constant, edge, reflect, symmetric, wrap; got mirror");
    expect(() => pad(m, 1, { mode: "edge", constantValues: 1 })).toThrow('pad: constantValues apply only to mode "constant", not "edge"');
  });
});

describe("flip, rot90, roll", () => {
  it("values (NumPy 2.4)", () => {
    expectArray(flip(m23()), [
      [5, 4, 3],
      [2, 1, 0],
    ]);
    expectArray(flip(m23(), -1), [
      [2, 1, 0],
      [5, 4, 3],
    ]);
    expectArray(fliplr(m23()), [
      [2, 1, 0],
      [5, 4, 3],
    ]);
    expectArray(flipud(m23()), [
      [3, 4, 5],
      [0, 1, 2],
    ]);
    expectArray(flip(scalar(3)), 3);
    expectArray(rot90(m23()), [
      [2, 5],
      [1, 4],
      [0, 3],
    ]);
    expectArray(rot90(m23(), 2), [
      [5, 4, 3],
      [2, 1, 0],
    ]);
    expectArray(rot90(m23(), 3), [
      [3, 0],
      [4, 1],
      [5, 2],
    ]);
    expectArray(rot90(m23(), -1), [
      [3, 0],
      [4, 1],
      [5, 2],
    ]);
    expect(rot90(m23(), 4).toArray()).toEqual(m23().toArray());
    // np.rot90(np.arange(24).reshape(2, 3, 4), 1, (2, 0))
    expectArray(rot90(cube(), 1, [2, 0]), [
      [
        [12, 0],
        [16, 4],
        [20, 8],
      ],
      [
        [13, 1],
        [17, 5],
        [21, 9],
      ],
      [
        [14, 2],
        [18, 6],
        [22, 10],
      ],
      [
        [15, 3],
        [19, 7],
        [23, 11],
      ],
    ]);
    expectArray(roll(arange(10), 2), [8, 9, 0, 1, 2, 3, 4, 5, 6, 7]);
    expectArray(roll(m23(), -1), [
      [1, 2, 3],
      [4, 5, 0],
    ]);
    expectArray(roll(m23(), 1, 1), [
      [2, 0, 1],
      [5, 3, 4],
    ]);
    expectArray(roll(m23(), [1, 1], [1, 0]), [
      [5, 3, 4],
      [2, 0, 1],
    ]);
    expectArray(roll(m23(), [1, 2], [1, 1]), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
  it("gradients, jit, vmap", () => {
    const x = wobbly([2, 3, 2]);
    checkGrads((u: Tensor) => flip(u, [0, 2]), [x], { order: 2 });
    checkGrads((u: Tensor) => rot90(u, 1, [1, 2]), [x], { order: 2 });
    checkGrads((u: Tensor) => rot90(u, 3), [x]);
    checkGrads((u: Tensor) => roll(u, [2, -1], [1, 2]), [x], { order: 2 });
    checkGrads((u: Tensor) => roll(u, 5), [x]);
    expectJitAgrees((u) => rot90(u, -1, [0, 2]), [x]);
    expectJitAgrees((u) => roll(u, 4), [x]);
    expectVmapAgrees((u) => flip(u, 0), [x]);
    expectVmapAgrees((u) => rot90(u), [x]);
    expectVmapAgrees((u) => roll(u, 1), [x]);
  });
  it("errors", () => {
    expect(() => fliplr(tensor([1]))).toThrow("fliplr: x must have rank 2 or more, got shape [1]");
    expect(() => flipud(scalar(1))).toThrow("flipud: x must have rank 1 or more, got shape []");
    expect(() => flip(m23(), [0, -2])).toThrow("flip: repeated axis in [0,-2]");
    expect(() => flip(m23(), 2)).toThrow("flip: axis 2 is out of range for a tensor of rank 2");
    expect(() => rot90(m23(), 1, [1, 1])).toThrow("rot90: axes [1,1] must be different axes of shape [2,3]");
    expect(() => roll(m23(), [1, 2], [0, 1, 0])).toThrow("roll: 2 shifts for 3 axes [0,1,0] of shape [2,3]");
    expect(() => roll(m23(), [1, 2])).toThrow("roll: without an axis the shift must be one number, got [1,2]");
  });
});

describe("tile and repeat", () => {
  it("values (NumPy 2.4)", () => {
    expectArray(tile(tensor([1, 2]), [2, 2]), [
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
    expectArray(tile(m23(), 2), [
      [0, 1, 2, 0, 1, 2],
      [3, 4, 5, 3, 4, 5],
    ]);
    expectArray(tile(tensor([1, 2]), [2, 1, 2]), [[[1, 2, 1, 2]], [[1, 2, 1, 2]]]);
    expect(tile(m23(), [2, 1, 1]).shape).toEqual([2, 2, 3]);
    expectArray(repeat(m23(), 2), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expectArray(repeat(m23(), [1, 0, 2], 1), [
      [0, 2, 2],
      [3, 5, 5],
    ]);
    expectArray(repeat(m23(), tensor([1, 0, 2], "int32"), -1), [
      [0, 2, 2],
      [3, 5, 5],
    ]);
    expectArray(repeat(m23(), 2, 0), [
      [0, 1, 2],
      [0, 1, 2],
      [3, 4, 5],
      [3, 4, 5],
    ]);
  });
  it("gradients sum over the copies; jit; vmap", () => {
    const x = wobbly([2, 3]);
    checkGrads((u: Tensor) => tile(u, [2, 1, 3]), [x], { order: 2 });
    checkGrads((u: Tensor) => repeat(u, [2, 0, 3], 1), [x], { order: 2 });
    checkGrads((u: Tensor) => repeat(u, 3), [x]);
    expectArray(grad((u: Tensor) => sum(repeat(u, [2, 0, 3])))(f64([1, 1, 1])), [2, 0, 3]);
    expectJitAgrees((u) => tile(u, [3, 2]), [x]);
    expectJitAgrees((u) => repeat(u, [1, 2], 0), [x]);
    expectVmapAgrees((u) => tile(u, 2), [x]);
    expectVmapAgrees((u) => repeat(u, [2, 0, 1]), [x]);
  });
  it("errors", () => {
    expect(() => tile(m23(), [2, -1])).toThrow("tile: reps [2,-1] must be non-negative integers");
    expect(() => repeat(m23(), [1, 2], 1)).toThrow("repeat: 2 repeats for axis 1 of size 3 (shape [2,3]); give one count or one per entry");
    expect(() => repeat(m23(), -1)).toThrow("repeat: repeats must be non-negative integers, got [-1]");
    expect(() => jit((r: Tensor) => repeat(m23(), r, 1))(tensor([1, 1, 1], "int32"))).toThrow(
      "repeat: repeats must be concrete (the output shape depends on them)",
    );
  });
});

describe("moving axes and changing rank", () => {
  it("moveaxis and swapaxes (NumPy 2.4)", () => {
    expect(moveaxis(cube(), 0, -1).shape).toEqual([3, 4, 2]);
    expectArray(unstack(moveaxis(cube(), 0, -1))[1], [
      [4, 16],
      [5, 17],
      [6, 18],
      [7, 19],
    ]);
    expect(moveaxis(cube(), [0, 1], [-1, -2]).shape).toEqual([4, 3, 2]);
    expect(moveaxis(zeros([2, 3, 4, 5]), [0, 3], [1, 0]).shape).toEqual([5, 2, 3, 4]);
    const s = swapaxes(cube(), 0, 2);
    expect(s.shape).toEqual([4, 3, 2]);
    expectArray(unstack(s)[1], [
      [1, 13],
      [5, 17],
      [9, 21],
    ]);
    expect(swapaxes(cube(), -1, 0).shape).toEqual([4, 3, 2]);
  });
  it("expandDims with several axes, atleast1d/2d/3d, ravel", () => {
    expect(expandDims(tensor([1, 2]), [0, -1]).shape).toEqual([1, 2, 1]);
    expect(expandDims(cube(), [1, 3]).shape).toEqual([2, 1, 3, 1, 4]);
    expect(expandDims(cube(), -1).shape).toEqual([2, 3, 4, 1]);
    expect([atleast1d(scalar(1)), atleast1d(m23())].map((t) => t.shape)).toEqual([[1], [2, 3]]);
    expect([atleast2d(scalar(1)), atleast2d(tensor([1, 2])), atleast2d(cube())].map((t) => t.shape)).toEqual([
      [1, 1],
      [1, 2],
      [2, 3, 4],
    ]);
    expect([atleast3d(scalar(1)), atleast3d(tensor([1, 2])), atleast3d(m23()), atleast3d(cube())].map((t) => t.shape)).toEqual([
      [1, 1, 1],
      [1, 2, 1],
      [2, 3, 1],
      [2, 3, 4],
    ]);
    expectArray(ravel(m23()), [0, 1, 2, 3, 4, 5]);
    expect(() => expandDims(tensor([1]), [0, 0])).toThrow("expandDims: repeated axis in [0,0] for a result of rank 3");
    expect(() => expandDims(tensor([1]), [0, 3])).toThrow("expandDims: axis 3 is out of range for a tensor of rank 3");
    expect(() => moveaxis(cube(), [0, 1], [0])).toThrow("moveaxis: source [0,1] and destination [0] must name as many axes");
    expect(() => moveaxis(cube(), [0, 0], [1, 2])).toThrow("moveaxis: repeated axis in source [0,0] or destination [1,2] (shape [2,3,4])");
    expect(() => swapaxes(cube(), 0, 3)).toThrow("swapaxes: axis 3 is out of range for a tensor of rank 3");
  });
  it("gradients, jit, vmap", () => {
    const x = wobbly([2, 3, 2]);
    checkGrads((u: Tensor) => moveaxis(u, [0, 2], [2, 0]), [x], { order: 2 });
    checkGrads((u: Tensor) => swapaxes(u, 1, 2), [x]);
    checkGrads((u: Tensor) => expandDims(ravel(u), [0, 2]), [x]);
    expectVmapAgrees((u) => moveaxis(u, 0, 1), [x]);
    expectVmapAgrees((u) => atleast3d(u), [wobbly([3, 2])]);
    expectJitAgrees((u) => swapaxes(u, 0, 2), [x]);
  });
});

describe("splitting and stacking", () => {
  it("split, arraySplit and the h/v/d variants (NumPy 2.4)", () => {
    expect(arrays(split(arange(6), [1, 4]))).toEqual([[0], [1, 2, 3], [4, 5]]);
    expect(arrays(split(arange(6), [-2, 10]))).toEqual([[0, 1, 2, 3], [4, 5], []]);
    expect(arrays(split(arange(6), 3))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(arrays(arraySplit(arange(7), 3))).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(shapes(arraySplit(arange(2), 4))).toEqual([[1], [1], [0], [0]]);
    expect(arrays(hsplit(m23(), 3))).toEqual([
      [[0], [3]],
      [[1], [4]],
      [[2], [5]],
    ]);
    expect(arrays(hsplit(arange(4), 2))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(shapes(vsplit(zeros([4, 2]), [1]))).toEqual([
      [1, 2],
      [3, 2],
    ]);
    expect(shapes(dsplit(zeros([1, 2, 4]), 2))).toEqual([
      [1, 2, 2],
      [1, 2, 2],
    ]);
    expect(arrays(split(m23(), 3, -1))).toEqual([
      [[0], [3]],
      [[1], [4]],
      [[2], [5]],
    ]);
    expect(arrays(unstack(m23(), 1))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(unstack(zeros([0, 2]))).toEqual([]);
  });
  it("hstack, vstack, dstack, columnStack (NumPy 2.4)", () => {
    expectArray(hstack([m23(), m23()]), [
      [0, 1, 2, 0, 1, 2],
      [3, 4, 5, 3, 4, 5],
    ]);
    expectArray(hstack([tensor([1, 2]), scalar(3)]), [1, 2, 3]);
    expectArray(vstack([tensor([1, 2, 3]), m23()]), [
      [1, 2, 3],
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expectArray(dstack([tensor([1, 2]), tensor([3, 4])]), [
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    expectArray(
      columnStack([
        tensor([1, 2]),
        tensor([
          [3, 4],
          [5, 6],
        ]),
      ]),
      [
        [1, 3, 4],
        [2, 5, 6],
      ],
    );
    expect(vstack([tensor([1], "int32"), tensor([0.5])]).dtype).toBe("float32");
  });
  it("gradients, jit, vmap", () => {
    const x = wobbly([4, 3]);
    checkGrads((u: Tensor) => arraySplit(u, 3, 0), [x], { order: 2 });
    checkGrads((u: Tensor) => split(u, [1], 1)[1], [x]);
    checkGrads((u: Tensor) => unstack(u, 1), [x]);
    checkGrads((u: Tensor, v: Tensor) => columnStack([u, v]), [wobbly([3]), wobbly([3, 2])], { order: 2 });
    checkGrads((u: Tensor, v: Tensor) => dstack([u, v]), [wobbly([2, 3]), wobbly([2, 3])]);
    expectJitAgrees((u) => vstack(hsplit(u, 3)), [x]);
    expectVmapAgrees((u) => hstack(arraySplit(u, 2).reverse()), [x]);
    expectVmapAgrees((u, v) => columnStack([u, v]), [wobbly([2, 3]), wobbly([3])], [0, null]);
  });
  it("errors", () => {
    expect(() => split(arange(5), 2)).toThrow("split: axis 0 of shape [5] (size 5) does not split into 2 equal sections; use arraySplit for unequal ones");
    expect(() => arraySplit(arange(5), 0)).toThrow("arraySplit: the number of sections must be a positive integer, got 0");
    expect(() => vsplit(arange(4), 2)).toThrow("vsplit: x must have rank 2 or more, got shape [4]");
    expect(() => dsplit(m23(), 2)).toThrow("dsplit: x must have rank 3 or more, got shape [2,3]");
    expect(() => split(scalar(1), 1)).toThrow("split: cannot split a scalar");
    expect(() => unstack(scalar(1))).toThrow("unstack: cannot unstack a scalar");
    expect(() => hstack([])).toThrow("hstack: needs at least one tensor");
    expect(() => vstack([m23(), tensor([1, 2])])).toThrow("concat: tensor 1 has shape [1,2], incompatible with tensor 0's [2,3] along axis 0");
  });
});

describe("takeAlongAxis, select, choose, compress", () => {
  const t = tensor([
    [10, 30, 20],
    [60, 40, 50],
  ]);
  it("values (NumPy 2.4)", () => {
    expectArray(
      takeAlongAxis(
        t,
        tensor(
          [
            [0, 2, 1],
            [2, 0, 1],
          ],
          "int32",
        ),
        1,
      ),
      [
        [10, 20, 30],
        [50, 60, 40],
      ],
    );
    expectArray(takeAlongAxis(t, tensor([[1], [0]], "int32"), 1), [[30], [60]]);
    expectArray(takeAlongAxis(t, tensor([[1, 0, 1]], "int32"), 0), [[60, 30, 50]]);
    expectArray(takeAlongAxis(t, tensor([[-1], [-3]], "int32"), -1), [[20], [60]]);
    // broadcasting the other axes: indices [1, 1] against x [2, 3] along axis 1
    expectArray(takeAlongAxis(t, tensor([[2]], "int32"), 1), [[20], [50]]);
    const x = f64([-2, -0.5, 0.3, 1.5, 3]);
    expectArray(select([less(x, 0), greater(x, 1)], [neg(x), square(x)], 7), [2, 0.5, 7, 2.25, 9]);
    expectArray(select([], [], 4), 4);
    expectArray(
      choose(
        tensor(
          [
            [0, 1, 2],
            [2, 1, 0],
          ],
          "int32",
        ),
        [tensor([1, 2, 3]), tensor([[10], [20]]), 100],
      ),
      [
        [1, 10, 100],
        [100, 20, 3],
      ],
    );
    expectArray(choose(tensor([0, 3, -1], "int32"), [tensor([1, 2, 3]), tensor([4, 5, 6])], "clip"), [1, 5, 3]);
    expectArray(choose(tensor([0, 0], "int32"), [tensor(7)]), [7, 7]);
    expectArray(compress([0, 1], m23(), 0), [[3, 4, 5]]);
    expectArray(compress([true, false, true], m23(), 1), [
      [0, 2],
      [3, 5],
    ]);
    expectArray(compress([false, true, true, false, false, true], m23()), [1, 2, 5]);
    expectArray(compress(tensor([true, false]), m23(), 1), [[0], [3]]);
  });
  it("gradients flow to the picked entries", () => {
    const x = wobbly([2, 3]);
    checkGrads(
      (u: Tensor) =>
        takeAlongAxis(
          u,
          tensor(
            [
              [0, 2, 2, 1],
              [1, 1, 0, -1],
            ],
            "int32",
          ),
          1,
        ),
      [x],
      { order: 2 },
    );
    checkGrads((u: Tensor) => takeAlongAxis(u, tensor([[1, 0, 1]], "int32"), 0), [x]);
    checkGrads((a: Tensor, b: Tensor) => select([greater(a, 0.5), less(b, 0)], [mul(a, b), square(b)], a), [x, wobbly([3])], { order: 2 });
    checkGrads(
      (a: Tensor, b: Tensor) =>
        choose(
          tensor(
            [
              [0, 1, 1],
              [1, 0, 0],
            ],
            "int32",
          ),
          [a, b],
        ),
      [x, wobbly([3])],
      { order: 2 },
    );
    checkGrads((u: Tensor) => compress([1, 0, 1], u, 1), [x], { order: 2 });
    expectArray(
      grad((u: Tensor) => sum(takeAlongAxis(u, tensor([[0, 0, 1]], "int32"), 1)))(
        f64([
          [1, 1],
          [1, 1],
        ]),
      ),
      [
        [2, 1],
        [2, 1],
      ],
    );
  });
  it("jit and vmap", () => {
    const x = wobbly([3, 4]);
    expectJitAgrees(
      (u, i) => takeAlongAxis(u, i, 1),
      [
        x,
        tensor(
          [
            [3, 0],
            [1, 1],
            [2, -4],
          ],
          "int32",
        ),
      ],
    );
    expectVmapAgrees((u) => takeAlongAxis(u, tensor([2, 0, 0], "int32"), 0), [x], [0]);
    expectVmapAgrees(
      (u, i) => takeAlongAxis(u, i, 0),
      [
        x,
        tensor(
          [
            [1, 0],
            [0, 0],
            [3, 2],
          ],
          "int32",
        ),
      ],
    );
    expectJitAgrees((u) => select([greater(u, 0)], [u], -1), [x]);
    expectJitAgrees((i, a) => choose(i, [a, neg(a)], "clip"), [tensor([[0, 5, -1, 1]], "int32"), x]);
    expectVmapAgrees(
      (i, a) => choose(i, [a, neg(a)], "clip"),
      [
        tensor(
          [
            [0, 1, 1, 0],
            [1, 1, 0, 0],
            [0, 0, 0, 1],
          ],
          "int32",
        ),
        x,
      ],
    );
    expectVmapAgrees((u) => compress([1, 0, 1, 1], u), [x]);
  });
  it("errors", () => {
    expect(() => takeAlongAxis(t, tensor([0, 1], "int32"), 1)).toThrow("takeAlongAxis: indices (shape [2]) must have the rank of x (shape [2,3])");
    expect(() => takeAlongAxis(t, tensor([[3]], "int32"), 1)).toThrow("takeAlongAxis: index 3 is out of range for axis 1 of size 3 (x shape [2,3])");
    expect(() => takeAlongAxis(t, tensor([[0.5]]), 1)).toThrow("takeAlongAxis: indices must be int32, got float32 (shape [1,1])");
    expect(() => takeAlongAxis(t, tensor([[0], [0], [0]], "int32"), 1)).toThrow("takeAlongAxis: shapes [2,1] and [3,1] do not broadcast");
    expect(() => select([tensor([1])], [tensor([1])])).toThrow("select: condition 0 must be a bool tensor, got float32 (shape [1])");
    expect(() => select([greater(t, 0)], [])).toThrow("select: condlist has 1 conditions but choicelist has 0 choices; they must pair up");
    expect(() => choose(tensor([2], "int32"), [t, t])).toThrow("choose: index 2 is out of range for 2 choices (a shape [1])");
    expect(() => choose(tensor([0.5]), [t])).toThrow("choose: a must hold int32 indices, got float32 (shape [1])");
    expect(() => jit((i: Tensor) => choose(i, [t, t]))(tensor([0], "int32"))).toThrow(
      'choose: mode "raise" needs concrete indices; use mode "clip" under jit or vmap',
    );
    expect(() => compress([1, 0, 1], m23(), 0)).toThrow("compress: condition has 3 entries, more than axis 0 of shape [2,3] (size 2)");
    expect(() => jit((c: Tensor) => compress(c, m23(), 0))(tensor([true, false]))).toThrow(
      "compress: condition must be concrete (the result's shape depends on it)",
    );
    expect(() => vmap((c: Tensor) => compress(c, m23(), 0))(tensor([[true, false]]))).toThrow("compress: condition must be concrete");
  });
});
