import { describe, expect, it } from "vitest";
import { tensor, eye, matmul, transpose, jit, makeJaxpr, vmap, grad, type Tensor } from "../../src/index";
import { cholesky, det, inv, logdet, lstsq, ridge, slogdet, solve, triangularSolve } from "../../src/ops/linalg-solve";
import { expectClose, f64, randomTensor, spd, triangular, values, wellConditioned } from "./helpers";

/** Matrix product of plain row-major arrays (reference, no library code). */
function refMatmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}

function refTranspose(a: number[], m: number, n: number): number[] {
  const out = new Array<number>(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

const mT = (x: Tensor): Tensor =>
  transpose(
    x,
    x.shape.map((_, i, s) => (i < s.length - 2 ? i : i === s.length - 2 ? s.length - 1 : s.length - 2)),
  );

describe("cholesky", () => {
  it("factors a known matrix", () => {
    expectClose(
      cholesky(
        tensor(
          [
            [4, 2],
            [2, 5],
          ],
          "float64",
        ),
      ),
      f64([2, 0, 1, 2], [2, 2]),
    );
    expectClose(
      cholesky(
        tensor(
          [
            [4, 12, -16],
            [12, 37, -43],
            [-16, -43, 98],
          ],
          "float64",
        ),
      ),
      f64([2, 0, 0, 6, 1, 0, -8, 5, 3], [3, 3]),
    );
  });

  it("gives a lower-triangular L with L·Lᵀ = A", () => {
    const a = spd(5, 11);
    const l = cholesky(a);
    const lv = values(l);
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(lv[i * 5 + j]).toBe(0);
    for (let i = 0; i < 5; i++) expect(lv[i * 5 + i]).toBeGreaterThan(0);
    expectClose(matmul(l, mT(l)), a, 1e-12, 1e-12);
  });

  it("works on a batch", () => {
    const a = spd(3, 5, [2, 2]);
    const l = cholesky(a);
    expect(l.shape).toEqual([2, 2, 3, 3]);
    expectClose(matmul(l, mT(l)), a, 1e-12, 1e-12);
  });

  it("reads the symmetric part (A + Aᵀ)/2", () => {
    const a = spd(3, 2);
    const skew = f64([0, 1, -2, -1, 0, 3, 2, -3, 0], [3, 3]);
    const shifted = f64(
      values(a).map((v, i) => v + values(skew)[i]),
      [3, 3],
    );
    expectClose(cholesky(shifted), cholesky(a), 1e-14, 1e-14);
  });

  it("keeps float32", () => {
    const l = cholesky(
      tensor([
        [4, 2],
        [2, 5],
      ]),
    );
    expect(l.dtype).toBe("float32");
    expectClose(l, [2, 0, 1, 2], 1e-6, 1e-6);
  });
});

describe("triangularSolve", () => {
  const n = 4;
  const a = triangular(n, 3);
  const av = values(a);
  /** The dense op(T) the flags describe. */
  function dense(lower: boolean, transposeA: boolean, unitDiagonal: boolean): number[] {
    const t = av.map((v, idx) => {
      const i = Math.floor(idx / n);
      const j = idx % n;
      if (i === j) return unitDiagonal ? 1 : v;
      return (lower ? i > j : i < j) ? v : 0;
    });
    return transposeA ? refTranspose(t, n, n) : t;
  }

  for (const lower of [true, false]) {
    for (const transposeA of [false, true]) {
      for (const leftSide of [true, false]) {
        for (const unitDiagonal of [false, true]) {
          it(`solves with lower=${lower} transposeA=${transposeA} leftSide=${leftSide} unitDiagonal=${unitDiagonal}`, () => {
            const b = randomTensor(leftSide ? [n, 3] : [3, n], 7);
            const x = triangularSolve(a, b, { lower, transposeA, leftSide, unitDiagonal });
            expect(x.shape).toEqual(b.shape);
            const t = dense(lower, transposeA, unitDiagonal);
            const back = leftSide ? refMatmul(t, values(x), n, n, 3) : refMatmul(values(x), t, 3, n, n);
            expectClose(back, values(b), 1e-12, 1e-12);
          });
        }
      }
    }
  }

  it("solves a known system and its transpose (vector b)", () => {
    const l = tensor(
      [
        [2, 0],
        [1, 1],
      ],
      "float64",
    );
    expectClose(triangularSolve(l, tensor([2, 3], "float64")), [1, 2]);
    expectClose(triangularSolve(l, tensor([2, 3], "float64"), { transposeA: true }), [-0.5, 3]);
    expectClose(
      triangularSolve(
        tensor(
          [
            [1, 2],
            [0, 4],
          ],
          "float64",
        ),
        tensor([5, 8], "float64"),
        { lower: false },
      ),
      [1, 2],
    );
  });

  it("broadcasts a single matrix over a batch of right-hand sides", () => {
    const b = randomTensor([2, n, 2], 9);
    const x = triangularSolve(a, b);
    expect(x.shape).toEqual([2, n, 2]);
    const t = dense(true, false, false);
    const xv = values(x);
    for (let s = 0; s < 2; s++) {
      expectClose(refMatmul(t, xv.slice(s * n * 2, (s + 1) * n * 2), n, n, 2), values(b).slice(s * n * 2, (s + 1) * n * 2), 1e-12, 1e-12);
    }
  });
});

describe("solve", () => {
  it("A·solve(A, b) = b for vector and matrix right-hand sides", () => {
    const a = wellConditioned(5, 1);
    const b = randomTensor([5], 2);
    const x = solve(a, b);
    expect(x.shape).toEqual([5]);
    expectClose(matmul(a, x), b, 1e-12, 1e-12);
    const bm = randomTensor([5, 3], 3);
    expectClose(matmul(a, solve(a, bm)), bm, 1e-12, 1e-12);
  });

  it("solves a known system", () => {
    expectClose(
      solve(
        tensor(
          [
            [2, 1],
            [1, 3],
          ],
          "float64",
        ),
        tensor([3, 5], "float64"),
      ),
      [0.8, 1.4],
      1e-14,
      1e-14,
    );
  });

  it("pivots (a zero in the top-left corner)", () => {
    expectClose(
      solve(
        tensor(
          [
            [0, 1],
            [1, 0],
          ],
          "float64",
        ),
        tensor([2, 3], "float64"),
      ),
      [3, 2],
    );
    const a = tensor(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 0, 3],
      ],
      "float64",
    );
    const b = tensor([3, 3, 5], "float64");
    expectClose(matmul(a, solve(a, b)), b, 1e-14, 1e-14);
  });

  it("works on a batch, and broadcasts a batch of matrices against one vector", () => {
    const a = wellConditioned(3, 4, [2]);
    const b = randomTensor([2, 3, 2], 5);
    expectClose(matmul(a, solve(a, b)), b, 1e-12, 1e-12);
    const v = randomTensor([3], 6);
    const x = solve(a, v);
    expect(x.shape).toEqual([2, 3]);
    const xv = values(x);
    const av = values(a);
    for (let s = 0; s < 2; s++) expectClose(refMatmul(av.slice(s * 9, s * 9 + 9), xv.slice(s * 3, s * 3 + 3), 3, 3, 1), values(v), 1e-12, 1e-12);
  });

  it("promotes to a common float dtype", () => {
    const x = solve(
      tensor([
        [2, 0],
        [0, 4],
      ]),
      tensor([2, 4], "float64"),
    );
    expect(x.dtype).toBe("float64");
    expect(
      solve(
        tensor(
          [
            [2, 0],
            [0, 4],
          ],
          "int32",
        ),
        tensor([2, 4], "int32"),
      ).dtype,
    ).toBe("float32");
  });

  it("propagates NaN instead of calling a NaN matrix singular", () => {
    const x = solve(
      tensor(
        [
          [NaN, 0],
          [0, 1],
        ],
        "float64",
      ),
      tensor([1, 1], "float64"),
    );
    expect(values(x).every(Number.isNaN)).toBe(true);
  });

  it("vmap over solve, cholesky and det matches the natively batched ops", () => {
    const a = wellConditioned(3, 14, [4]);
    const b = randomTensor([4, 3], 15);
    const columns = solve(a, f64(values(b), [4, 3, 1])); // each b[i] as a column: [4, 3, 1]
    expectClose(vmap((p: Tensor, q: Tensor) => solve(p, q))(a, b), f64(values(columns), [4, 3]), 1e-14, 1e-14);
    const s = spd(3, 16, [4]);
    expectClose(vmap((p: Tensor) => cholesky(p))(s), cholesky(s), 1e-14, 1e-14);
    expectClose(vmap((p: Tensor) => det(p))(a), det(a), 1e-14, 1e-14);
    // per-example gradients of log det
    expectClose(vmap(grad((p: Tensor) => logdet(p)))(s), mT(inv(s)), 1e-12, 1e-12);
  });

  it("runs under jit and shows up as one equation", () => {
    const a = wellConditioned(3, 8);
    const b = randomTensor([3], 9);
    expectClose(jit((p: Tensor, q: Tensor) => solve(p, q))(a, b), solve(a, b), 1e-15, 1e-15);
    expect(makeJaxpr((p: Tensor, q: Tensor) => solve(p, q))(a, b).toString()).toContain("solve");
  });
});

describe("inv", () => {
  it("inv(A)·A = I", () => {
    const a = wellConditioned(4, 12);
    expectClose(matmul(inv(a), a), eye(4, 4, "float64"), 1e-12, 1e-12);
    expectClose(
      inv(
        tensor(
          [
            [2, 0],
            [0, 4],
          ],
          "float64",
        ),
      ),
      [0.5, 0, 0, 0.25],
    );
    expectClose(
      inv(
        tensor(
          [
            [4, 7],
            [2, 6],
          ],
          "float64",
        ),
      ),
      [0.6, -0.7, -0.2, 0.4],
      1e-14,
      1e-14,
    );
  });

  it("works on a batch", () => {
    const a = wellConditioned(3, 13, [3]);
    const i3 = values(eye(3, 3, "float64"));
    expectClose(matmul(a, inv(a)), f64([...i3, ...i3, ...i3], [3, 3, 3]), 1e-12, 1e-12);
  });
});

describe("det, logdet, slogdet", () => {
  it("known determinants", () => {
    expect(
      det(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          "float64",
        ),
      ).item(),
    ).toBeCloseTo(-2, 13);
    expect(
      det(
        tensor(
          [
            [6, 1, 1],
            [4, -2, 5],
            [2, 8, 7],
          ],
          "float64",
        ),
      ).item(),
    ).toBeCloseTo(-306, 11);
    expect(det(eye(4, 4, "float64")).item()).toBe(1);
    expect(
      det(
        tensor(
          [
            [0, 1],
            [1, 0],
          ],
          "float64",
        ),
      ).item(),
    ).toBeCloseTo(-1, 14);
    expect(
      det(
        tensor(
          [
            [2, 0, 0],
            [5, 3, 0],
            [7, 1, -4],
          ],
          "float64",
        ),
      ).item(),
    ).toBeCloseTo(-24, 12);
  });

  it("is 0 for an exactly singular matrix", () => {
    expect(
      det(
        tensor(
          [
            [1, 2],
            [2, 4],
          ],
          "float64",
        ),
      ).item(),
    ).toBe(0);
    expect(det(f64([0, 0, 0, 0], [2, 2])).item()).toBe(0);
    const s = slogdet(
      tensor(
        [
          [1, 2],
          [2, 4],
        ],
        "float64",
      ),
    );
    expect(s.sign.item()).toBe(0);
    expect(s.logAbsDet.item()).toBe(-Infinity);
  });

  it("det(cA) = cⁿ·det(A) and det(A·B) = det(A)·det(B)", () => {
    const a = wellConditioned(4, 21);
    const b = wellConditioned(4, 22);
    const d = det(a).item();
    expect(
      det(
        f64(
          values(a).map((v) => 2 * v),
          [4, 4],
        ),
      ).item(),
    ).toBeCloseTo(16 * d, 8);
    expect(det(matmul(a, b)).item() / (d * det(b).item())).toBeCloseTo(1, 12);
  });

  it("batches: one determinant per matrix", () => {
    const a = f64([1, 2, 3, 4, 2, 0, 0, 3, 0, 1, 1, 0], [3, 2, 2]);
    expectClose(det(a), [-2, 6, -1], 1e-14, 1e-14);
    const s = slogdet(a);
    expectClose(s.sign, [-1, 1, -1]);
    expectClose(s.logAbsDet, [Math.log(2), Math.log(6), 0], 1e-14, 1e-14);
  });

  it("logdet: log 6, −∞ when singular, NaN when negative; equals 2·Σ log diag(chol) on SPD", () => {
    expect(
      logdet(
        tensor(
          [
            [2, 0],
            [0, 3],
          ],
          "float64",
        ),
      ).item(),
    ).toBeCloseTo(Math.log(6), 14);
    expect(
      logdet(
        tensor(
          [
            [1, 2],
            [2, 4],
          ],
          "float64",
        ),
      ).item(),
    ).toBe(-Infinity);
    expect(
      Number.isNaN(
        logdet(
          tensor(
            [
              [1, 2],
              [3, 4],
            ],
            "float64",
          ),
        ).item(),
      ),
    ).toBe(true);
    const a = spd(5, 31);
    const lv = values(cholesky(a));
    const viaChol = 2 * [0, 1, 2, 3, 4].reduce((s, i) => s + Math.log(lv[i * 5 + i]), 0);
    expect(logdet(a).item()).toBeCloseTo(viaChol, 12);
  });

  it("det of a large well-scaled matrix via slogdet does not overflow", () => {
    const n = 60;
    const big = f64(
      values(eye(n, n, "float64")).map((v) => v * 1e8),
      [n, n],
    );
    expect(det(big).item()).toBe(Infinity);
    expect(slogdet(big).logAbsDet.item()).toBeCloseTo(n * Math.log(1e8), 9);
  });
});

describe("lstsq and ridge", () => {
  it("recovers known coefficients from exact data", () => {
    const x = randomTensor([20, 3], 41);
    const w = [1, -2, 0.5];
    const y = f64(refMatmul(values(x), w, 20, 3, 1), [20]);
    expectClose(lstsq(x, y), w, 1e-10, 1e-10);
    expectClose(
      lstsq(
        tensor(
          [
            [1, 0],
            [1, 1],
            [1, 2],
          ],
          "float64",
        ),
        tensor([1, 3, 5], "float64"),
      ),
      [1, 2],
      1e-12,
      1e-12,
    );
  });

  it("handles several right-hand sides", () => {
    const x = randomTensor([10, 2], 42);
    const w = [1, 2, -3, 4];
    const y = f64(refMatmul(values(x), w, 10, 2, 2), [10, 2]);
    const fit = lstsq(x, y);
    expect(fit.shape).toEqual([2, 2]);
    expectClose(fit, w, 1e-10, 1e-10);
  });

  it("on noisy data satisfies the normal equations Xᵀ(Xw − y) = 0", () => {
    const x = randomTensor([30, 4], 43);
    const y = randomTensor([30], 44);
    const w = values(lstsq(x, y));
    const xv = values(x);
    const residual = refMatmul(xv, w, 30, 4, 1).map((v, i) => v - values(y)[i]);
    expectClose(refMatmul(refTranspose(xv, 30, 4), residual, 4, 30, 1), [0, 0, 0, 0], 0, 1e-12);
  });

  it("ridge matches the closed form on a rank-deficient X (duplicated column)", () => {
    // X = [a, a]: XᵀX is singular. By symmetry w₁ = w₂ = aᵀy / (2·aᵀa + λ).
    const a = [1, 2, -1, 0.5];
    const yv = [2, 1, 0, 3];
    const x = f64(
      a.flatMap((v) => [v, v]),
      [4, 2],
    );
    const y = f64(yv, [4]);
    const lambda = 0.3;
    const aty = a.reduce((s, v, i) => s + v * yv[i], 0);
    const ata = a.reduce((s, v) => s + v * v, 0);
    const expected = aty / (2 * ata + lambda);
    expectClose(ridge(x, y, lambda), [expected, expected], 1e-13, 1e-13);
    expectClose(lstsq(x, y, { ridge: lambda }), [expected, expected], 1e-13, 1e-13);
    expectClose(ridge(x, y, f64([lambda], []) as Tensor<[]>), [expected, expected], 1e-13, 1e-13);
  });

  it("ridge satisfies (XᵀX + λI)·w = Xᵀy", () => {
    const x = randomTensor([6, 3], 45);
    const y = randomTensor([6], 46);
    const w = values(ridge(x, y, 2));
    const xv = values(x);
    const xtx = refMatmul(refTranspose(xv, 6, 3), xv, 3, 6, 3).map((v, i) => v + (i % 4 === 0 ? 2 : 0));
    expectClose(refMatmul(xtx, w, 3, 3, 1), refMatmul(refTranspose(xv, 6, 3), values(y), 3, 6, 1), 1e-12, 1e-12);
  });

  it("ridge with λ = 0 is least squares; more ridge shrinks the coefficients", () => {
    const x = randomTensor([12, 3], 47);
    const y = randomTensor([12], 48);
    expectClose(ridge(x, y, 0), lstsq(x, y), 1e-14, 1e-14);
    const norm = (t: Tensor): number => Math.hypot(...values(t));
    expect(norm(ridge(x, y, 10))).toBeLessThan(norm(ridge(x, y, 1)));
  });
});

describe("static shapes", () => {
  it("solve, triangularSolve, det, lstsq carry their shapes in the types", () => {
    const a = tensor(
      [
        [2, 0],
        [0, 4],
      ],
      "float64",
    );
    const v: Tensor<[2]> = solve(a, tensor([1, 2], "float64"));
    const m: Tensor<[2, 3]> = triangularSolve(
      a,
      tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        "float64",
      ),
    );
    const l: Tensor<[2, 2]> = cholesky(a);
    const d: Tensor<[]> = det(a);
    const batch: Tensor<[5]> = det(zeros5());
    const w: Tensor<[2]> = lstsq(
      tensor(
        [
          [1, 0],
          [1, 1],
          [1, 2],
        ],
        "float64",
      ),
      tensor([1, 3, 5], "float64"),
    );
    const wk: Tensor<[2, 1]> = lstsq(
      tensor(
        [
          [1, 0],
          [1, 1],
          [1, 2],
        ],
        "float64",
      ),
      tensor([[1], [3], [5]], "float64"),
    );
    expect([v.shape, m.shape, l.shape, d.shape, batch.shape, w.shape, wk.shape]).toEqual([[2], [2, 3], [2, 2], [], [5], [2], [2, 1]]);
  });
});

function zeros5(): Tensor<[5, 2, 2]> {
  return f64(new Array<number>(20).fill(1), [5, 2, 2]) as Tensor<[5, 2, 2]>;
}
