import { describe, expect, it } from "vitest";
import { grad, hessian, jacfwd, jacrev, matmul, mul, sum, square, transpose, type Tensor } from "../../src/index";
import { cholesky, det, inv, logdet, lstsq, slogdet, solve, triangularSolve } from "../../src/ops/linalg-solve";
import { checkDuality, checkGrad, checkJvp, checkSecondOrder, expectClose, f64, randomTensor, spd, triangular, values, wellConditioned } from "./helpers";

const mT = (x: Tensor): Tensor =>
  transpose(
    x,
    x.shape.map((_, i, s) => (i < s.length - 2 ? i : i === s.length - 2 ? s.length - 1 : s.length - 2)),
  );

/** Each case: a function of tensors and arguments inside its domain. */
interface Case {
  readonly name: string;
  readonly f: (...args: Tensor[]) => Tensor;
  readonly args: () => Tensor[];
}

const cases: Case[] = [
  { name: "cholesky", f: (a) => cholesky(a), args: () => [spd(3, 1)] },
  { name: "cholesky (batch)", f: (a) => cholesky(a), args: () => [spd(3, 2, [2])] },
  {
    name: "cholesky (non-symmetric input, reads the symmetric part)",
    f: (a) => cholesky(a),
    args: () => [
      f64(
        values(spd(3, 3)).map((v, i) => v + (i % 3) * 0.1),
        [3, 3],
      ),
    ],
  },
  { name: "solve (matrix b)", f: (a, b) => solve(a, b), args: () => [wellConditioned(3, 4), randomTensor([3, 2], 5)] },
  { name: "solve (vector b)", f: (a, b) => solve(a, b), args: () => [wellConditioned(4, 6), randomTensor([4], 7)] },
  { name: "solve (batch, broadcast b)", f: (a, b) => solve(a, b), args: () => [wellConditioned(3, 8, [2]), randomTensor([3, 1], 9)] },
  { name: "inv", f: (a) => inv(a), args: () => [wellConditioned(3, 10)] },
  { name: "det", f: (a) => det(a), args: () => [wellConditioned(3, 11)] },
  { name: "det (batch)", f: (a) => det(a), args: () => [wellConditioned(2, 12, [3])] },
  { name: "logdet", f: (a) => logdet(a), args: () => [spd(3, 13)] },
  {
    name: "slogdet.logAbsDet (negative determinant)",
    f: (a) => slogdet(a).logAbsDet,
    args: () => [
      f64(
        values(wellConditioned(3, 14)).map((v, i) => (i < 3 ? -v : v)),
        [3, 3],
      ),
    ],
  },
  { name: "lstsq", f: (x, y) => lstsq(x, y), args: () => [randomTensor([6, 3], 15), randomTensor([6], 16)] },
  { name: "lstsq (several right-hand sides)", f: (x, y) => lstsq(x, y), args: () => [randomTensor([5, 2], 17), randomTensor([5, 3], 18)] },
  {
    name: "ridge (λ a tensor, rank-deficient x)",
    f: (x, y, l) => lstsq(x, y, { ridge: l as Tensor<[]> }),
    args: () => [
      f64(
        values(randomTensor([4, 2], 19)).flatMap((v) => [v, v]),
        [4, 4],
      ),
      randomTensor([4], 20),
      f64([0.7], []),
    ],
  },
];

for (const lower of [true, false]) {
  for (const transposeA of [false, true]) {
    for (const leftSide of [true, false]) {
      for (const unitDiagonal of [false, true]) {
        cases.push({
          name: `triangularSolve lower=${lower} transposeA=${transposeA} leftSide=${leftSide} unitDiagonal=${unitDiagonal}`,
          f: (a, b) => triangularSolve(a, b, { lower, transposeA, leftSide, unitDiagonal }),
          args: () => [triangular(3, 21), randomTensor(leftSide ? [3, 2] : [2, 3], 22)],
        });
      }
    }
  }
}
cases.push({ name: "triangularSolve (batch)", f: (a, b) => triangularSolve(a, b), args: () => [triangular(3, 23, [2]), randomTensor([2, 3, 2], 24)] });

describe("first derivatives against central finite differences", () => {
  for (const c of cases) {
    it(`${c.name}: grad (every argument)`, () => {
      const args = c.args();
      checkGrad(
        c.f,
        args,
        args.map((_, i) => i),
      );
    });
    it(`${c.name}: jvp`, () => {
      checkJvp(c.f, c.args());
    });
    it(`${c.name}: ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩`, () => {
      checkDuality(c.f, c.args());
    });
  }

  it("detSign has zero derivative", () => {
    const a = wellConditioned(3, 30);
    expectClose(grad((x: Tensor) => sum(slogdet(x).sign))(a), new Array<number>(9).fill(0));
  });
});

describe("closed forms of the gradients", () => {
  it("∇ log|det A| = A⁻ᵀ and ∇ det A = det A · A⁻ᵀ", () => {
    const a = wellConditioned(4, 31);
    expectClose(grad((x: Tensor) => logdet(x))(spd(4, 32)), mT(inv(spd(4, 32))), 1e-12, 1e-12);
    expectClose(grad((x: Tensor) => slogdet(x).logAbsDet)(a), mT(inv(a)), 1e-12, 1e-12);
    const d = det(a).item();
    expectClose(
      grad((x: Tensor) => det(x))(a),
      values(mT(inv(a))).map((v) => d * v),
      1e-10,
      1e-10,
    );
  });

  it("∇_b ½|A⁻¹b|² = A⁻ᵀA⁻¹b", () => {
    const a = wellConditioned(3, 33);
    const b = randomTensor([3], 34);
    const x = solve(a, b);
    expectClose(
      grad((q: Tensor) => sum(square(solve(a, q))))(b),
      values(solve(mT(a), x)).map((v) => 2 * v),
      1e-12,
      1e-12,
    );
  });

  it("the Hessian of b ↦ |A⁻¹b|² is 2·A⁻ᵀA⁻¹ (forward over reverse)", () => {
    const a = wellConditioned(3, 35);
    const b = randomTensor([3], 36);
    const ainv = inv(a);
    const expected = values(matmul(mT(ainv), ainv)).map((v) => 2 * v);
    expectClose(hessian((q: Tensor) => sum(square(solve(a, q))))(b), expected, 1e-11, 1e-11);
  });

  it("jacfwd and jacrev of solve agree", () => {
    const a = wellConditioned(3, 37);
    const b = randomTensor([3], 38);
    expectClose(jacfwd((m: Tensor) => solve(m, b))(a), jacrev((m: Tensor) => solve(m, b))(a), 1e-12, 1e-12);
    expectClose(jacfwd((m: Tensor) => cholesky(m))(spd(3, 39)), jacrev((m: Tensor) => cholesky(m))(spd(3, 39)), 1e-12, 1e-12);
  });

  it("cholesky's gradient is symmetric", () => {
    const a = spd(4, 40);
    const c = randomTensor([4, 4], 41);
    const g = values(grad((x: Tensor) => sum(matmul(cholesky(x), c)))(a));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(g[i * 4 + j]).toBeCloseTo(g[j * 4 + i], 13);
  });
});

describe("second derivatives (grad of grad) against finite differences of the gradient", () => {
  const solveSq = (a: Tensor, b: Tensor): Tensor => square(solve(a, b));
  it("sum(solve(A, b)²): ∂²/∂b², ∂²/∂A², ∂²/∂A∂b, ∂²/∂b∂A", () => {
    const args = [wellConditioned(3, 50), randomTensor([3], 51)];
    checkSecondOrder(solveSq, args, 1, 1);
    checkSecondOrder(solveSq, args, 0, 0);
    checkSecondOrder(solveSq, args, 0, 1);
    checkSecondOrder(solveSq, args, 1, 0);
  });

  it("cholesky", () => {
    checkSecondOrder((a) => cholesky(a), [spd(3, 52)], 0, 0);
  });

  it("triangularSolve (both sides, transposed, both arguments)", () => {
    for (const [leftSide, transposeA] of [
      [true, false],
      [false, true],
    ] as const) {
      const f = (a: Tensor, b: Tensor): Tensor => triangularSolve(a, b, { lower: false, transposeA, leftSide });
      const args = [triangular(3, 53), randomTensor(leftSide ? [3, 2] : [2, 3], 54)];
      checkSecondOrder(f, args, 0, 0);
      checkSecondOrder(f, args, 0, 1);
      checkSecondOrder(f, args, 1, 0);
    }
  });

  it("inv, det and logdet", () => {
    checkSecondOrder((a) => inv(a), [wellConditioned(3, 55)], 0, 0);
    checkSecondOrder((a) => det(a), [wellConditioned(3, 56)], 0, 0);
    checkSecondOrder((a) => logdet(a), [spd(3, 57)], 0, 0);
  });

  it("lstsq in x and y, ridge in λ", () => {
    const args = [randomTensor([5, 2], 58), randomTensor([5], 59)];
    checkSecondOrder((x, y) => lstsq(x, y), args, 0, 0);
    checkSecondOrder((x, y) => lstsq(x, y), args, 0, 1);
    const withRidge = [randomTensor([4, 3], 60), randomTensor([4], 61), f64([0.5], [])];
    checkSecondOrder((x, y, l) => lstsq(x, y, { ridge: l as Tensor<[]> }), withRidge, 2, 2);
    checkSecondOrder((x, y, l) => lstsq(x, y, { ridge: l as Tensor<[]> }), withRidge, 0, 2);
  });

  it("third order: grad of grad of grad of logdet along a direction", () => {
    const a = spd(2, 62);
    const d = randomTensor([2, 2], 63);
    const e = randomTensor([2, 2], 64);
    // second(A) = ⟨∇⟨∇ logdet(A), D⟩, E⟩; its gradient is a third derivative.
    const second = (x: Tensor): Tensor => sum(mul(grad((y: Tensor) => sum(mul(grad((z: Tensor) => logdet(z))(y), d)))(x), e));
    const analytic = grad(second)(a);
    const h = 1e-5;
    const av = values(a);
    const numeric = av.map((_, i) => {
      const plus = f64(
        av.map((v, j) => (i === j ? v + h : v)),
        [2, 2],
      );
      const minus = f64(
        av.map((v, j) => (i === j ? v - h : v)),
        [2, 2],
      );
      return (second(plus).item() - second(minus).item()) / (2 * h);
    });
    expectClose(analytic, numeric, 1e-5, 1e-5);
  });
});
