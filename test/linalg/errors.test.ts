import { describe, expect, it } from "vitest";
import { grad, tensor, zeros, type Tensor } from "../../src/index";
import { cholesky, det, inv, LinalgError, logdet, lstsq, ridge, solve, triangularSolve } from "../../src/ops/linalg-solve";
import { f64, randomTensor, spd } from "./helpers";

/** The error `f` throws. */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-Error: ${String(e)}`);
  }
  throw new Error("did not throw");
}

describe("cholesky errors", () => {
  it("names the op, the shape and the failing pivot for an indefinite matrix", () => {
    const e = thrown(() =>
      cholesky(
        tensor(
          [
            [1, 2],
            [2, 1],
          ],
          "float64",
        ),
      ),
    );
    expect(e).toBeInstanceOf(LinalgError);
    expect(e.message).toBe("cholesky: matrix [2,2] is not positive definite (pivot 1 is -3)");
    const l = e as LinalgError;
    expect([l.op, l.pivot, l.value, l.index]).toEqual(["cholesky", 1, -3, 0]);
  });

  it("rejects a negative first pivot and a positive semi-definite matrix", () => {
    expect(
      thrown(() =>
        cholesky(
          tensor(
            [
              [-1, 0],
              [0, 1],
            ],
            "float64",
          ),
        ),
      ).message,
    ).toMatch(/^cholesky: matrix \[2,2\] is not positive definite \(pivot 0 is -1\)$/);
    // [[1,1],[1,1]] is singular: its second pivot is 0 (or rounding noise).
    expect(
      thrown(() =>
        cholesky(
          tensor(
            [
              [1, 1, 0],
              [1, 1, 0],
              [0, 0, 1],
            ],
            "float64",
          ),
        ),
      ).message,
    ).toMatch(/^cholesky: matrix \[3,3\] is not positive definite.*\(pivot 1 is /);
  });

  it("names the matrix within a batch", () => {
    const good = values3(spd(2, 1));
    const a = f64([...good, 1, 2, 2, 1], [2, 2, 2]);
    expect(thrown(() => cholesky(a)).message).toBe("cholesky: matrix 1 of the batch [2,2,2] is not positive definite (pivot 1 is -3)");
  });

  it("rejects non-square input", () => {
    expect(thrown(() => cholesky(zeros([2, 3], "float64"))).message).toBe(
      "cholesky: a must be a square matrix or a batch of them (shape [..., n, n]), got [2,3]",
    );
    expect(thrown(() => cholesky(zeros([3], "float64"))).message).toContain("cholesky: a must be a square matrix");
  });

  it("fails the same way inside grad", () => {
    expect(
      thrown(() =>
        grad((a: Tensor) => logdet(cholesky(a)))(
          tensor(
            [
              [1, 2],
              [2, 1],
            ],
            "float64",
          ),
        ),
      ).message,
    ).toContain("cholesky: matrix [2,2] is not positive definite");
  });
});

function values3(t: Tensor): number[] {
  return Array.from(t.data(), Number);
}

describe("solve and inv errors", () => {
  it("names a singular matrix and its pivot", () => {
    expect(
      thrown(() =>
        solve(
          tensor(
            [
              [1, 2],
              [2, 4],
            ],
            "float64",
          ),
          tensor([1, 1], "float64"),
        ),
      ).message,
    ).toBe("solve: matrix [2,2] is singular (pivot 1 is 0)");
    expect(thrown(() => solve(zeros([3, 3], "float64"), zeros([3], "float64"))).message).toBe("solve: matrix [3,3] is singular (pivot 0 is 0)");
  });

  it("calls a matrix singular to working precision when rounding leaves a tiny pivot", () => {
    const e = thrown(() =>
      solve(
        tensor(
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ],
          "float64",
        ),
        tensor([1, 2, 3], "float64"),
      ),
    );
    expect(e.message).toMatch(/^solve: matrix \[3,3\] is singular( to working precision)? \(pivot 2 is /);
  });

  it("inv reports under its own name", () => {
    expect(
      thrown(() =>
        inv(
          tensor(
            [
              [1, 2],
              [2, 4],
            ],
            "float64",
          ),
        ),
      ).message,
    ).toBe("inv: matrix [2,2] is singular (pivot 1 is 0)");
  });

  it("names the matrix within a batch", () => {
    const a = f64([1, 0, 0, 1, 1, 2, 2, 4], [2, 2, 2]);
    expect(thrown(() => solve(a, zeros([2], "float64"))).message).toBe("solve: matrix 1 of the batch [2,2,2] is singular (pivot 1 is 0)");
  });

  it("rejects mismatched shapes", () => {
    const a = spd(3, 1);
    expect(thrown(() => solve(a, zeros([4], "float64"))).message).toBe("solve: b of length 4 does not match a of shape [3,3] (n=3)");
    expect(thrown(() => solve(a, zeros([2, 3], "float64"))).message).toBe("solve: b of shape [2,3] (rows: 2) does not match a of shape [3,3] (n=3)");
    expect(thrown(() => solve(zeros([2, 3], "float64"), zeros([2], "float64"))).message).toContain("solve: a must be a square matrix");
    expect(thrown(() => solve(a, tensor(1, "float64"))).message).toContain("solve: b must be a vector or a matrix");
    expect(thrown(() => solve(f64(new Array<number>(18).fill(1), [2, 3, 3]), zeros([3, 3, 1], "float64"))).message).toContain(
      "solve (batch axes): shapes [2] and [3] do not broadcast",
    );
  });

  it("det and logdet reject non-square input but accept singular matrices", () => {
    expect(thrown(() => det(zeros([2, 3], "float64"))).message).toContain("det: a must be a square matrix");
    expect(thrown(() => logdet(zeros([2], "float64"))).message).toContain("logdet: a must be a square matrix");
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
  });
});

describe("triangularSolve errors", () => {
  it("names a zero diagonal entry", () => {
    expect(
      thrown(() =>
        triangularSolve(
          tensor(
            [
              [1, 0],
              [3, 0],
            ],
            "float64",
          ),
          tensor([1, 1], "float64"),
        ),
      ).message,
    ).toBe("triangularSolve: matrix [2,2] is singular (pivot 1 is 0)");
  });

  it("ignores the diagonal with unitDiagonal", () => {
    expect(
      Array.from(
        triangularSolve(
          tensor(
            [
              [0, 0],
              [3, 0],
            ],
            "float64",
          ),
          tensor([1, 1], "float64"),
          { unitDiagonal: true },
        ).data(),
      ),
    ).toEqual([1, -2]);
  });

  it("checks b against the side it multiplies", () => {
    const l = tensor(
      [
        [1, 0],
        [3, 1],
      ],
      "float64",
    );
    expect(thrown(() => triangularSolve(l, zeros([3, 2], "float64"))).message).toBe(
      "triangularSolve: b of shape [3,2] (rows: 3) does not match a of shape [2,2] (n=2)",
    );
    expect(thrown(() => triangularSolve(l, zeros([2, 3], "float64"), { leftSide: false })).message).toBe(
      "triangularSolve: b of shape [2,3] (columns: 3) does not match a of shape [2,2] (n=2)",
    );
  });
});

describe("lstsq errors", () => {
  const rankDeficient = f64([1, 1, 2, 2, 3, 3], [3, 2]);
  const y = tensor([2, 4, 5], "float64");

  it("explains a rank-deficient x and suggests a ridge", () => {
    const e = thrown(() => lstsq(rankDeficient, y));
    expect(e).toBeInstanceOf(LinalgError);
    expect(e.message).toMatch(
      /^lstsq: xᵀx \(2×2\) is not positive definite.* \(pivot 1 is .*\): x of shape \[3,2\] is rank-deficient \(its columns are not independent\); pass \{ ridge: λ \} with λ > 0$/,
    );
  });

  it("succeeds on the same x with ridge > 0", () => {
    const w = Array.from(ridge(rankDeficient, y, 0.01).data());
    expect(w[0]).toBeCloseTo(w[1], 12);
    expect(Number.isFinite(w[0])).toBe(true);
  });

  it("rejects bad shapes and bad penalties", () => {
    const x = randomTensor([4, 2], 1);
    expect(thrown(() => lstsq(randomTensor([4], 1), zeros([4], "float64"))).message).toBe("lstsq: x must be a matrix [samples, features], got shape [4]");
    expect(thrown(() => lstsq(x, zeros([3], "float64"))).message).toBe("lstsq: y must be [4] or [4, k] to match x of shape [4,2], got [3]");
    expect(thrown(() => lstsq(x, zeros([4], "float64"), { ridge: -1 })).message).toBe("lstsq: ridge must be a finite number >= 0, got -1");
    expect(thrown(() => lstsq(x, zeros([4], "float64"), { ridge: NaN })).message).toBe("lstsq: ridge must be a finite number >= 0, got NaN");
    expect(thrown(() => lstsq(x, zeros([4], "float64"), { ridge: zeros([2], "float64") as unknown as Tensor<[]> })).message).toBe(
      "lstsq: ridge must be a scalar, got a tensor of shape [2]",
    );
  });
});
