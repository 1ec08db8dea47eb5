import { describe, expect, it } from "vitest";
import { argsort, astype, grad, jit, lax, mul, partition, searchsorted, sort, stack, sum, tensor, unique, vmap, type Tensor } from "../../src/index";
import { sortKernel } from "../../src/tensor/kernels/sort";
import { checkGrads } from "../../laws/index";

const f64 = (v: number[], shape: number[]): Tensor => tensor(Float64Array.from(v), "float64", shape);
const nan = NaN;
const inf = Infinity;

// x and the references below from NumPy 2.4: np.sort / np.argsort(kind="stable").
const x = () =>
  tensor(
    [
      [3, -1, 2, nan, 0.5],
      [inf, -0, 0, -inf, 2],
    ],
    "float64",
  );

describe("sort", () => {
  it("sorts along the last axis, NaNs last (NumPy)", () => {
    expect(sort(x()).toArray()).toEqual([
      [-1, 0.5, 2, 3, nan],
      [-inf, -0, 0, 2, inf],
    ]);
  });

  it("keeps −0 and 0 in their original order (they are equal), as NumPy's stable sort", () => {
    const zeros = tensor([0, -0, 0, -0, 1, -0], "float64");
    expect(Array.from(sort(zeros).data(), (v) => 1 / v)).toEqual([inf, -inf, inf, -inf, -inf, 1]);
    // The same along an axis of the radix path (512 keys or more).
    const many = new Float64Array(600).map((_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : i));
    const sorted = sort(tensor(many, "float64", [600])).data();
    const zeroSigns = Array.from(sorted.subarray(0, 400), (v) => Math.sign(1 / v));
    expect(zeroSigns).toEqual(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? -1 : 1)));
  });

  it("sorts along axis 0 and the flattened tensor (axis null)", () => {
    expect(sort(x(), 0).toArray()).toEqual([
      [3, -1, 0, -inf, 0.5],
      [inf, -0, 2, nan, 2],
    ]);
    expect(sort(x(), null).toArray()).toEqual([-inf, -1, -0, 0, 0.5, 2, 2, 3, inf, nan]);
  });

  it("sorts descending: NaN first, as the reverse of the ascending order", () => {
    expect(sort(tensor([3, nan, 1, 2]), -1, { descending: true }).toArray()).toEqual([nan, 3, 2, 1]);
  });

  it("sorts int32, uint32 and bool tensors in their dtype", () => {
    const i = sort(tensor([2, -7, 5, 0], "int32"));
    expect([i.dtype, i.toArray()]).toEqual(["int32", [-7, 0, 2, 5]]);
    expect(sort(tensor([4000000000, 3, 2147483648], "uint32")).toArray()).toEqual([3, 2147483648, 4000000000]);
    const b = sort(tensor([true, false, true], "bool"));
    expect([b.dtype, b.toArray()]).toEqual(["bool", [false, true, true]]);
  });

  it("matches a stable JavaScript sort at every row length (merge and radix paths), dtype and direction, NaN and ties included", () => {
    const order = (v: ArrayLike<number>, descending: boolean): number[] => {
      const cmp = (a: number, b: number) =>
        Number.isNaN(a) || Number.isNaN(b) ? Number(Number.isNaN(a)) - Number(Number.isNaN(b)) : a < b ? -1 : a > b ? 1 : 0;
      return Array.from({ length: v.length }, (_, i) => i).sort((i, j) => (descending ? -cmp(v[i], v[j]) : cmp(v[i], v[j])));
    };
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [1, 7, 16, 17, 100, 511, 512, 700, 3000]) {
      for (const descending of [false, true]) {
        const raw = Array.from({ length: n }, () => {
          const r = random();
          return r < 0.05 ? nan : r < 0.1 ? inf : r < 0.15 ? -inf : Math.round((random() - 0.5) * 40) / 4;
        });
        const arrays = [
          Float64Array.from(raw),
          Float32Array.from(raw),
          Int32Array.from(raw.map((v) => (Number.isFinite(v) ? v * 4 : 99))),
          Uint32Array.from(raw.map((v) => (Number.isFinite(v) ? Math.abs(v) * 4e7 : 7))),
        ];
        for (const a of arrays) {
          const iota = Int32Array.from({ length: n }, (_, i) => i);
          expect(Array.from(sortKernel([a, iota], [n], 0, 1, descending, "int32"))).toEqual(order(a, descending));
        }
      }
    }
  });

  it("sorts by several keys lexicographically (the primitive's multi-key form)", () => {
    const k1 = Float64Array.of(1, 0, 1, 0, 1, 0);
    const k2 = Float64Array.of(2, 2, 1, 1, 2, 1);
    const iota = Int32Array.of(0, 1, 2, 3, 4, 5);
    expect(Array.from(sortKernel([k1, k2, iota], [6], 0, 2, false, "int32"))).toEqual([3, 5, 1, 2, 0, 4]);
  });

  it("errors name the op, the axis and the shape", () => {
    expect(() => sort(tensor([1, 2]), 1)).toThrow("sort: axis 1 is out of range for a tensor of rank 1");
    expect(() => sort(tensor(3) as Tensor)).toThrow("sort: cannot sort a scalar (shape [])");
  });
});

describe("argsort", () => {
  it("gives the stable sorting indices along an axis (NumPy, kind stable)", () => {
    expect(argsort(x()).toArray()).toEqual([
      [1, 4, 2, 0, 3],
      [3, 1, 2, 4, 0],
    ]);
    expect(argsort(x(), 0).toArray()).toEqual([
      [0, 0, 1, 1, 0],
      [1, 1, 0, 0, 1],
    ]);
    expect(argsort(x()).dtype).toBe("int32");
  });

  it("keeps ties in their original order, ascending and descending (JAX's stable descending)", () => {
    const t = tensor([2, 1, 2, 0, 1, 2, 0], "int32");
    expect(argsort(t).toArray()).toEqual([3, 6, 1, 4, 0, 2, 5]);
    expect(argsort(t, -1, { descending: true }).toArray()).toEqual([0, 2, 5, 1, 4, 3, 6]);
    expect(argsort(t, null, { stable: false }).toArray()).toEqual([3, 6, 1, 4, 0, 2, 5]);
  });
});

describe("partition", () => {
  it("puts the kth element in its sorted place, smaller ones before and larger ones after", () => {
    const v = tensor([
      [7, 1, 5, 3, 9],
      [0, 8, 2, 6, 4],
    ]);
    for (const k of [0, 2, -1]) {
      const rows = partition(v, k).toArray() as number[][];
      rows.forEach((row, r) => {
        const sorted = [...(v.toArray() as number[][])[r]].sort((a, b) => a - b);
        const at = k < 0 ? k + 5 : k;
        expect(row[at]).toBe(sorted[at]);
        expect(row.slice(0, at).every((e) => e <= row[at]) && row.slice(at + 1).every((e) => e >= row[at])).toBe(true);
      });
    }
  });

  it("rejects a kth outside the axis", () => {
    expect(() => partition(tensor([1, 2, 3]), 3)).toThrow("partition: kth 3 is out of range for axis -1 of length 3 (shape [3])");
  });
});

describe("lax.topK", () => {
  it("gives the k largest along the last axis, ties by lower index, NaN largest", () => {
    const [values, indices] = lax.topK(
      tensor([
        [1, 4, 2, 4],
        [nan, 0, 3, -1],
      ]),
      3,
    );
    expect(values.toArray()).toEqual([
      [4, 4, 2],
      [nan, 3, 0],
    ]);
    expect(indices.toArray()).toEqual([
      [1, 3, 2],
      [0, 2, 1],
    ]);
    expect(indices.dtype).toBe("int32");
  });

  it("k = 0 gives empty results; k beyond the axis is an error", () => {
    expect(lax.topK(tensor([1, 2]), 0)[0].shape).toEqual([0]);
    expect(() => lax.topK(tensor([1, 2]), 3)).toThrow("topK: k 3 must be an integer in [0, 2] for x of shape [2]");
    expect(() => lax.topK(tensor(1) as Tensor, 1)).toThrow("topK: x must have at least one axis");
  });
});

describe("searchsorted", () => {
  // From NumPy 2.4: np.searchsorted(a, v, side), NaN sorting last.
  const a = () => tensor([1, 2, 2, 3, 5, nan]);
  const v = () =>
    tensor([
      [2, 0],
      [5.5, nan],
      [3, 1],
    ]);

  it("finds insertion points on the left and on the right, in v's shape", () => {
    expect(searchsorted(a(), v()).toArray()).toEqual([
      [1, 0],
      [5, 5],
      [3, 0],
    ]);
    expect(searchsorted(a(), v(), { side: "right" }).toArray()).toEqual([
      [3, 0],
      [5, 6],
      [4, 1],
    ]);
    expect(searchsorted(a(), 2).toArray()).toEqual(1);
  });

  it("takes a sorter for an unsorted a, and integer tables", () => {
    const u = tensor([5, 1, 3, 2]);
    const sorter = tensor([1, 3, 2, 0], "int32");
    expect(searchsorted(u, tensor([0, 3, 4, 6]), { sorter }).toArray()).toEqual([0, 2, 3, 4]);
    expect(searchsorted(u, tensor([3]), { side: "right", sorter }).toArray()).toEqual([3]);
    expect(searchsorted(tensor([0, 10, 20, 30], "int32"), tensor([-5, 10, 25, 30], "int32"), { side: "right" }).toArray()).toEqual([0, 2, 3, 4]);
  });

  it("errors name the argument and its shape", () => {
    expect(() => searchsorted(tensor([[1, 2]]), 1)).toThrow("searchsorted: a must be a vector (rank 1), got shape [1,2]");
    expect(() => searchsorted(tensor([1, 2]), 1, { sorter: tensor([0], "int32") })).toThrow(
      "searchsorted: sorter must be int32 of shape [2] like a, got int32 [1]",
    );
  });
});

describe("unique", () => {
  // From NumPy 2.4: np.unique(y, return_index, return_inverse, return_counts).
  const y = () =>
    tensor([
      [4, 1, nan],
      [1, nan, 4],
      [2, 1, 4],
    ]);

  it("gives the sorted distinct values, first indices, inverse (in x's shape) and counts", () => {
    expect(unique(y()).toArray()).toEqual([1, 2, 4, nan]);
    const [values, index, inverse, counts] = unique(y(), { returnIndex: true, returnInverse: true, returnCounts: true });
    expect(values.toArray()).toEqual([1, 2, 4, nan]);
    expect(index.toArray()).toEqual([1, 6, 0, 2]);
    expect(inverse.toArray()).toEqual([
      [2, 0, 3],
      [0, 3, 2],
      [1, 0, 2],
    ]);
    expect(counts.toArray()).toEqual([3, 1, 3, 2]);
  });

  it("keeps NaNs apart with equalNan false, and keeps integer dtypes", () => {
    expect(unique(y(), { equalNan: false }).toArray()).toEqual([1, 2, 4, nan, nan]);
    const [values, counts] = unique(tensor([3, 1, 3, 2, 1], "int32"), { returnCounts: true });
    expect([values.dtype, values.toArray(), counts.toArray()]).toEqual(["int32", [1, 2, 3], [2, 1, 2]]);
  });

  it("is an error under jit, where the number of values is unknown", () => {
    expect(() => jit((t: Tensor) => unique(t))(tensor([1, 1]))).toThrow("unique: x (float32 [2]) is traced");
  });
});

describe("gradients through the permutation (float64, against finite differences)", () => {
  const distinct = () => f64([0.3, -1.2, 2.5, 0.9, -0.4, 1.7], [2, 3]);

  it("sort along each axis and descending, to second order", () => {
    checkGrads((t: Tensor) => sort(t), [distinct()], { order: 2 });
    checkGrads((t: Tensor) => sort(t, 0), [distinct()], { order: 2 });
    checkGrads((t: Tensor) => sort(t, null, { descending: true }), [distinct()], { order: 2 });
  });

  it("lax.topK values and partition", () => {
    checkGrads((t: Tensor) => lax.topK(t, 2)[0], [distinct()], { order: 2 });
    checkGrads((t: Tensor) => partition(t, 1), [distinct()]);
  });

  it("the gradient of a weighted sort sends each weight back to the entry that landed there", () => {
    const g = grad((t: Tensor) => sum(mul(sort(t), f64([1, 2, 3, 4], [4]))))(f64([0.3, -1, 2, 0.5], [4]));
    expect(g.toArray()).toEqual([2, 1, 4, 3]);
  });
});

describe("jit and vmap agree with eager evaluation", () => {
  const batch = () => f64([3, 1, 2, 0.5, -2, 9, 4, 4, 1], [3, 3]);
  const rows = (t: Tensor): Tensor[] => (t.toArray() as number[][]).map((r) => f64(r, [r.length]));

  it("jit", () => {
    expect(jit((t: Tensor) => sort(t, 0))(batch()).toArray()).toEqual(sort(batch(), 0).toArray());
    expect(jit((t: Tensor) => argsort(t, -1, { descending: true }))(batch()).toArray()).toEqual(argsort(batch(), -1, { descending: true }).toArray());
    expect(jit((t: Tensor) => lax.topK(t, 2)[1])(batch()).toArray()).toEqual(lax.topK(batch(), 2)[1].toArray());
    expect(jit((t: Tensor) => searchsorted(f64([0, 1, 2, 3], [4]), t))(batch()).toArray()).toEqual(searchsorted(f64([0, 1, 2, 3], [4]), batch()).toArray());
    const weighted = (t: Tensor) => sum(mul(sort(t), f64([1, 2, 3], [3])));
    expect(jit(grad(weighted))(f64([3, 1, 2], [3])).toArray()).toEqual(grad(weighted)(f64([3, 1, 2], [3])).toArray());
  });

  it("vmap equals the per-row loop", () => {
    const perRow = (f: (r: Tensor) => Tensor) => stack(rows(batch()).map(f)).toArray();
    const cases: ((r: Tensor) => Tensor)[] = [
      (r) => sort(r),
      (r) => astype(argsort(r, -1, { descending: true }), "float64"),
      (r) => lax.topK(r, 2)[0],
      (r) => astype(searchsorted(f64([0, 1, 2, 3, 4], [5]), r, { side: "right" }), "float64"),
      (r) => astype(searchsorted(r, f64([1, 3.5], [2])), "float64"),
      grad((r: Tensor) => sum(mul(sort(r), f64([1, 2, 3], [3])))),
    ];
    for (const f of cases) expect(vmap(f)(batch()).toArray()).toEqual(perRow(f));
  });
});
