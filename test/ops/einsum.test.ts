import { describe, expect, it } from "vitest";
import { einsum, grad, jit, makeJaxpr, ones, stack, sum, tensor, vmap, type Tensor } from "../../src/index";
import { greedyPath } from "../../src/ops/einsum-path";
import { checkGrads } from "../../laws/index";

const f64 = (v: number[], shape: number[]): Tensor => tensor(Float64Array.from(v), "float64", shape);
const A = () => f64([1, 2, 3, 4, 5, 6], [2, 3]);
const B = () => f64([1, 0, -1, 2, 0.5, 1, 2, -1, 3, -2, 1, 0], [3, 4]);
const C = () => f64([1, 2, 0, -1, 2, 1, -1, 3], [4, 2]);
const S = () => f64([1, 2, 3, 4, 5, 6, 7, 8, 10], [3, 3]);
const T = () =>
  f64(
    Array.from({ length: 24 }, (_, i) => i / 4),
    [2, 3, 4],
  );
const v = () => f64([1, -2, 3], [3]);
const w = () => f64([2, 0.5, -1], [3]);

describe("einsum values (references from NumPy 2.4's np.einsum)", () => {
  it("matrix products, explicit and implicit, and chains of three and four operands", () => {
    expect(einsum("ij,jk->ik", A(), B()).toArray()).toEqual([
      [11, -4, 6, 0],
      [24.5, -7, 12, 3],
    ]);
    expect(einsum("ij,jk,kl->il", A(), B(), C()).toArray()).toEqual([
      [23, 32],
      [45.5, 77],
    ]);
    expect(einsum("ij,jk,kl", A(), B(), C()).toArray()).toEqual([
      [23, 32],
      [45.5, 77],
    ]);
    expect(einsum("ab,bc,cd,de->ae", A(), B(), C(), f64([1, -1, 2, 0.5], [2, 2])).toArray()).toEqual([
      [87, -7],
      [199.5, -7],
    ]);
    expect(einsum("i,ij,j", v(), S(), w()).toArray()).toBe(15);
  });

  it("implicit output: letters seen once, in alphabetical order with uppercase first", () => {
    expect(einsum("Ba,aA", A(), B()).toArray()).toEqual([
      [11, 24.5],
      [-4, -7],
      [6, 12],
      [0, 3],
    ]);
    expect(einsum("ba", A()).shape).toEqual([3, 2]);
  });

  it("traces, diagonals and repeated indices", () => {
    expect(einsum("ii", S()).toArray()).toBe(16);
    expect(einsum("ii->i", S()).toArray()).toEqual([1, 5, 10]);
    const X = f64(
      Array.from({ length: 18 }, (_, i) => i),
      [3, 3, 2],
    );
    expect(einsum("iij,jk->ik", X, f64([1, 2, 3, 4], [2, 2])).toArray()).toEqual([
      [3, 4],
      [35, 52],
      [67, 100],
    ]);
  });

  it("transposes, sums, outer and inner products, a scalar operand", () => {
    expect(einsum("ij->ji", A()).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(einsum("ij->", A()).toArray()).toBe(21);
    expect(einsum("i,j->ij", v(), w()).toArray()).toEqual([
      [2, 0.5, -1],
      [-4, -1, 2],
      [6, 1.5, -3],
    ]);
    expect(einsum("i,i", v(), w()).toArray()).toBe(-2);
    expect(einsum(",i->i", f64([2], []), v()).toArray()).toEqual([2, -4, 6]);
    const P = einsum("ijk->kij", T());
    expect([P.shape, P.toArray()]).toEqual([
      [4, 2, 3],
      (P.toArray() as number[][][]).map((_, k) => [0, 1].map((i) => [0, 1, 2].map((j) => (T().toArray() as number[][][])[i][j][k]))),
    ]);
    expect((P.toArray() as number[][][])[1]).toEqual([
      [0.25, 1.25, 2.25],
      [3.25, 4.25, 5.25],
    ]);
  });

  it("ellipsis broadcasting, and size-1 axes broadcasting against a named index", () => {
    expect(einsum("...ij,...jk", T(), C()).toArray()).toEqual([
      [
        [0.25, 2.5],
        [2.25, 7.5],
        [4.25, 12.5],
      ],
      [
        [6.25, 17.5],
        [8.25, 22.5],
        [10.25, 27.5],
      ],
    ]);
    expect(einsum("...i,...i->...", f64([1, 2, 3], [1, 3]), A()).toArray()).toEqual([14, 32]);
    expect(einsum("ij,ij->i", f64([1, 2, 3], [1, 3]), A()).toArray()).toEqual([14, 32]);
    const Tsub = f64([0, 0.25, 0.5, 1, 1.25, 1.5, 2, 2.25, 2.5, 3, 3.25, 3.5, 4, 4.25, 4.5, 5, 5.25, 5.5], [2, 3, 3]);
    expect(einsum("bij,bj->bi", Tsub, f64([1, 2, 3, 0, 1, -1], [2, 3])).toArray()).toEqual([
      [2, 8, 14],
      [-0.25, -0.25, -0.25],
    ]);
  });

  it("operands stored transposed (read by matmul as such) and batch indices in any position", () => {
    expect(einsum("ji,jk->ik", A(), A()).toArray()).toEqual([
      [17, 22, 27],
      [22, 29, 36],
      [27, 36, 45],
    ]);
    expect(einsum("ij,kj->ik", A(), A()).toArray()).toEqual([
      [14, 32],
      [32, 77],
    ]);
    const X = f64(
      Array.from({ length: 24 }, (_, i) => i / 4),
      [3, 2, 4],
    );
    const Y = f64(
      Array.from({ length: 24 }, (_, i) => i - 5),
      [4, 2, 3],
    );
    expect(einsum("ibj,jbk->bik", X, Y).toArray()).toEqual([
      [
        [13.5, 15, 16.5],
        [45.5, 55, 64.5],
        [77.5, 95, 112.5],
      ],
      [
        [46, 51.5, 57],
        [102, 115.5, 129],
        [158, 179.5, 201],
      ],
    ]);
  });

  it("integer operands multiply in their dtype", () => {
    const out = einsum(
      "ij,jk->ik",
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        "int32",
      ),
      tensor(
        [
          [5, 6],
          [7, 8],
        ],
        "int32",
      ),
    );
    expect([out.dtype, out.toArray()]).toEqual([
      "int32",
      [
        [19, 22],
        [43, 50],
      ],
    ]);
  });
});

describe("contraction order", () => {
  it("greedy: contracts the pair with the smaller result first, the cheaper one on ties", () => {
    // i = j = k = 100, l = 2: (B·C) is [100, 2], (A·B) would be [100, 100].
    expect(
      greedyPath(
        [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
        new Map([
          [0, 100],
          [1, 100],
          [2, 100],
          [3, 2],
        ]),
        [0, 3],
      ),
    ).toEqual([
      [1, 2],
      [0, 1],
    ]);
    // i = 2: (A·B) is [2, 100] and removes the most memory.
    expect(
      greedyPath(
        [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
        new Map([
          [0, 2],
          [1, 100],
          [2, 100],
          [3, 100],
        ]),
        [0, 3],
      ),
    ).toEqual([
      [0, 1],
      [0, 1],
    ]);
    // Pairs sharing no index (outer products) wait for those that do.
    expect(
      greedyPath(
        [[0], [1], [0, 1]],
        new Map([
          [0, 3],
          [1, 3],
        ]),
        [],
      ),
    ).toEqual([
      [0, 2],
      [0, 1],
    ]);
  });

  it("each pairwise contraction is one matmul in the staged program, in the greedy order", () => {
    const program = String(makeJaxpr((a: Tensor, b: Tensor, c: Tensor) => einsum("ij,jk,kl->il", a, b, c))(ones([100, 100]), ones([100, 100]), ones([100, 2])));
    const products = program.split("\n").filter((l) => l.includes("= matmul"));
    expect(products).toHaveLength(2);
    expect(products[0]).toContain("f32[100,2] = matmul");
  });
});

describe("gradients (float64, against finite differences), jit and vmap", () => {
  it("a chain, a diagonal and an ellipsis batch differentiate to second order", () => {
    checkGrads((a: Tensor, b: Tensor, c: Tensor) => einsum("ij,jk,kl->il", a, b, c), [A(), B(), C()], { order: 2 });
    checkGrads((s: Tensor, x: Tensor) => einsum("ii,i->i", s, x), [S(), v()], { order: 2 });
    checkGrads((t: Tensor, c: Tensor) => einsum("...ij,...jk", t, c), [T(), C()]);
  });

  it("jit(f) ≡ f, also for the gradient", () => {
    const f = (a: Tensor, b: Tensor, c: Tensor) => einsum("ij,jk,kl->il", a, b, c);
    expect(jit(f)(A(), B(), C()).toArray()).toEqual(f(A(), B(), C()).toArray());
    const g = grad((a: Tensor) => sum(einsum("ij,jk,kl->il", a, B(), C())));
    expect(jit(g)(A()).toArray()).toEqual(g(A()).toArray());
  });

  it("vmap equals the per-example loop", () => {
    const f = (t: Tensor) => einsum("ij,jk,kk->ik", t, C(), f64([1, 2, 3, 4], [2, 2]));
    const loop = stack([0, 1].map((i) => f(f64((T().toArray() as number[][][])[i].flat(), [3, 4]))));
    expect(vmap(f)(T()).toArray()).toEqual(loop.toArray());
  });
});

describe("errors name einsum, the term and the shapes", () => {
  it("subscripts that do not match the operands", () => {
    expect(() => einsum("ij,jk", A())).toThrow('einsum: subscripts "ij,jk" name 2 operand(s), got 1 (shapes [2,3])');
    expect(() => einsum("ijk", A())).toThrow('einsum: term 0 "ijk" has 3 index(es) for operand 0 of rank 2 (shape [2,3])');
    expect(() => einsum("ij,jk", A(), A())).toThrow("einsum: the index j has size 3 in one operand and 2 in another (shapes [2,3], [2,3])");
    expect(() => einsum("i1", A())).toThrow('einsum: term 0 "i1" has the character "1"');
  });

  it("bad outputs", () => {
    expect(() => einsum("ij->ii", A())).toThrow('einsum: the output "ii" repeats the index i');
    expect(() => einsum("ij->k", A())).toThrow('einsum: the output index k appears in no operand of "ij->k"');
    expect(() => einsum("...i->i", A())).toThrow('einsum: the operands have 1 axis(es) under "...", but the output "i" has no "..." to put them');
    expect(() => einsum("...i...", A())).toThrow('einsum: term 0 "...i..." has more than one ellipsis');
  });
});
