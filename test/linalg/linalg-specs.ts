// Law specs of the linear-algebra primitives, for the law battery: for each primitive, a
// function of tensors that applies it (and nothing else, apart from the public op's
// shape handling), the argument shapes, a description of the domain on which it is
// smooth, and a seeded sampler of float64 arguments inside that domain.
import type { Tensor, Shape } from "../../src/index";
import { cholesky, det, inv, logdet, lstsq, slogdet, solve, triangularSolve, type TriangularSolveOptions } from "../../src/ops/linalg-solve";
import type { PrimitiveName } from "../../src/core/primitive";
import { f64, randomTensor, spd, triangular, wellConditioned } from "./helpers";

/** One primitive (or op) as the law battery sees it. */
export interface LinalgLawSpec {
  /** The primitive the function applies (for ops: the primitive they mostly rest on). */
  readonly primitive: PrimitiveName;
  /** The function under test: tensors in, one tensor out. */
  readonly op: (...args: Tensor[]) => Tensor;
  /** The argument shapes the sampler produces. */
  readonly shapes: readonly Shape[];
  /** Where the function is smooth; the sampler stays well inside it. */
  readonly domain: string;
  /** Float64 arguments of `shapes` inside the domain, one set per seed. */
  readonly sample: (seed: number) => Tensor[];
  /** True when the derivative rules are themselves differentiable (second-order laws apply). */
  readonly secondOrder: boolean;
  /** False for a piecewise-constant function whose derivative is identically zero. */
  readonly differentiable: boolean;
}

const n = 3;

/** Keys of the 16 flag combinations of triangularSolve, e.g. "lower,transposeA,left,unit". */
function variantKey(o: Required<TriangularSolveOptions>): string {
  return [o.lower ? "lower" : "upper", o.transposeA ? "transposeA" : "noTranspose", o.leftSide ? "left" : "right", o.unitDiagonal ? "unit" : "nonUnit"].join(
    ",",
  );
}

function triangularSolveSpec(o: Required<TriangularSolveOptions>): LinalgLawSpec {
  const bShape = o.leftSide ? [n, 2] : [2, n];
  return {
    primitive: "triangularSolve",
    op: (a, b) => triangularSolve(a, b, o),
    shapes: [[n, n], bShape],
    domain: `a: any [${n},${n}] matrix whose ${o.lower ? "lower" : "upper"} triangle has a non-zero diagonal${o.unitDiagonal ? " (the diagonal is not read: unit)" : ""}; the other triangle is ignored. b: any`,
    sample: (seed) => [triangular(n, seed), randomTensor(bShape, seed + 1)],
    secondOrder: true,
    differentiable: true,
  };
}

/** Every flag combination of triangularSolve. */
export const triangularSolveVariants: Readonly<Record<string, LinalgLawSpec>> = Object.fromEntries(
  [true, false].flatMap((lower) =>
    [false, true].flatMap((transposeA) =>
      [true, false].flatMap((leftSide) =>
        [false, true].map((unitDiagonal) => {
          const o = { lower, transposeA, leftSide, unitDiagonal };
          return [variantKey(o), triangularSolveSpec(o)] as const;
        }),
      ),
    ),
  ),
);

/** The law specs of the primitives added for linear algebra, keyed by primitive name. */
export const linalgSpecs: { readonly [K in "cholesky" | "triangularSolve" | "solve" | "logAbsDet" | "detSign"]: LinalgLawSpec } = {
  cholesky: {
    primitive: "cholesky",
    op: (a) => cholesky(a),
    shapes: [[n, n]],
    domain: `a: [${n},${n}] whose symmetric part (a + aᵀ)/2 is positive definite (the primitive reads only that part)`,
    sample: (seed) => [spd(n, seed)],
    secondOrder: true,
    differentiable: true,
  },
  triangularSolve: triangularSolveSpec({ lower: true, transposeA: false, leftSide: true, unitDiagonal: false }),
  solve: {
    primitive: "solve",
    op: (a, b) => solve(a, b),
    shapes: [
      [n, n],
      [n, 2],
    ],
    domain: `a: invertible [${n},${n}] (sampled diagonally dominant), b: any [${n},2]`,
    sample: (seed) => [wellConditioned(n, seed), randomTensor([n, 2], seed + 1)],
    secondOrder: true,
    differentiable: true,
  },
  logAbsDet: {
    primitive: "logAbsDet",
    op: (a) => slogdet(a).logAbsDet,
    shapes: [[n, n]],
    domain: `a: invertible [${n},${n}] (log|det a| is smooth where det a ≠ 0)`,
    sample: (seed) => [wellConditioned(n, seed)],
    secondOrder: true,
    differentiable: true,
  },
  detSign: {
    primitive: "detSign",
    op: (a) => slogdet(a).sign,
    shapes: [[n, n]],
    domain: `a: invertible [${n},${n}]; the sign is locally constant there, so every derivative is 0`,
    sample: (seed) => [wellConditioned(n, seed)],
    secondOrder: true,
    differentiable: false,
  },
};

/** Law specs of the public ops composed from the primitives. */
export const linalgOpSpecs: Readonly<Record<"inv" | "det" | "logdet" | "lstsq" | "ridge" | "batchedSolve" | "batchedCholesky", LinalgLawSpec>> = {
  inv: { ...linalgSpecs.solve, op: (a) => inv(a), shapes: [[n, n]], sample: (seed) => [wellConditioned(n, seed)], domain: `a: invertible [${n},${n}]` },
  det: { ...linalgSpecs.logAbsDet, op: (a) => det(a) },
  logdet: {
    ...linalgSpecs.logAbsDet,
    op: (a) => logdet(a),
    domain: `a: [${n},${n}] with det a > 0 (sampled symmetric positive definite)`,
    sample: (seed) => [spd(n, seed)],
  },
  lstsq: {
    primitive: "cholesky",
    op: (x, y) => lstsq(x, y),
    shapes: [[6, n], [6]],
    domain: `x: [6,${n}] of full column rank, y: any [6]`,
    sample: (seed) => [randomTensor([6, n], seed), randomTensor([6], seed + 1)],
    secondOrder: true,
    differentiable: true,
  },
  ridge: {
    primitive: "cholesky",
    op: (x, y, lambda) => lstsq(x, y, { ridge: lambda as Tensor<[]> }),
    shapes: [[4, n], [4, 2], []],
    domain: `x: any [4,${n}] (rank-deficient allowed), y: any [4,2], λ: scalar > 0 (sampled in [0.5, 1.5))`,
    sample: (seed) => [randomTensor([4, n], seed), randomTensor([4, 2], seed + 1), f64([1 + 0.5 * randomTensor([], seed + 2).item()], [])],
    secondOrder: true,
    differentiable: true,
  },
  batchedSolve: {
    ...linalgSpecs.solve,
    shapes: [
      [2, n, n],
      [2, n, 2],
    ],
    sample: (seed) => [wellConditioned(n, seed, [2]), randomTensor([2, n, 2], seed + 1)],
    domain: `a: a batch of 2 invertible [${n},${n}], b: any [2,${n},2]`,
  },
  batchedCholesky: {
    ...linalgSpecs.cholesky,
    shapes: [[2, n, n]],
    sample: (seed) => [spd(n, seed, [2])],
    domain: `a: a batch of 2 [${n},${n}] with positive-definite symmetric parts`,
  },
};
