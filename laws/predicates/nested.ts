/**
 * Nested derivatives: the Hessian is symmetric, the different ways of computing second
 * derivatives (jacfwd∘grad, jacrev∘grad, hessian, grad∘grad, jvp∘grad) agree, and they
 * match finite differences of the gradient.
 *
 * @module
 */
import { add, grad, hessian, jacfwd, jacrev, jvp, mul, sum, type Tensor } from "../../src/index";
import { allLaws, failed, guardLaw, passed, type LawResult } from "../law-result";
import { algebraicTolerance, finiteDifferenceTolerance, toleranceDType } from "../tolerance";
import { defaultEpsFor } from "../finite-difference";
import { innerWithScale, like, showNumber, valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions, FiniteDifferenceLawOptions, TensorFunction, TensorsLike } from "../law-types";
import { argumentLabel, checkShapes, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link hessianSymmetry}.
 * @example
 * ```ts
 * import { HESSIAN_SYMMETRY } from "purediff/laws";
 * // the `law` of a failed hessianSymmetry result
 * HESSIAN_SYMMETRY; // => "the Hessian is symmetric: H = Hᵀ"
 * ```
 */
export const HESSIAN_SYMMETRY = "the Hessian is symmetric: H = Hᵀ";
/**
 * The name of {@link hessianConsistency}.
 * @example
 * ```ts
 * import { HESSIAN_CONSISTENCY } from "purediff/laws";
 * // the `law` of a failed hessianConsistency result
 * HESSIAN_CONSISTENCY; // => "second derivatives agree: jacrev∘grad, hessian, grad∘grad and jvp∘grad equal jacfwd∘grad"
 * ```
 */
export const HESSIAN_CONSISTENCY = "second derivatives agree: jacrev∘grad, hessian, grad∘grad and jvp∘grad equal jacfwd∘grad";
/**
 * The name of {@link secondDerivativeMatchesFiniteDifferences}.
 * @example
 * ```ts
 * import { SECOND_DERIVATIVE_FINITE_DIFFERENCES } from "purediff/laws";
 * // the `law` of a failed secondDerivativeMatchesFiniteDifferences result
 * SECOND_DERIVATIVE_FINITE_DIFFERENCES; // => "second derivatives agree with finite differences of the gradient: H·v ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h"
 * ```
 */
export const SECOND_DERIVATIVE_FINITE_DIFFERENCES = "second derivatives agree with finite differences of the gradient: H·v ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h";
/**
 * The name of {@link hessianVectorSymmetry}.
 * @example
 * ```ts
 * import { HESSIAN_VECTOR_SYMMETRY } from "purediff/laws";
 * // the `law` of a failed hessianVectorSymmetry result
 * HESSIAN_VECTOR_SYMMETRY; // => "second derivatives are symmetric: uᵀ(H·v) = vᵀ(H·u)"
 * ```
 */
export const HESSIAN_VECTOR_SYMMETRY = "second derivatives are symmetric: uᵀ(H·v) = vᵀ(H·u)";

/** The gradients of f with respect to every argument. */
function gradients<Args extends readonly Tensor[]>(f: TensorFunction<Args>, xs: Args): readonly Tensor[] {
  const argnums = xs.map((_, i) => i);
  const g = f as unknown as (...ys: Tensor[]) => Tensor;
  return grad(g, { argnums })(...xs) as unknown as readonly Tensor[];
}

/** H·v by reverse over reverse (grad∘grad): the gradient of ⟨∇f(x), v⟩. */
function hvpReverse<Args extends readonly Tensor[]>(f: TensorFunction<Args>, xs: Args, v: TensorsLike<Args>): readonly Tensor[] {
  const inner = (...us: Args): Tensor => {
    const gs = gradients(f, us);
    return gs.map((g, k) => sum(mul(g, v[k]))).reduce((a, b) => add(a, b));
  };
  return gradients(inner, xs);
}

/** uᵀHv by forward over forward (jvp∘jvp). */
function secondDirectionalForward<Args extends readonly Tensor[]>(f: TensorFunction<Args>, xs: Args, u: TensorsLike<Args>, v: TensorsLike<Args>): number {
  const du = (...ys: Args): Tensor => jvp(f, ys, u as unknown as Args)[1];
  return valuesOf(jvp(du, xs, v as unknown as Args)[1])[0];
}

/** Fails unless `t` has `shape`. */
function expectShape(law: string, what: string, t: Tensor, shape: readonly number[]): LawResult {
  if (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i])) return passed;
  return failed(law, `${what} has shape [${t.shape.join(",")}], expected [${shape.join(",")}]`, { actualShape: [...t.shape], expectedShape: [...shape] });
}

/** The values of an n-element-input Hessian-like tensor as rows of an n×n matrix. */
function asMatrix(h: Tensor, n: number): Float64Array {
  const v = valuesOf(h);
  if (v.length !== n * n) throw new Error(`expected ${n * n} second derivatives, got shape [${h.shape.join(",")}]`);
  return v;
}

/**
 * hessian(f)(x) equals its transpose (as an n×n matrix, n = x.size), for scalar f.
 * @example
 * ```ts
 * import { Tensor, exp, mul, sin, sum, tensor } from "purediff";
 * import { hessianSymmetry } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * hessianSymmetry((y: Tensor) => sum(mul(sin(y), exp(y))), x); // => { ok: true }
 * ```
 */
export function hessianSymmetry<X extends Tensor>(f: (x: X) => Tensor, x: X, options: AlgebraicLawOptions = {}): LawResult {
  const law = HESSIAN_SYMMETRY;
  return guardLaw(law, () => {
    const h = hessian(f)(x);
    const n = x.size;
    const shaped = expectShape(law, "hessian(f)(x)", h, [...x.shape, ...x.shape]);
    if (!shaped.ok) return shaped;
    const m = asMatrix(h, n);
    const transposed = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transposed[i * n + j] = m[j * n + i];
    return compareLists(
      law,
      { what: () => "H as an n×n matrix", actualName: "H[i,j] =", expectedName: "H[j,i] =" },
      [{ shape: [n, n], values: m }],
      [transposed],
      toleranceOf(options, algebraicTolerance[toleranceDType(x, h)]),
    );
  });
}

/**
 * For scalar f of one tensor: jacrev(grad f)(x), hessian(f)(x) equal jacfwd(grad f)(x),
 * and grad∘grad (the gradient of ⟨∇f, v⟩) and jvp∘grad along v equal jacfwd(grad f)(x)·v.
 * @example
 * ```ts
 * import { Tensor, sum, tanh, tensor } from "purediff";
 * import { hessianConsistency } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * const v = tensor([1, 2], "float64");
 * hessianConsistency((y: Tensor) => sum(tanh(y)), x, v); // => { ok: true }
 * ```
 */
export function hessianConsistency<X extends Tensor>(f: (x: X) => Tensor, x: X, v: Tensor, options: AlgebraicLawOptions = {}): LawResult {
  const law = HESSIAN_CONSISTENCY;
  return guardLaw(law, () => {
    const g = (u: X): Tensor => grad(f)(u) as Tensor;
    const forward = jacfwd(g)(x);
    const reverse = jacrev(g)(x);
    const h = hessian(f)(x);
    const n = x.size;
    const shape = [n, n];
    const F = asMatrix(forward, n);
    const vv = valuesOf(v);
    const fv = new Float64Array(n);
    const fvScale = new Float64Array(n);
    // Rows of jacfwd(grad f) are indexed by the gradient entry, columns by the input entry.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        fv[i] += F[i * n + j] * vv[j];
        fvScale[i] += Math.abs(F[i * n + j] * vv[j]);
      }
    }
    const [hvp] = hvpReverse((u: X) => f(u), [x] as const, [v] as const);
    const [, fwdOverRev] = jvp(g, [x], [v as X]);
    const tolerance = toleranceOf(options, algebraicTolerance[toleranceDType(x, forward)]);
    const labels = (actualName: string) => ({ what: () => "the second derivative", actualName, expectedName: "jacfwd(grad f) gives" });
    const flatShape = [n];
    return allLaws(
      () => expectShape(law, "jacfwd(grad f)(x)", forward, [...x.shape, ...x.shape]),
      () => expectShape(law, "jacrev(grad f)(x)", reverse, [...x.shape, ...x.shape]),
      () => expectShape(law, "hessian(f)(x)", h, [...x.shape, ...x.shape]),
      () => compareLists(law, labels("jacrev(grad f) gives"), [{ shape, values: asMatrix(reverse, n) }], [F], tolerance),
      () => compareLists(law, labels("hessian(f) gives"), [{ shape, values: asMatrix(h, n) }], [F], tolerance),
      () =>
        compareLists(
          law,
          { ...labels("grad∘grad (H·v) gives"), expectedName: "jacfwd(grad f)·v gives" },
          [{ shape: flatShape, values: valuesOf(hvp) }],
          [fv],
          tolerance,
          [fvScale],
        ),
      () =>
        compareLists(
          law,
          { ...labels("jvp∘grad (H·v) gives"), expectedName: "jacfwd(grad f)·v gives" },
          [{ shape: flatShape, values: valuesOf(fwdOverRev) }],
          [fv],
          tolerance,
          [fvScale],
        ),
    );
  });
}

/**
 * For scalar f: H·v by grad∘grad equals the central difference of the gradient along v,
 * (∇f(x + h·v) − ∇f(x − h·v)) / 2h, for every argument.
 * @example
 * ```ts
 * import { Tensor, exp, mul, sum, tensor } from "purediff";
 * import { randomTensorsLike, secondDerivativeMatchesFiniteDifferences } from "purediff/laws";
 * const a = tensor([0.5, -1], "float64");
 * const b = tensor([2, 3], "float64");
 * secondDerivativeMatchesFiniteDifferences((a: Tensor, b: Tensor) => sum(mul(exp(a), b)), [a, b], randomTensorsLike([a, b] as const, 1)); // => { ok: true }
 * ```
 */
export function secondDerivativeMatchesFiniteDifferences<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  directions: TensorsLike<Args>,
  options: Omit<FiniteDifferenceLawOptions, "sampled"> = {},
): LawResult {
  const law = SECOND_DERIVATIVE_FINITE_DIFFERENCES;
  return guardLaw(law, () => {
    const eps = options.eps ?? defaultEpsFor(args);
    const hv = hvpReverse(f, args, directions);
    const moved = (sign: number) =>
      args.map((x, k) => {
        const values = valuesOf(x);
        const d = valuesOf(directions[k]);
        for (let i = 0; i < values.length; i++) values[i] += sign * eps * d[i];
        return like(x, values);
      }) as unknown as Args;
    const plus = gradients(f, moved(1));
    const minus = gradients(f, moved(-1));
    const numeric = args.map((_, k) => {
      const a = valuesOf(plus[k]);
      const b = valuesOf(minus[k]);
      return a.map((p, i) => (p - b[i]) / (2 * eps));
    });
    return allLaws(
      () => checkShapes(law, (k) => `H·v for argument ${k}`, hv, args),
      () =>
        compareLists(
          law,
          { what: argumentLabel, actualName: "grad∘grad gives", expectedName: "finite differences of grad give" },
          hv.map((t) => ({ shape: t.shape, values: valuesOf(t) })),
          numeric,
          toleranceOf(options, finiteDifferenceTolerance[toleranceDType(...args)]),
          undefined,
          `; eps ${eps}`,
        ),
    );
  });
}

/**
 * For scalar f: uᵀ(H·v) = vᵀ(H·u), with H·v by grad∘grad (mode "rev", the default) or
 * uᵀHv by jvp∘jvp (mode "fwd", where the law reads d²f[u, v] = d²f[v, u]).
 * @example
 * ```ts
 * import { Tensor, mul, sin, sum, tensor } from "purediff";
 * import { hessianVectorSymmetry, randomTensorsLike } from "purediff/laws";
 * const a = tensor([0.5, -1], "float64");
 * const b = tensor([2, 3], "float64");
 * const u = randomTensorsLike([a, b] as const, 1);
 * const v = randomTensorsLike([a, b] as const, 2);
 * hessianVectorSymmetry((a: Tensor, b: Tensor) => sum(mul(sin(a), b)), [a, b], u, v); // => { ok: true }
 * ```
 */
export function hessianVectorSymmetry<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  u: TensorsLike<Args>,
  v: TensorsLike<Args>,
  options: AlgebraicLawOptions & { readonly mode?: "rev" | "fwd" } = {},
): LawResult {
  const law = HESSIAN_VECTOR_SYMMETRY;
  return guardLaw(law, () => {
    let uhv: number;
    let vhu: number;
    let scale: number;
    if (options.mode === "fwd") {
      uhv = secondDirectionalForward(f, args, u, v);
      vhu = secondDirectionalForward(f, args, v, u);
      scale = Math.max(Math.abs(uhv), Math.abs(vhu));
    } else {
      const hv = hvpReverse(f, args, v);
      const hu = hvpReverse(f, args, u);
      uhv = 0;
      vhu = 0;
      scale = 0;
      args.forEach((_, k) => {
        const a = innerWithScale(valuesOf(u[k]), valuesOf(hv[k]));
        const b = innerWithScale(valuesOf(v[k]), valuesOf(hu[k]));
        uhv += a.value;
        vhu += b.value;
        scale += a.scale + b.scale;
      });
    }
    const tolerance = toleranceOf(options, algebraicTolerance[toleranceDType(...args)]);
    const diff = Math.abs(uhv - vhu);
    const bound = tolerance.atol + tolerance.rtol * scale;
    if (diff <= bound) return passed;
    return failed(
      law,
      `uᵀ(H·v) = ${showNumber(uhv)} but vᵀ(H·u) = ${showNumber(vhu)} (difference ${showNumber(diff)}, allowed ${showNumber(bound)}; mode ${options.mode ?? "rev"})`,
      { uHv: uhv, vHu: vhu, difference: diff, allowed: bound },
    );
  });
}
