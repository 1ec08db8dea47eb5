/**
 * Gradient checking, as the literature teaches it (CS231n): compare the analytic gradient
 * from `grad` with central finite differences (f(x + h) − f(x − h)) / 2h, one parameter at
 * a time (a seeded sample of them for large models), and report the relative error
 * |a − n| / max(|a|, |n|). A public utility, not only a test helper.
 *
 * Rules of thumb for float64: relative errors below 1e-7 are excellent, around 1e-5 fine
 * for functions with kinks nearby, above 1e-3 a bug. Check in float64 (float32 finite
 * differences lose half their digits).
 *
 * @module
 */
import { grad, Tensor, tree } from "../src/index";
import { defaultEpsFor, numericPartial, scalarValue, selectCoordinates, type Coordinate } from "./finite-difference";
import { finiteDifferenceTolerance, relativeError, resolveTolerance, toleranceDType, toleranceRatio, type Tolerance } from "./tolerance";
import { fromValues, unravel, valuesOf } from "./internal/tensor-values";

/**
 * Options of {@link gradCheck}.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { gradCheck, type GradCheckOptions } from "purediff/laws";
 * const loss = (p: Tensor) => sum(exp(p));
 * gradCheck(loss, [tensor([0.5, 1], "float64")], { sampled: 100, seed: 1, atol: 1e-7 } satisfies GradCheckOptions).passed; // => true
 * ```
 */
export interface GradCheckOptions extends Partial<Tolerance> {
  /** Finite-difference step (default 1e-5 for float64 inputs, 1e-3 otherwise). */
  readonly eps?: number;
  /** Check only this many coordinates, chosen by `seed` (default: all of them). */
  readonly sampled?: number;
  /** Seed of the sample (default 0). */
  readonly seed?: number;
}

/**
 * One checked coordinate.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { gradCheck, type GradCheckEntry } from "purediff/laws";
 * const loss = (p: Tensor) => sum(exp(p));
 * const { argument, index } = gradCheck(loss, [tensor([0.5, 1], "float64")]).worst as GradCheckEntry;
 * argument; // => 0
 * ```
 */
export interface GradCheckEntry {
  /** The position of the argument in `args`. */
  readonly argument: number;
  /** The leaf inside that argument, as a tree path ("" when the argument is a tensor). */
  readonly path: string;
  /** The multi-index inside the leaf. */
  readonly index: readonly number[];
  /** The derivative from `grad`. */
  readonly analytic: number;
  /** The central difference. */
  readonly numeric: number;
  readonly absoluteError: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|) (0 when both are 0). */
  readonly relativeError: number;
}

/**
 * What {@link gradCheck} found.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { gradCheck, type GradCheckReport } from "purediff/laws";
 * const loss = (p: Tensor) => sum(exp(p));
 * const report: GradCheckReport = gradCheck(loss, [tensor([0.5, 1], "float64")]);
 * report.passed; // => true
 * ```
 */
export interface GradCheckReport {
  /** The largest relative error over the checked coordinates. */
  readonly maxRelativeError: number;
  /** The largest absolute error over the checked coordinates. */
  readonly maxAbsoluteError: number;
  /**
   * The coordinate furthest outside the tolerance (largest |a − n| / (atol + rtol·max(|a|,|n|))),
   * undefined when there was nothing to check.
   */
  readonly worst: GradCheckEntry | undefined;
  /** Whether every checked coordinate is within atol + rtol · max(|analytic|, |numeric|). */
  readonly passed: boolean;
  /** How many coordinates were checked. */
  readonly checked: number;
  /** The tolerance used. */
  readonly tolerance: Tolerance;
}

const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** One argument flattened to its leaves, with its paths and a way to rebuild it. */
interface FlatArgument {
  readonly leaves: Tensor[];
  readonly paths: readonly string[];
  rebuild(leaves: readonly Tensor[]): unknown;
}

function flattenArgument(arg: unknown, position: number): FlatArgument {
  const [raw, def] = tree.flatten(arg, isTensor);
  const paths = tree.leafPaths(def);
  const leaves = raw.map((leaf, i) => {
    if (typeof leaf === "number") return fromValues([leaf], [], "float64");
    if (leaf instanceof Tensor) return leaf;
    throw new Error(`gradCheck: argument ${position} leaf ${paths[i] || "(root)"} is not a tensor or number`);
  });
  return {
    leaves,
    paths,
    rebuild: (ls) => tree.unflatten(def, ls),
  };
}

/**
 * Checks `grad(f)` against central finite differences at `args`, every argument
 * (tensors, numbers, or pytrees of them) and every coordinate, or a seeded sample of
 * `sampled` coordinates. `f` must return a scalar. Numbers among the arguments reach `f`
 * as float64 scalar tensors. Never throws on a mismatch: read
 * `passed` and `worst` (use `checkGrads` for a throwing check).
 * Defaults: eps 1e-5 and atol 1e-6 / rtol 1e-5 for float64 inputs.
 * @example
 * ```ts
 * import { Tensor, matmul, sum, tanh, tensor } from "purediff";
 * import { gradCheck } from "purediff/laws";
 * const w = tensor([[0.5], [-1]], "float64");
 * const x = tensor([[1, 2], [3, 4]], "float64");
 * const report = gradCheck((w: Tensor, x: Tensor) => sum(tanh(matmul(x, w))), [w, x], { sampled: 50, seed: 1 });
 * report.passed; // => true
 * report.maxRelativeError < 1e-6; // => true
 * ```
 */
export function gradCheck<Args extends readonly unknown[]>(f: (...args: Args) => Tensor | number, args: Args, options: GradCheckOptions = {}): GradCheckReport {
  const flats = args.map((a, i) => flattenArgument(a, i));
  const leafOwner: { argument: number; leaf: number }[] = [];
  flats.forEach((flat, argument) => flat.leaves.forEach((_, leaf) => leafOwner.push({ argument, leaf })));
  const allLeaves = flats.flatMap((flat) => flat.leaves);
  const tolerance = resolveTolerance(options, finiteDifferenceTolerance[toleranceDType(...allLeaves)]);
  const eps = options.eps ?? defaultEpsFor(allLeaves);

  const callWith = (leaves: readonly Tensor[]): number => {
    let k = 0;
    const rebuilt = flats.map((flat) => flat.rebuild(leaves.slice(k, (k += flat.leaves.length))));
    return scalarValue((f as unknown as (...xs: unknown[]) => Tensor | number)(...rebuilt));
  };

  const argnums = args.map((_, i) => i);
  const rebuiltArgs = flats.map((flat) => flat.rebuild(flat.leaves));
  const analyticTrees: readonly unknown[] = grad(f as unknown as (...xs: unknown[]) => Tensor | number, { argnums })(...rebuiltArgs);
  const analyticLeaves = analyticTrees.flatMap((g) =>
    tree.flatten(g, isTensor)[0].map((leaf) => (leaf instanceof Tensor ? valuesOf(leaf) : Float64Array.of(Number(leaf)))),
  );

  const coordinates: Coordinate[] = selectCoordinates(
    allLeaves.map((t) => t.shape),
    options.sampled,
    options.seed ?? 0,
  );
  let maxRelativeError = 0;
  let maxAbsoluteError = 0;
  let passed = true;
  let worst: GradCheckEntry | undefined;
  let worstRatio = -1;
  for (const c of coordinates) {
    const analytic = analyticLeaves[c.argument][c.index];
    const numeric = numericPartial(callWith, allLeaves, c, { eps });
    const owner = leafOwner[c.argument];
    const absoluteError = analytic === numeric ? 0 : Math.abs(analytic - numeric);
    const rel = relativeError(analytic, numeric);
    const ratio = toleranceRatio(analytic, numeric, tolerance);
    maxAbsoluteError = Math.max(maxAbsoluteError, Number.isNaN(absoluteError) ? Infinity : absoluteError);
    maxRelativeError = Math.max(maxRelativeError, rel);
    if (!(ratio <= 1)) passed = false;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = {
        argument: owner.argument,
        path: flats[owner.argument].paths[owner.leaf],
        index: unravel(c.index, allLeaves[c.argument].shape),
        analytic,
        numeric,
        absoluteError,
        relativeError: rel,
      };
    }
  }
  return { maxRelativeError, maxAbsoluteError, worst, passed, checked: coordinates.length, tolerance };
}
