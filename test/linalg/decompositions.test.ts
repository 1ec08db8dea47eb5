// The decompositions (eigh, eigvalsh, svd, qr, lu), pinv, matrixRank, norm with every
// ord, det of batches and lstsq of under-determined systems: values against NumPy/SciPy
// (numpy 2.4, scipy 1.17, computed once and pasted), reconstructions and orthogonality,
// gradients against central differences in float64, jit and vmap agreement, and errors.
import { describe, expect, it } from "vitest";
import {
  det,
  eigh,
  eigvalsh,
  grad,
  jit,
  lstsq,
  lu,
  matmul,
  matrixRank,
  mul,
  norm,
  pinv,
  qr,
  stack,
  sum,
  svd,
  tensor,
  transpose,
  vmap,
  type Tensor,
} from "../../src/index";
import { checkDuality, checkGrad, checkJvp, checkSecondOrder, expectClose, f64, values } from "./helpers";

const mT = (x: Tensor): Tensor =>
  transpose(
    x,
    x.shape.map((_, i, s) => (i < s.length - 2 ? i : i === s.length - 2 ? s.length - 1 : s.length - 2)),
  );
const mm = (a: Tensor, b: Tensor): Tensor => matmul(a as Tensor<number[]>, b as Tensor<number[]>);
const eyeValues = (n: number): number[] => Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? 1 : 0));
/** x scaled column by column: x·diag(s) (s a vector, batched alike). */
const scaleColumns = (x: Tensor, s: Tensor): Tensor =>
  mul(x, s.shape.length === 1 ? s : (f64(values(s), [...s.shape.slice(0, -1), 1, s.shape[s.shape.length - 1]]) as Tensor));

const A = f64([4, 1, 2, 1, 3, 0.5, 2, 0.5, 5], [3, 3]);
const M = f64([2, -1, 0.5, 1, 3, -2, 0.5, 4, 1, -1, 0, 2], [4, 3]);
/** A well-separated symmetric matrix and a general matrix with separated singular values, for gradients. */
const S = f64([1.2, 0.3, -0.2, 0.3, 4.1, 0.25, -0.2, 0.25, 7.3], [3, 3]);
const G = f64([4.1, 0.2, -0.3, 0.1, -2.4, 0.25, 0.3, 0.15, 1.2, -0.2, 0.1, 0.3], [4, 3]);

describe("eigh and eigvalsh", () => {
  it("eigenvalues equal NumPy's, ascending; V·diag(w)·Vᵀ = a and VᵀV = I", () => {
    // numpy.linalg.eigvalsh(A)
    const numpy = [2.096521617296718, 3.0722239520050754, 6.831254430698204];
    const { eigenvalues, eigenvectors } = eigh(A);
    expectClose(eigenvalues, numpy, 1e-14, 1e-14);
    expectClose(eigvalsh(A), numpy, 1e-14, 1e-14);
    expectClose(mm(scaleColumns(eigenvectors, eigenvalues), mT(eigenvectors)), A, 1e-14, 1e-14);
    expectClose(mm(mT(eigenvectors), eigenvectors), eyeValues(3), 0, 1e-15);
  });

  it("reads only the UPLO triangle (lower by default)", () => {
    const junkAbove = f64([4, 99, -7, 1, 3, 42, 2, 0.5, 5], [3, 3]);
    const junkBelow = f64([4, 1, 2, 99, 3, 0.5, -7, 42, 5], [3, 3]);
    expectClose(eigvalsh(junkAbove), eigvalsh(A), 0, 0);
    expectClose(eigvalsh(junkBelow, { UPLO: "U" }), eigvalsh(A), 0, 0);
  });

  it("batches over leading axes, equal to the matrices one at a time; float32 in, float32 out", () => {
    const batch = stack([A, S, mul(A, -1)]);
    const { eigenvalues } = eigh(batch);
    expect(eigenvalues.shape).toEqual([3, 3]);
    expectClose(
      eigenvalues,
      [
        ...values(eigvalsh(A)),
        ...values(eigvalsh(S)),
        ...values(eigvalsh(A))
          .map((v) => -v)
          .reverse(),
      ],
      1e-14,
      1e-14,
    );
    const single = eigvalsh(
      tensor([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(single.dtype).toBe("float32");
    expectClose(single, [1, 3], 1e-6, 1e-6);
  });

  it("a repeated eigenvalue: the eigenvalues and their gradient V·diag(w̄)·Vᵀ stay exact", () => {
    const twice = f64([2, 0, 0, 0, 2, 0, 0, 0, 5], [3, 3]);
    expectClose(eigvalsh(twice), [2, 2, 5], 0, 1e-15);
    // d(Σ wᵢ²)/da = 2a on the lower triangle read (the strict lower part counts twice, the upper not at all).
    expectClose(grad((x: Tensor) => sum(mul(eigvalsh(x), eigvalsh(x))))(twice), [4, 0, 0, 0, 4, 0, 0, 0, 10], 1e-12, 1e-12);
  });

  it("gradients: eigenvalues and sign-invariant projectors against finite differences, first and second order", () => {
    const projector = (x: Tensor): Tensor => {
      const v = eigh(x).eigenvectors;
      return mm(scaleColumns(v, f64([1, 2, 3], [3])), mT(v));
    };
    checkGrad((x) => eigvalsh(x), [S], [0]);
    checkGrad(projector, [S], [0]);
    checkJvp(projector, [S]);
    checkDuality(projector, [S]);
    checkSecondOrder(projector, [S], 0, 0);
  });

  it("NaN in, NaN out; a non-square matrix is an error naming the op and the shape", () => {
    expect(values(eigvalsh(f64([1, NaN, NaN, 1], [2, 2]))).every(Number.isNaN)).toBe(true);
    expect(() => eigh(M)).toThrow("eigh: a must be a square matrix or a batch of them (shape [..., n, n]), got [4,3]");
    expect(() => eigvalsh(f64([1, 2], [2]))).toThrow("eigvalsh: a must be a matrix or a batch of them (shape [..., m, n]), got [2]");
    expect(() => eigh(A, { UPLO: "X" as "L" })).toThrow('eigh: UPLO must be "L" or "U", got "X"');
  });
});

describe("svd", () => {
  // numpy.linalg.svd(M, compute_uv=False)
  const numpy = [5.187289666156782, 3.1396638611658174, 2.1758990689534286];

  it("singular values equal NumPy's, for a tall matrix and its transpose", () => {
    expectClose(svd(M, { computeUv: false }), numpy, 1e-14, 1e-14);
    expectClose(svd(mT(M), { computeUv: false }), numpy, 1e-14, 1e-14);
  });

  for (const [name, x] of [
    ["tall", M],
    ["wide", mT(M)],
    ["square", A],
  ] as const) {
    it(`reconstructs a (${name}) thin and full, with orthonormal U and Vh`, () => {
      const [m, n] = x.shape;
      const k = Math.min(m, n);
      const thin = svd(x, { fullMatrices: false });
      expect([thin.U.shape, thin.S.shape, thin.Vh.shape]).toEqual([[m, k], [k], [k, n]]);
      expectClose(mm(scaleColumns(thin.U, thin.S), thin.Vh), x, 1e-14, 1e-14);
      const full = svd(x);
      expect([full.U.shape, full.Vh.shape]).toEqual([
        [m, m],
        [n, n],
      ]);
      expectClose(mm(mT(full.U), full.U), eyeValues(m), 0, 1e-15);
      expectClose(mm(full.Vh, mT(full.Vh)), eyeValues(n), 0, 1e-15);
      expectClose(full.S, thin.S, 0, 0);
    });
  }

  it("a rank-deficient matrix: a zero singular value, U still orthonormal", () => {
    const r = f64([1, 2, 3, 2, 4, 6, 1, 0, 1], [3, 3]);
    const { U, S: s, Vh } = svd(r);
    expect(values(s)[2]).toBeLessThan(1e-15);
    expectClose(mm(mT(U), U), eyeValues(3), 0, 1e-15);
    expectClose(mm(scaleColumns(U, s), Vh), r, 1e-14, 1e-14);
  });

  it("batches over leading axes", () => {
    const batch = stack([M, mul(M, 2)]);
    expectClose(svd(batch, { computeUv: false }), [...numpy, ...numpy.map((v) => 2 * v)], 1e-14, 1e-14);
  });

  it("gradients (Townsend): singular values, the polar factor U·Vh, projectors of full U and V", () => {
    const polar = (x: Tensor): Tensor => {
      const { U, Vh } = svd(x, { fullMatrices: false });
      return mm(U, Vh);
    };
    for (const x of [G, mT(G)]) {
      checkGrad((y) => svd(y, { computeUv: false }), [x], [0]);
      checkGrad(polar, [x], [0]);
      checkJvp(polar, [x]);
      checkSecondOrder(polar, [x], 0, 0);
    }
    // Full U: the complement column enters only through its span (equal weights 3, 3).
    const fullProjector = (x: Tensor): Tensor => {
      const u = svd(x).U;
      return mm(scaleColumns(u, f64([1, 2, 3, 3], [4])), mT(u));
    };
    checkGrad(fullProjector, [G], [0]);
  });

  it("the nuclear norm's gradient U·Vh is finite for repeated singular values", () => {
    const g = grad((x: Tensor) => norm(x, "nuc"))(f64([2, 0, 0, 2], [2, 2]));
    expectClose(g, [1, 0, 0, 1], 1e-14, 1e-14);
  });

  it("NaN in, NaN out; a vector is an error", () => {
    expect(values(svd(f64([1, NaN, 0, 1], [2, 2]), { computeUv: false })).every(Number.isNaN)).toBe(true);
    expect(() => svd(f64([1, 2], [2]))).toThrow("svd: a must be a matrix or a batch of them (shape [..., m, n]), got [2]");
  });
});

describe("qr", () => {
  it("R equals NumPy's (LAPACK's Householder signs); Q·R = a with orthonormal Q, reduced and complete", () => {
    // numpy.linalg.qr(M).R
    expectClose(qr(M).R, [-2.5, -1.2, 0.9999999999999998, 0, -4.955804677345547, 0.2623186514881599, 0, 0, -2.860277770616244], 1e-14, 1e-14);
    // numpy.linalg.qr(M.T).R
    expectClose(
      qr(mT(M), "r"),
      [
        -2.29128784747792, 0.8728715609439698, 1.091089451179962, 0.4364357804719847, 0, -3.638419332360584, -2.624111784670134, 1.4789258437293022, 0, 0,
        3.028788726715539, 1.6193523885409813,
      ],
      1e-14,
      1e-14,
    );
    for (const x of [M, mT(M), A]) {
      const [m, n] = x.shape;
      const reduced = qr(x);
      expectClose(mm(reduced.Q, reduced.R), x, 1e-14, 1e-14);
      expectClose(mm(mT(reduced.Q), reduced.Q), eyeValues(Math.min(m, n)), 0, 1e-15);
      const complete = qr(x, "complete");
      expect([complete.Q.shape, complete.R.shape]).toEqual([
        [m, m],
        [m, n],
      ]);
      expectClose(mm(complete.Q, complete.R), x, 1e-14, 1e-14);
      expectClose(mm(mT(complete.Q), complete.Q), eyeValues(m), 0, 1e-15);
    }
  });

  it("gradients of Q and R (tall, square, wide) against finite differences, first and second order", () => {
    for (const x of [G, mT(G), f64(values(G).slice(0, 9), [3, 3])]) {
      checkGrad((y) => qr(y).Q, [x], [0]);
      checkGrad((y) => qr(y, "r"), [x], [0]);
      checkJvp((y) => qr(y).Q, [x]);
      checkSecondOrder((y) => qr(y).Q, [x], 0, 0);
    }
    // The complete Q's extra column enters through its span only.
    checkGrad(
      (y) => {
        const q = qr(y, "complete").Q;
        return mm(scaleColumns(q, f64([1, 2, 3, 3], [4])), mT(q));
      },
      [G],
      [0],
    );
  });

  it("bad mode and a vector are errors", () => {
    expect(() => qr(M, "full" as "r")).toThrow('qr: mode must be "reduced", "complete" or "r", got "full"');
    expect(() => qr(f64([1], [1]))).toThrow("qr: a must be a matrix or a batch of them (shape [..., m, n]), got [1]");
  });
});

describe("lu", () => {
  const L = f64([1, 2, 3, 4, 5, 6, 7, 8, 10], [3, 3]);

  it("p, l, u equal SciPy's (scipy.linalg.lu), and a = p·l·u, a[permutation] = l·u", () => {
    const { p, l, u, permutation } = lu(L);
    expectClose(p, [0, 1, 0, 0, 0, 1, 1, 0, 0], 0, 0);
    expectClose(l, [1, 0, 0, 0.14285714285714285, 1, 0, 0.5714285714285714, 0.5000000000000002, 1], 1e-14, 1e-14);
    expectClose(u, [7, 8, 10, 0, 0.8571428571428572, 1.5714285714285716, 0, 0, -0.5], 1e-14, 1e-14);
    expect(Array.from(permutation.data())).toEqual([2, 0, 1]);
    expectClose(mm(mm(p, l), u), L, 1e-15, 1e-15);
  });

  it("rectangular: l is m×k, u k×n; SciPy's factors for the wide case", () => {
    const wide = lu(mT(M));
    expect([wide.l.shape, wide.u.shape]).toEqual([
      [3, 3],
      [3, 4],
    ]);
    // scipy.linalg.lu(M.T)
    expectClose(wide.l, [1, 0, 0, -0.5, 1, 0, 0.25, -0.6428571428571428, 1], 1e-14, 1e-14);
    expectClose(wide.u, [2, 1, 0.5, -1, 0, 3.5, 4.25, -0.5, 0, 0, 3.6071428571428568, 1.9285714285714286], 1e-14, 1e-14);
    const tall = lu(M);
    expect([tall.p.shape, tall.l.shape, tall.u.shape]).toEqual([
      [4, 4],
      [4, 3],
      [3, 3],
    ]);
    expectClose(mm(mm(tall.p, tall.l), tall.u), M, 1e-15, 1e-15);
  });

  it("gradients of l and u against finite differences (square, tall, wide), first and second order", () => {
    for (const x of [f64([0.5, 2, 1, 4, 0.3, -1, 1, 1, 3], [3, 3]), G, mT(G)]) {
      checkGrad((y) => lu(y).l, [x], [0]);
      checkGrad((y) => lu(y).u, [x], [0]);
      checkJvp((y) => lu(y).u, [x]);
      checkSecondOrder((y) => lu(y).l, [x], 0, 0);
    }
  });
});

describe("pinv and matrixRank", () => {
  it("pinv equals NumPy's, of full rank and rank-deficient matrices", () => {
    // numpy.linalg.pinv(M)
    expectClose(
      pinv(M),
      [
        0.41307918180460845, 0.04359727268202826, 0.07057184093963093, -0.09495844323893857, -0.07206489822326179, 0.09311700592246049, 0.162146021002339,
        0.03006021997710644, 0.14622007664360723, -0.179266411187976, 0.171004827551884, 0.1986761558751806,
      ],
      1e-13,
      1e-14,
    );
    // numpy.linalg.pinv([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    const r = f64([1, 2, 3, 2, 4, 6, 1, 0, 1], [3, 3]);
    expectClose(
      pinv(r),
      [
        -0.03333333333333385, -0.06666666666666661, 0.8333333333333339, 0.0666666666666671, 0.13333333333333325, -0.666666666666667, 0.03333333333333324,
        0.06666666666666664, 0.16666666666666682,
      ],
      1e-12,
      1e-13,
    );
    expect(Array.from(matrixRank(r).data())).toEqual([2]);
    expect(Array.from(matrixRank(stack([r, A, mul(A, 0)])).data())).toEqual([2, 3, 0]);
    expect(Array.from(matrixRank(A, { tol: 2.5 }).data())).toEqual([2]);
    expect(Array.from(matrixRank(A, { rtol: 0.5 }).data())).toEqual([1]);
  });

  it("pinv's gradient (Golub–Pereyra) against finite differences, also with repeated singular values", () => {
    checkGrad((x) => pinv(x), [G], [0]);
    checkGrad((x) => pinv(x), [mT(G)], [0]);
    checkGrad((x) => pinv(x), [f64([2, 0.1, 0, -0.1, 2, 0, 0, 0, 3], [3, 3])], [0]);
    checkSecondOrder((x) => pinv(x), [G], 0, 0);
  });

  it("errors name the op and the argument", () => {
    expect(() => pinv(f64([1, 2], [2]))).toThrow("pinv: a must be a matrix or a batch of them (shape [..., m, n]), got [2]");
    expect(() => pinv(M, { rtol: -1 })).toThrow("pinv: rtol must be a finite number >= 0, got -1");
    expect(() => matrixRank(M, { tol: NaN })).toThrow("matrixRank: tol must be a finite number >= 0, got NaN");
  });
});

describe("norm", () => {
  it("every matrix ord equals NumPy's (axes [0, 1])", () => {
    // numpy.linalg.norm(M, ord)
    const numpy: [Parameters<typeof norm>[1], number][] = [
      [undefined, 6.442049363362563],
      ["fro", 6.442049363362563],
      ["nuc", 10.502852596276028],
      [1, 8],
      [-1, 4.5],
      [2, 5.187289666156782],
      [-2, 2.1758990689534286],
      [Infinity, 6],
      [-Infinity, 3],
    ];
    for (const [ord, expected] of numpy) expectClose(norm(M, ord, [0, 1]), [expected], 1e-14, 1e-14);
    expectClose(norm(M, "nuc"), [10.502852596276028], 1e-14, 1e-14);
  });

  it("every vector ord equals NumPy's; no axes is the vector norm of all entries (as before)", () => {
    const v = f64([3, -4, 0, 1], [4]);
    // numpy.linalg.norm(v, ord)
    const numpy: [number | undefined, number][] = [
      [undefined, 5.0990195135927845],
      [1, 8],
      [2, 5.0990195135927845],
      [3, 4.514357435474001],
      [0.5, 22.392304845413257],
      [0, 3],
      [Infinity, 4],
      [-Infinity, 0],
      [-1, 0],
    ];
    for (const [ord, expected] of numpy) expectClose(norm(v, ord), [expected], 1e-14, 1e-14);
    expectClose(norm(M), [6.442049363362563], 1e-14, 1e-14);
    expectClose(norm(M, 1), [values(M).reduce((s, x) => s + Math.abs(x), 0)], 1e-14, 1e-14);
  });

  it("axes and keepDims: matrix norms over any two axes (order as NumPy), vector norms along one", () => {
    const t = f64(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    // numpy.linalg.norm(T, 'nuc', axis=(2, 0)), norm(T, 1, axis=(1, 2)), norm(T, 3, axis=1)
    expectClose(norm(t, "nuc", [2, 0]), [29.24604696228176, 38.253513079454414, 48.24242181856119], 1e-13, 1e-13);
    expectClose(norm(t, 1, [1, 2]), [21, 57], 0, 0);
    expectClose(
      norm(t, 3, 1),
      [
        8.320335292207615, 9.49121995802933, 10.696962482478725, 11.937171623689174, 23.999999999999996, 25.391697536547913, 26.78847057350722,
        28.18961440408481,
      ],
      1e-14,
      1e-14,
    );
    expect(norm(t, 2, [0, 2], { keepDims: true }).shape).toEqual([1, 3, 1]);
    expect(norm(t, 0, 2, { keepDims: true }).shape).toEqual([2, 3, 1]);
  });

  it("gradients of the matrix and p-norms against finite differences", () => {
    for (const ord of ["fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity] as const) checkGrad((x) => norm(x, ord, [0, 1]), [G], [0]);
    for (const ord of [1, 2, 3, 0.5, Infinity, -Infinity]) checkGrad((x) => norm(x, ord, 1), [G], [0]);
  });

  it("errors name the op, the ord and the axes", () => {
    expect(() => norm(M, 3, [0, 1])).toThrow('norm: ord 3 is not a matrix norm; use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity');
    expect(() => norm(f64([1, 2], [2]), "fro")).toThrow('norm: ord "fro" is a matrix norm: x must be a matrix or axes must name two axes, got shape [2]');
    expect(() => norm(M, "nuc", 0)).toThrow('norm: ord "nuc" is a matrix norm: pass two axes, got axes 0');
    expect(() => norm(M, 2, [1, 1])).toThrow("norm: the two axes of a matrix norm must differ, got [1,1]");
    expect(() => norm(f64([1], [1, 1, 1]), 2, [0, 1, 2])).toThrow("norm: axes must name one axis (vector norm) or two (matrix norm), got [0,1,2]");
    expect(() => norm(M, "max" as "fro")).toThrow('norm: ord must be a number, "fro" or "nuc", got "max"');
  });
});

describe("det of batches and lstsq of under-determined systems", () => {
  it("det of a batch equals NumPy's", () => {
    // numpy.linalg.det(D)
    expectClose(det(f64([1, 2, 3, 4, 2, 0, 0, 3, 0, 1, 1, 0], [3, 2, 2])), [-2.0000000000000004, 6, -1], 1e-14, 1e-14);
  });

  it("lstsq returns NumPy's minimum-norm solution when there are fewer equations than unknowns", () => {
    const x = f64([1, 2, 3, 0, 1, -1], [2, 3]);
    const y = f64([1, 2], [2]);
    // numpy.linalg.lstsq(X, y)[0]
    expectClose(lstsq(x, y), [0.14814814814814803, 1.37037037037037, -0.6296296296296293], 1e-14, 1e-14);
    expectClose(
      lstsq(x, f64([1, 1, 2, 2], [2, 2])),
      [0.14814814814814803, 0.14814814814814803, 1.37037037037037, 1.37037037037037, -0.6296296296296293, -0.6296296296296293],
      1e-14,
      1e-14,
    );
    checkGrad((a, b) => lstsq(a, b), [x, y], [0, 1]);
    expect(() => lstsq(f64([1, 2, 3, 2, 4, 6], [2, 3]), y)).toThrow(
      /^lstsq: x·xᵀ \(2×2\) is not positive definite.*: x of shape \[2,3\] is under-determined with dependent rows/,
    );
  });
});

describe("jit and vmap", () => {
  const batch = stack([
    G,
    mul(G, -0.5),
    f64(
      values(G).map((v, i) => v + 0.1 * i),
      [4, 3],
    ),
  ]);
  const fns: [string, (x: Tensor) => Tensor][] = [
    ["svd singular values", (x) => svd(x, { computeUv: false })],
    [
      "svd polar factor",
      (x) => {
        const { U, Vh } = svd(x, { fullMatrices: false });
        return mm(U, Vh);
      },
    ],
    ["qr R", (x) => qr(x, "r")],
    ["lu u", (x) => lu(x).u],
    ["pinv", (x) => pinv(x)],
    ["norm nuc", (x) => norm(x, "nuc")],
    ["eigvalsh of xᵀx", (x) => eigvalsh(mm(mT(x), x))],
  ];
  for (const [name, f] of fns) {
    it(`${name}: jit(f) ≡ f, vmap(f) ≡ the loop, vmap(grad f) ≡ the per-example gradients`, () => {
      expectClose(jit(f)(G), f(G), 0, 0);
      const rows = [0, 1, 2].map((i) => f(f64(values(batch).slice(i * 12, i * 12 + 12), [4, 3])));
      expectClose(vmap(f)(batch), stack(rows), 0, 0);
      const g = grad((x: Tensor) => sum(mul(f(x), f(x))));
      const perExample = [0, 1, 2].map((i) => g(f64(values(batch).slice(i * 12, i * 12 + 12), [4, 3])));
      expectClose(vmap(g)(batch), stack(perExample), 1e-12, 1e-12);
      expectClose(jit(g)(G), g(G), 1e-12, 1e-12);
    });
  }
});
