/**
 * Law specs of the matrix decompositions (`eigh`, `svd`, `qr`, `lu`, `luPivots`). Each
 * case samples well-conditioned float64 matrices with well-separated spectra (so finite
 * differences hold and eigenvectors are locally smooth), and for eigenvectors and
 * singular vectors, whose signs are arbitrary, differentiates sign-invariant quantities:
 * weighted projectors V·diag(c)·Vᵀ and the polar factor U·Vh.
 */
import fc from "fast-check";
import { add, astype, eigh, eigvalsh, lu, matmul, mul, qr, svd, tensor, transpose, type Tensor } from "../../../src/index";
import { rng } from "../../linalg/helpers";
import { show, type Fn, type LawCase, type LawSpec } from "./kit";

/** A float64 tensor from row-major values. */
const f64 = (values: readonly number[], shape: readonly number[]): Tensor => tensor(Float64Array.from(values), "float64", shape);

/**
 * Matrices [...batch, m, n] with `diagonal[i]` on entry (rowOf(i), i) and small noise in
 * [−0.3, 0.3) elsewhere: singular values near |diagonal| (well separated), pivots in the
 * rows `rowOf` names.
 */
function structured(
  seed: number,
  batch: readonly number[],
  m: number,
  n: number,
  diagonal: readonly number[],
  rowOf: (i: number) => number = (i) => i,
): Tensor {
  const r = rng(seed);
  const count = batch.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) values.push(j < diagonal.length && rowOf(j) === i ? diagonal[j] * (1 + 0.1 * r()) : 0.6 * r() - 0.3);
    }
  }
  return f64(values, [...batch, m, n]);
}

/** Symmetric-looking matrices with eigenvalues near 1, 4, 7 (the upper triangle is noise the op ignores). */
const symmetricSample = (seed: number, batch: readonly number[] = []): Tensor => structured(seed, batch, 3, 3, [1, 4, 7]);

/** Swaps the last two axes. */
const mT = (x: Tensor): Tensor =>
  transpose(
    x,
    [...x.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : i === all.length - 2 ? all.length - 1 : all.length - 2)),
  );

/**
 * V·diag(1, 2, …, k, k + 1, …, k + 1)·Vᵀ: sign-invariant in each column of V, and
 * invariant under rotations of the columns after the first `distinct` (a complement
 * basis, fixed only up to such a rotation).
 */
function projector(v: Tensor, distinct = v.shape[v.shape.length - 1]): Tensor {
  const k = v.shape[v.shape.length - 1];
  const weights = f64(
    Array.from({ length: k }, (_, i) => Math.min(i, distinct) + 1),
    [1, k],
  );
  return matmul(mul(v, weights), mT(v));
}

/** A seeded case: `make(seed)` gives the arguments. */
function seeded(name: string, make: (seed: number) => Tensor[], fn: Fn): LawCase {
  return {
    name,
    sample: fc.integer({ min: 0, max: 1_000_000 }).map((seed) => {
      const args = make(seed);
      return { args, fn, note: `sampler seed ${seed}, shapes ${args.map((a) => show(a.shape)).join(", ")}` };
    }),
  };
}

/** The shapes the SVD, QR and LU cases run on: tall, square, wide. */
const rectangular: readonly [number, number][] = [
  [4, 3],
  [3, 3],
  [2, 3],
];

const diagonalOf = (m: number, n: number): number[] => [4, 2.5, 1].slice(0, Math.min(m, n));

/** The law specs of the decomposition primitives. */
export const decompositionLaws: Readonly<Record<"eigh" | "svd" | "qr" | "lu" | "luPivots", LawSpec>> = {
  eigh: {
    via: "eigh / eigvalsh (src/ops/decompositions)",
    domain: "[3,3] (the lower triangle read) with eigenvalues near 1, 4, 7: well separated",
    derivative: "smooth",
    cases: [
      seeded(
        "eigvalsh(a)",
        (seed) => [symmetricSample(seed)],
        (a) => eigvalsh(a),
      ),
      seeded(
        "V·diag(1,2,3)·Vᵀ of eigh(a)",
        (seed) => [symmetricSample(seed)],
        (a) => projector(eigh(a).eigenvectors),
      ),
      seeded(
        "eigh(a, UPLO U): eigenvalues + projector",
        (seed) => [mT(symmetricSample(seed))],
        (a) => {
          const { eigenvalues, eigenvectors } = eigh(a, { UPLO: "U" });
          return add(projector(eigenvectors), eigenvalues);
        },
      ),
      seeded(
        "batched [2,3,3] projector",
        (seed) => [symmetricSample(seed, [2])],
        (a) => projector(eigh(a).eigenvectors),
      ),
    ],
  },
  svd: {
    via: "svd (src/ops/decompositions), thin and full",
    domain: "[4,3], [3,3], [2,3] with singular values near 4, 2.5, 1: well separated and away from 0",
    derivative: "smooth",
    cases: rectangular
      .flatMap(([m, n]): LawCase[] => [
        seeded(
          `singular values [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => svd(a, { computeUv: false }),
        ),
        seeded(
          `U·Vh (polar factor) [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => {
            const { U, Vh } = svd(a, { fullMatrices: false });
            return matmul(U, Vh);
          },
        ),
        seeded(
          `full U·diag(c)·Uᵀ [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => projector(svd(a).U, Math.min(m, n)),
        ),
        seeded(
          `full V·diag(c)·Vᵀ [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => projector(mT(svd(a).Vh), Math.min(m, n)),
        ),
      ])
      .concat([
        seeded(
          "batched [2,4,3] U·Vh",
          (seed) => [structured(seed, [2], 4, 3, diagonalOf(4, 3))],
          (a) => {
            const { U, Vh } = svd(a, { fullMatrices: false });
            return matmul(U, Vh);
          },
        ),
      ]),
  },
  qr: {
    via: "qr (src/ops/decompositions), reduced, complete and r",
    domain: "[4,3], [3,3], [2,3] of full rank with a dominant positive diagonal (Householder signs fixed)",
    derivative: "smooth",
    cases: rectangular
      .flatMap(([m, n]): LawCase[] => [
        seeded(
          `Q [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => qr(a).Q,
        ),
        seeded(
          `R [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => qr(a, "r"),
        ),
        seeded(
          `complete Q·diag(c)·Qᵀ [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => projector(qr(a, "complete").Q, Math.min(m, n)),
        ),
        seeded(
          `complete R [${m},${n}]`,
          (seed) => [structured(seed, [], m, n, diagonalOf(m, n))],
          (a) => qr(a, "complete").R,
        ),
      ])
      .concat([
        seeded(
          "batched [2,3,3] Q",
          (seed) => [structured(seed, [2], 3, 3, diagonalOf(3, 3))],
          (a) => qr(a).Q,
        ),
      ]),
  },
  lu: {
    via: "lu (src/ops/decompositions): l and u",
    domain: "[4,3], [3,3], [2,3] whose pivots are dominant entries placed in permuted rows (the permutation is locally constant)",
    derivative: "smooth",
    cases: rectangular
      .flatMap(([m, n]): LawCase[] => {
        const rowOf = (i: number) => (i + 1) % m;
        return [
          seeded(
            `l [${m},${n}]`,
            (seed) => [structured(seed, [], m, n, diagonalOf(m, n), rowOf)],
            (a) => lu(a).l,
          ),
          seeded(
            `u [${m},${n}]`,
            (seed) => [structured(seed, [], m, n, diagonalOf(m, n), rowOf)],
            (a) => lu(a).u,
          ),
        ];
      })
      .concat([
        seeded(
          "batched [2,3,3] u",
          (seed) => [structured(seed, [2], 3, 3, diagonalOf(3, 3), (i) => 2 - i)],
          (a) => lu(a).u,
        ),
      ]),
  },
  luPivots: {
    via: "lu(a).permutation (as float64)",
    domain: "matrices whose pivots are dominant entries in permuted rows: the permutation is locally constant",
    derivative: "zero",
    cases: [
      seeded(
        "lu(a).permutation [3,3]",
        (seed) => [structured(seed, [], 3, 3, [4, 2.5, 1], (i) => (i + 2) % 3)],
        (a) => astype(lu(a).permutation, "float64"),
      ),
    ],
  },
};
