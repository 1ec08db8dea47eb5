/**
 * Optimizer laws: what every gradient transformation must satisfy, as pure predicates on
 * (transformation, params, gradient sequence) returning a {@link LawResult}, a fast-check
 * arbitrary of random parameter trees with gradient sequences, and a runner that checks
 * them all for an optimizer factory `lr => transformation`.
 *
 * Laws: `chain(identity(), t)` and `chain(t, identity())` update as `t`; `chain` is
 * associative; a learning rate of 0 leaves the params unchanged; `init` and `update`
 * mutate none of their arguments; the state keeps its structure, shapes and dtypes across
 * steps; the same inputs give the same outputs; `jit(update)` traces once for all the
 * steps and updates as `update` (so a state must hold tensors, not JS numbers, and
 * `update` must decide with `where`, not with `if` on a value). Each predicate runs the transformation
 * for `grads.length` steps from `params` (applying the updates, so later steps see the
 * moved params) and passes `extra(step)` (default `{ loss: 1 / (step + 1) }`, so
 * transformations that read the loss can be checked too).
 *
 * Comparisons of two runs are exact by default (the same arithmetic in the same order
 * must give the same bits; NaN equals NaN); pass `atol` / `rtol` to loosen them. The jit
 * law compares compiled with eager code, which may round differently: its default is
 * `algebraicTolerance` of the params' dtype.
 *
 * @example
 * import { checkOptimizerLaws } from "purediff/laws";
 * checkOptimizerLaws("adam", (lr) => optim.adam(lr), { numRuns: 20 });
 *
 * @module
 */
import fc from "fast-check";
import { List, Map as IMap } from "immutable";
import { jit, scalar, Tensor, type FloatDType } from "../src/index";
import { applyUpdates, chain, identity, scale, clipByGlobalNorm, type GradientTransformation, type StateFn, type UpdateExtra } from "../src/optim";
import { equalDefs, flatten, leafPaths, show, unflatten, type TreeDefNode } from "../src/tree";
import { describeValue } from "./describe";
import { failed, guardLaw, passed, type LawResult } from "./law-result";
import { checkLaw } from "./runners";
import { algebraicTolerance, compareValues, isClose, resolveTolerance, type Tolerance } from "./tolerance";
import { fromValues, showNumber, showShapeText, sizeOfShape, valuesOf } from "./internal/tensor-values";

// ---------------------------------------------------------------------------------------
// Names

/**
 * The name of {@link optimizerChainIdentity} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_CHAIN_IDENTITY } from "purediff/laws";
 * // the `law` of a failed optimizerChainIdentity result
 * OPTIMIZER_CHAIN_IDENTITY; // => "optimizer: chain(identity(), t) and chain(t, identity()) update as t"
 * ```
 */
export const OPTIMIZER_CHAIN_IDENTITY = "optimizer: chain(identity(), t) and chain(t, identity()) update as t";
/**
 * The name of {@link optimizerChainAssociative} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_CHAIN_ASSOCIATIVE } from "purediff/laws";
 * // the `law` of a failed optimizerChainAssociative result
 * OPTIMIZER_CHAIN_ASSOCIATIVE; // => "optimizer: chain(chain(a, b), c) updates as chain(a, chain(b, c))"
 * ```
 */
export const OPTIMIZER_CHAIN_ASSOCIATIVE = "optimizer: chain(chain(a, b), c) updates as chain(a, chain(b, c))";
/**
 * The name of {@link optimizerZeroLearningRate} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_ZERO_LEARNING_RATE } from "purediff/laws";
 * // the `law` of a failed optimizerZeroLearningRate result
 * OPTIMIZER_ZERO_LEARNING_RATE; // => "optimizer: a learning rate of 0 leaves the params unchanged"
 * ```
 */
export const OPTIMIZER_ZERO_LEARNING_RATE = "optimizer: a learning rate of 0 leaves the params unchanged";
/**
 * The name of {@link optimizerUpdateIsPure} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_UPDATE_IS_PURE } from "purediff/laws";
 * // the `law` of a failed optimizerUpdateIsPure result
 * OPTIMIZER_UPDATE_IS_PURE; // => "optimizer: init and update mutate none of their arguments"
 * ```
 */
export const OPTIMIZER_UPDATE_IS_PURE = "optimizer: init and update mutate none of their arguments";
/**
 * The name of {@link optimizerStateStructureStable} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_STATE_STRUCTURE_STABLE } from "purediff/laws";
 * // the `law` of a failed optimizerStateStructureStable result
 * OPTIMIZER_STATE_STRUCTURE_STABLE; // => "optimizer: the state keeps its tree structure, shapes and dtypes across steps"
 * ```
 */
export const OPTIMIZER_STATE_STRUCTURE_STABLE = "optimizer: the state keeps its tree structure, shapes and dtypes across steps";
/**
 * The name of {@link optimizerDeterminism} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_DETERMINISM } from "purediff/laws";
 * // the `law` of a failed optimizerDeterminism result
 * OPTIMIZER_DETERMINISM; // => "optimizer: the same inputs give the same updates and states"
 * ```
 */
export const OPTIMIZER_DETERMINISM = "optimizer: the same inputs give the same updates and states";
/**
 * The name of {@link optimizerJitConsistent} (the `law` of its failures).
 * @example
 * ```ts
 * import { OPTIMIZER_JIT_CONSISTENT } from "purediff/laws";
 * // the `law` of a failed optimizerJitConsistent result
 * OPTIMIZER_JIT_CONSISTENT; // => "optimizer: jit(update) traces once and updates as update"
 * ```
 */
export const OPTIMIZER_JIT_CONSISTENT = "optimizer: jit(update) traces once and updates as update";

// ---------------------------------------------------------------------------------------
// Options and helpers

/**
 * Options of the optimizer law predicates.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerDeterminism, type OptimizerLawOptions } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * const t = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau());
 * optimizerDeterminism(t, params, grads, { extra: (step) => ({ loss: 10 - step }), atol: 1e-12 } satisfies OptimizerLawOptions); // => { ok: true }
 * ```
 */
export interface OptimizerLawOptions extends Partial<Tolerance> {
  /** The `extra` argument of the update at each step (default `{ loss: 1 / (step + 1) }`). */
  readonly extra?: (step: number) => UpdateExtra;
}

/**
 * The default `extra` of the optimizer laws: a decreasing loss.
 * @example
 * ```ts
 * import { defaultOptimizerExtra } from "purediff/laws";
 * defaultOptimizerExtra(1); // => { loss: 0.5 }
 * ```
 */
export function defaultOptimizerExtra(step: number): UpdateExtra {
  return { loss: 1 / (step + 1) };
}

const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** Exact comparison unless the options loosen it. */
function toleranceOf(options: OptimizerLawOptions): Tolerance {
  return { atol: options.atol ?? 0, rtol: options.rtol ?? 0 };
}

/** What one run of a transformation produced. */
interface Run {
  /** The state after init (index 0) and after each step. */
  readonly states: readonly unknown[];
  /** The updates of each step. */
  readonly updates: readonly unknown[];
  /** The params before the first step (index 0) and after each step. */
  readonly params: readonly unknown[];
}

function run<F extends StateFn, P>(t: GradientTransformation<F>, params: P, grads: readonly P[], options: OptimizerLawOptions): Run {
  const extra = options.extra ?? defaultOptimizerExtra;
  let state = t.init(params);
  let p = params;
  const states: unknown[] = [state];
  const updates: unknown[] = [];
  const ps: unknown[] = [p];
  for (let k = 0; k < grads.length; k++) {
    const [u, s] = t.update(grads[k], state, p, extra(k));
    p = applyUpdates(p, u);
    state = s;
    states.push(s);
    updates.push(u);
    ps.push(p);
  }
  return { states, updates, params: ps };
}

function pathText(def: TreeDefNode, i: number): string {
  const p = leafPaths(def)[i];
  return p === "" ? "<root>" : p;
}

/**
 * Where tree `b` differs from tree `a` (structure, tensor shapes, dtypes and values under
 * `tolerance`, other leaves by `===` or closeness for numbers), or undefined.
 */
function treeDifference(a: unknown, b: unknown, tolerance: Tolerance): string | undefined {
  const [la, da] = flatten(a, isTensor) as [unknown[], TreeDefNode];
  const [lb, db] = flatten(b, isTensor) as [unknown[], TreeDefNode];
  if (!equalDefs(da, db)) return `structure ${show(db)} differs from ${show(da)}`;
  for (let i = 0; i < la.length; i++) {
    const x = la[i];
    const y = lb[i];
    const at = `leaf ${pathText(da, i)}`;
    if (isTensor(x) && isTensor(y)) {
      if (showShapeText(x.shape) !== showShapeText(y.shape)) return `${at}: shape ${showShapeText(y.shape)} vs ${showShapeText(x.shape)}`;
      if (x.dtype !== y.dtype) return `${at}: dtype ${y.dtype} vs ${x.dtype}`;
      const report = compareValues(valuesOf(y), valuesOf(x), tolerance, true);
      if (!report.close) {
        return (
          `${at}: max abs error ${showNumber(report.maxAbsoluteError)} (atol ${tolerance.atol}, rtol ${tolerance.rtol}); ` +
          `worst at flat index ${report.worstFlat ?? "?"}: ${showNumber(report.worstActual)} vs ${showNumber(report.worstExpected)}`
        );
      }
    } else if (typeof x === "number" && typeof y === "number") {
      if (!isClose(y, x, tolerance, true)) return `${at}: ${showNumber(y)} vs ${showNumber(x)}`;
    } else if (x !== y) {
      return `${at}: ${describeValue(y)} vs ${describeValue(x)}`;
    }
  }
  return undefined;
}

/** Compares the updates (and the params) of two runs step by step. */
function compareRuns(law: string, what: string, expected: Run, actual: Run, tolerance: Tolerance): LawResult {
  for (let k = 0; k < expected.updates.length; k++) {
    const d = treeDifference(expected.updates[k], actual.updates[k], tolerance);
    if (d !== undefined) return failed(law, `${what}: the updates of step ${k} differ: ${d}`, { step: k });
  }
  return passed;
}

// ---------------------------------------------------------------------------------------
// Predicates

/**
 * `chain(identity(), t)` and `chain(t, identity())` give the updates of `t` at every
 * step (identity is the unit of chain).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerChainIdentity } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const [g1, g2, g3] = [tensor([0.5, -1], "float64"), tensor([1, 1], "float64"), tensor([0, 2], "float64")].map((w) => ({ w }));
 * optimizerChainIdentity(optim.adam(0.1), params, [g1, g2, g3]); // => { ok: true }
 * ```
 */
export function optimizerChainIdentity<F extends StateFn, P>(
  t: GradientTransformation<F>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_CHAIN_IDENTITY;
  return guardLaw(law, () => {
    const tol = toleranceOf(options);
    const base = run(t, params, grads, options);
    const left = compareRuns(law, "chain(identity(), t) vs t", base, run(chain(identity(), t), params, grads, options), tol);
    if (!left.ok) return left;
    return compareRuns(law, "chain(t, identity()) vs t", base, run(chain(t, identity()), params, grads, options), tol);
  });
}

/**
 * `chain(chain(a, b), c)` and `chain(a, chain(b, c))` give the same updates at every step.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerChainAssociative } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerChainAssociative(optim.clipByGlobalNorm(1), optim.scaleByAdam(), optim.scaleByLearningRate(0.1), params, grads); // => { ok: true }
 * ```
 */
export function optimizerChainAssociative<A extends StateFn, B extends StateFn, C extends StateFn, P>(
  a: GradientTransformation<A>,
  b: GradientTransformation<B>,
  c: GradientTransformation<C>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_CHAIN_ASSOCIATIVE;
  return guardLaw(law, () => {
    const leftNested = run(chain(chain(a, b), c), params, grads, options);
    const rightNested = run(chain(a, chain(b, c)), params, grads, options);
    return compareRuns(law, "chain(a, chain(b, c)) vs chain(chain(a, b), c)", leftNested, rightNested, toleranceOf(options));
  });
}

/**
 * The optimizer `make(0)` leaves the params exactly unchanged at every step (the other
 * options of the optimizer are whatever `make` chooses).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerZeroLearningRate } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerZeroLearningRate((lr) => optim.adamw(lr, { weightDecay: 0.1 }), params, grads); // => { ok: true }
 * ```
 */
export function optimizerZeroLearningRate<P>(
  make: (lr: number) => GradientTransformation,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_ZERO_LEARNING_RATE;
  return guardLaw(law, () => {
    const r = run(make(0), params, grads, options);
    const tol = toleranceOf(options);
    for (let k = 1; k < r.params.length; k++) {
      const d = treeDifference(params, r.params[k], tol);
      if (d !== undefined) return failed(law, `after step ${k - 1} the params moved: ${d}`, { step: k - 1 });
    }
    return passed;
  });
}

/** A deep copy of what a tree holds, to compare after a call. */
interface Snapshot {
  readonly def: TreeDefNode;
  readonly leaves: readonly unknown[];
}

function snapshot(tree: unknown): Snapshot {
  const [leaves, def] = flatten(tree, isTensor) as [unknown[], TreeDefNode];
  return {
    def,
    leaves: leaves.map((x) => (isTensor(x) ? { shape: [...x.shape], dtype: x.dtype, values: valuesOf(x) } : x)),
  };
}

function snapshotDifference(before: Snapshot, after: Snapshot): string | undefined {
  if (!equalDefs(before.def, after.def)) return `structure ${show(before.def)} became ${show(after.def)}`;
  for (let i = 0; i < before.leaves.length; i++) {
    const x = before.leaves[i];
    const y = after.leaves[i];
    const at = `leaf ${pathText(before.def, i)}`;
    if (typeof x === "object" && x !== null && "values" in x && typeof y === "object" && y !== null && "values" in y) {
      const tx = x as { shape: number[]; dtype: string; values: Float64Array };
      const ty = y as { shape: number[]; dtype: string; values: Float64Array };
      if (showShapeText(tx.shape) !== showShapeText(ty.shape)) return `${at}: shape ${showShapeText(tx.shape)} became ${showShapeText(ty.shape)}`;
      if (tx.dtype !== ty.dtype) return `${at}: dtype ${tx.dtype} became ${ty.dtype}`;
      for (let j = 0; j < tx.values.length; j++) {
        const u = tx.values[j];
        const v = ty.values[j];
        if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return `${at}: element ${j} changed from ${showNumber(u)} to ${showNumber(v)}`;
      }
    } else if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
      return `${at}: ${describeValue(x)} became ${describeValue(y)}`;
    }
  }
  return undefined;
}

/**
 * `init` leaves the params unchanged, and each `update` leaves its updates, state,
 * params and extra unchanged: same structure, same tensors (shape, dtype, values), same
 * plain values (so a transformation that bumps `state.count` in place fails).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerUpdateIsPure } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerUpdateIsPure(optim.sgd(0.1, { momentum: 0.9 }), params, grads); // => { ok: true }
 * ```
 */
export function optimizerUpdateIsPure<F extends StateFn, P>(
  t: GradientTransformation<F>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_UPDATE_IS_PURE;
  return guardLaw(law, () => {
    const extraOf = options.extra ?? defaultOptimizerExtra;
    const paramsBefore = snapshot(params);
    let state = t.init(params);
    const d0 = snapshotDifference(paramsBefore, snapshot(params));
    if (d0 !== undefined) return failed(law, `init mutated the params: ${d0}`, { step: -1 });
    let p = params;
    for (let k = 0; k < grads.length; k++) {
      const extra = extraOf(k);
      const inputs: readonly [string, unknown][] = [
        ["updates", grads[k]],
        ["state", state],
        ["params", p],
        ["extra", extra],
      ];
      const before = inputs.map(([, x]) => snapshot(x));
      const [u, s] = t.update(grads[k], state, p, extra);
      for (let i = 0; i < inputs.length; i++) {
        const d = snapshotDifference(before[i], snapshot(inputs[i][1]));
        if (d !== undefined) return failed(law, `update at step ${k} mutated its ${inputs[i][0]}: ${d}`, { step: k, argument: inputs[i][0] });
      }
      p = applyUpdates(p, u);
      state = s;
    }
    return passed;
  });
}

/** The float dtype of a tree's scalars: float64 when a tensor leaf is float64, else float32. */
function floatDTypeOfTree(tree: unknown): FloatDType {
  const [leaves] = flatten(tree, isTensor);
  return leaves.some((x) => isTensor(x) && x.dtype === "float64") ? "float64" : "float32";
}

/** `extra` with its number leaves as scalar tensors of `dtype` (what jit would make float32). */
function tensorExtra(extra: UpdateExtra, dtype: FloatDType): UpdateExtra {
  const [leaves, def] = flatten(extra, isTensor) as [unknown[], TreeDefNode];
  return unflatten(
    def,
    leaves.map((x) => (typeof x === "number" ? scalar(x, dtype) : x)),
  ) as UpdateExtra;
}

/**
 * `jit((updates, state, params, extra) => t.update(updates, state, params, extra))`
 * traces once for all the steps and, fed the state and params of the eager run at each
 * step, gives its updates and next state (within the tolerance: default
 * `algebraicTolerance` of the params' dtype, compiled code may round differently). Fails
 * on a state that holds JS numbers the update reads, on `if` on a traced value, on a state
 * whose dtypes drift (a second trace). The `extra` numbers are passed as scalar tensors of
 * the params' float dtype.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerJitConsistent } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerJitConsistent(optim.chain(optim.adam(0.1), optim.reduceOnPlateau()), params, grads); // => { ok: true }
 * ```
 */
export function optimizerJitConsistent<F extends StateFn, P>(
  t: GradientTransformation<F>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_JIT_CONSISTENT;
  return guardLaw(law, () => {
    const dtype = floatDTypeOfTree(params);
    const tol = resolveTolerance(options, algebraicTolerance[dtype]);
    const extraOf = options.extra ?? defaultOptimizerExtra;
    const eager = run(t, params, grads, options);
    let traces = 0;
    const compiled = jit((u: P, s: unknown, p: P, extra: UpdateExtra) => {
      traces++;
      return t.update(u, s as Parameters<typeof t.update<P>>[1], p, extra);
    });
    for (let k = 0; k < grads.length; k++) {
      const [u, s] = compiled(grads[k], eager.states[k], eager.params[k] as P, tensorExtra(extraOf(k), dtype));
      if (traces > 1) {
        return failed(law, `jit traced the update again at step ${k} (${traces} traces): a state leaf changed its shape or dtype`, { step: k });
      }
      const du = treeDifference(eager.updates[k], u, tol);
      if (du !== undefined) return failed(law, `the updates of step ${k} under jit differ from the eager ones: ${du}`, { step: k });
      const ds = treeDifference(eager.states[k + 1], s, tol);
      if (ds !== undefined) return failed(law, `the state after step ${k} under jit differs from the eager one: ${ds}`, { step: k });
    }
    return passed;
  });
}

/** The structure of a state with the shape and dtype of each tensor and the type of each other leaf. */
function signature(tree: unknown): { readonly def: TreeDefNode; readonly leaves: readonly string[] } {
  const [leaves, def] = flatten(tree, isTensor) as [unknown[], TreeDefNode];
  return { def, leaves: leaves.map((x) => (isTensor(x) ? `${x.dtype}${showShapeText(x.shape)}` : typeof x)) };
}

/**
 * The state after every step has the tree structure of the initial state, and each leaf
 * keeps its kind: tensors their shape and dtype (an int32 count stays int32), numbers stay
 * numbers.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerStateStructureStable } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerStateStructureStable(optim.rmsprop(0.01, { centered: true }), params, grads); // => { ok: true }
 * ```
 */
export function optimizerStateStructureStable<F extends StateFn, P>(
  t: GradientTransformation<F>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_STATE_STRUCTURE_STABLE;
  return guardLaw(law, () => {
    const r = run(t, params, grads, options);
    const first = signature(r.states[0]);
    for (let k = 1; k < r.states.length; k++) {
      const s = signature(r.states[k]);
      if (!equalDefs(first.def, s.def)) {
        return failed(law, `after step ${k - 1} the state's structure ${show(s.def)} differs from the initial ${show(first.def)}`, { step: k - 1 });
      }
      for (let i = 0; i < first.leaves.length; i++) {
        if (first.leaves[i] !== s.leaves[i]) {
          return failed(law, `after step ${k - 1} the state leaf ${pathText(first.def, i)} is ${s.leaves[i]}, initially ${first.leaves[i]}`, {
            step: k - 1,
          });
        }
      }
    }
    return passed;
  });
}

/**
 * Two runs from the same params and gradients give the same updates, params and states at
 * every step (exactly, unless a tolerance is given).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * import { optimizerDeterminism } from "purediff/laws";
 * const params = { w: tensor([1, 2], "float64") };
 * const grads = [{ w: tensor([0.5, -1], "float64") }, { w: tensor([1, 1], "float64") }];
 * optimizerDeterminism(optim.adagrad(0.1), params, grads); // => { ok: true }
 * ```
 */
export function optimizerDeterminism<F extends StateFn, P>(
  t: GradientTransformation<F>,
  params: P,
  grads: readonly P[],
  options: OptimizerLawOptions = {},
): LawResult {
  const law = OPTIMIZER_DETERMINISM;
  return guardLaw(law, () => {
    const tol = toleranceOf(options);
    const a = run(t, params, grads, options);
    const b = run(t, params, grads, options);
    for (let k = 0; k < a.updates.length; k++) {
      const du = treeDifference(a.updates[k], b.updates[k], tol);
      if (du !== undefined) return failed(law, `the updates of step ${k} differ between two runs: ${du}`, { step: k });
      const ds = treeDifference(a.states[k + 1], b.states[k + 1], tol);
      if (ds !== undefined) return failed(law, `the states after step ${k} differ between two runs: ${ds}`, { step: k });
      const dp = treeDifference(a.params[k + 1], b.params[k + 1], tol);
      if (dp !== undefined) return failed(law, `the params after step ${k} differ between two runs: ${dp}`, { step: k });
    }
    return passed;
  });
}

// ---------------------------------------------------------------------------------------
// Arbitraries

/**
 * Options of {@link arbParamTree} and {@link arbOptimizerInput}.
 * @example
 * ```ts
 * import { arbParamTree } from "purediff/laws";
 * arbParamTree({ dtype: "float32", maxDepth: 3, maxDim: 4 });
 * ```
 */
export interface ParamTreeOptions {
  /** Element type of every tensor (default float64). */
  readonly dtype?: FloatDType;
  /** Nesting depth of containers (default 2). */
  readonly maxDepth?: number;
  /** Largest tensor rank (default 2). */
  readonly maxRank?: number;
  /** Largest dimension (default 3). */
  readonly maxDim?: number;
  /** Smallest value (default −3). */
  readonly min?: number;
  /** Largest value (default 3). */
  readonly max?: number;
}

/**
 * Options of {@link arbOptimizerInput}.
 * @example
 * ```ts
 * import { arbOptimizerInput } from "purediff/laws";
 * arbOptimizerInput({ minSteps: 2, maxSteps: 6, min: -1, max: 1 });
 * ```
 */
export interface OptimizerInputOptions extends ParamTreeOptions {
  /** Fewest gradient steps (default 1). */
  readonly minSteps?: number;
  /** Most gradient steps (default 4). */
  readonly maxSteps?: number;
}

/** The shape of a generated tree, before its values are drawn. */
type TreeSpec =
  | { readonly kind: "leaf"; readonly shape: readonly number[] }
  | { readonly kind: "null" }
  | { readonly kind: "object" | "Map"; readonly entries: readonly (readonly [string, TreeSpec])[] }
  | { readonly kind: "array" | "List"; readonly items: readonly TreeSpec[] };

const KEYS = ["W", "b", "bias", "gamma", "layers", "embedding", "head"] as const;

function arbSpec(depth: number, options: ParamTreeOptions, root: boolean): fc.Arbitrary<TreeSpec> {
  const leaf: fc.Arbitrary<TreeSpec> = fc
    .array(fc.integer({ min: 1, max: options.maxDim ?? 3 }), { minLength: 0, maxLength: options.maxRank ?? 2 })
    .map((shape) => ({ kind: "leaf" as const, shape }));
  if (depth <= 0) return leaf;
  const child = arbSpec(depth - 1, options, false);
  const entries = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), child), { minLength: 1, maxLength: 3, selector: (e) => e[0] });
  const items = fc.array(child, { minLength: 1, maxLength: 3 });
  const choices: fc.WeightedArbitrary<TreeSpec>[] = [
    { arbitrary: leaf, weight: root ? 1 : 3 },
    { arbitrary: entries.map((es) => ({ kind: "object" as const, entries: es })), weight: 4 },
    { arbitrary: items.map((is) => ({ kind: "array" as const, items: is })), weight: 2 },
    { arbitrary: items.map((is) => ({ kind: "List" as const, items: is })), weight: 1 },
    { arbitrary: entries.map((es) => ({ kind: "Map" as const, entries: es })), weight: 1 },
  ];
  if (!root) choices.push({ arbitrary: fc.constant({ kind: "null" as const }), weight: 1 });
  return fc.oneof(...choices);
}

function specSize(spec: TreeSpec): number {
  switch (spec.kind) {
    case "leaf":
      return sizeOfShape(spec.shape);
    case "null":
      return 0;
    case "object":
    case "Map":
      return spec.entries.reduce((n, [, s]) => n + specSize(s), 0);
    case "array":
    case "List":
      return spec.items.reduce((n, s) => n + specSize(s), 0);
  }
}

/** A tree of `spec`'s structure with values read in order from `values` starting at `offset`. */
function buildTree(spec: TreeSpec, values: readonly number[], offset: number, dtype: FloatDType): unknown {
  let next = offset;
  const go = (s: TreeSpec): unknown => {
    switch (s.kind) {
      case "leaf": {
        const n = sizeOfShape(s.shape);
        const t = fromValues(values.slice(next, next + n), s.shape, dtype);
        next += n;
        return t;
      }
      case "null":
        return null;
      case "object": {
        const out: { [key: string]: unknown } = {};
        for (const [k, c] of s.entries) out[k] = go(c);
        return out;
      }
      case "Map":
        return IMap(s.entries.map(([k, c]) => [k, go(c)] as [string, unknown]));
      case "array":
        return s.items.map(go);
      case "List":
        return List(s.items.map(go));
    }
  };
  return go(spec);
}

/**
 * Random parameter trees: nested plain objects (keys like `W`, `b`, `bias`, so bias masks
 * are exercised), arrays, Immutable `List` and `Map`, `null` subtrees, with tensor leaves
 * of rank ≤ 2 holding finite values in `[min, max]`.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { tree } from "purediff";
 * import { arbParamTree } from "purediff/laws";
 * const [params] = fc.sample(arbParamTree(), { numRuns: 1, seed: 1 });
 * tree.leaves(params).length > 0; // => true
 * ```
 */
export function arbParamTree(options: ParamTreeOptions = {}): fc.Arbitrary<unknown> {
  return arbOptimizerInput({ ...options, minSteps: 0, maxSteps: 0 }).map((input) => input.params);
}

/**
 * A generated law input: params and a sequence of gradients of their structure.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { OptimizerInput } from "purediff/laws";
 * const input: OptimizerInput = { params: { w: tensor([1], "float64") }, grads: [{ w: tensor([0.5], "float64") }] };
 * ```
 */
export interface OptimizerInput {
  readonly params: unknown;
  readonly grads: readonly unknown[];
}

/**
 * Random params (as {@link arbParamTree}) with `minSteps`–`maxSteps` gradient trees of
 * the same structure and shapes.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * import { arbOptimizerInput, checkLaw, optimizerDeterminism } from "purediff/laws";
 * checkLaw(arbOptimizerInput(), ({ params, grads }) => optimizerDeterminism(optim.adam(0.1), params, grads));
 * ```
 */
export function arbOptimizerInput(options: OptimizerInputOptions = {}): fc.Arbitrary<OptimizerInput> {
  const dtype = options.dtype ?? "float64";
  const value = fc.double({ min: options.min ?? -3, max: options.max ?? 3, noNaN: true, noDefaultInfinity: true });
  const steps = fc.integer({ min: options.minSteps ?? 1, max: options.maxSteps ?? 4 });
  return fc.tuple(arbSpec(options.maxDepth ?? 2, options, true), steps).chain(([spec, n]) => {
    const size = specSize(spec);
    return fc.array(value, { minLength: size * (n + 1), maxLength: size * (n + 1) }).map((values) => {
      const params = buildTree(spec, values, 0, dtype);
      const grads: unknown[] = [];
      for (let k = 1; k <= n; k++) grads.push(buildTree(spec, values, k * size, dtype));
      return { params, grads };
    });
  });
}

// ---------------------------------------------------------------------------------------
// Runner

/**
 * The laws {@link checkOptimizerLaws} can run.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * import { checkOptimizerLaws } from "purediff/laws";
 * checkOptimizerLaws("sgd", (lr) => optim.sgd(lr), { laws: ["determinism", "zeroLearningRate"] });
 * ```
 */
export type OptimizerLawName =
  | "chainIdentity"
  | "chainAssociative"
  | "zeroLearningRate"
  | "updateIsPure"
  | "stateStructureStable"
  | "determinism"
  | "jitConsistent";

/**
 * Options of {@link checkOptimizerLaws}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * import { checkOptimizerLaws } from "purediff/laws";
 * checkOptimizerLaws("adam", (lr) => optim.adam(lr), { numRuns: 50, seed: 42, learningRate: 0.01 });
 * ```
 */
export interface OptimizerLawsOptions extends OptimizerInputOptions, OptimizerLawOptions {
  /** Inputs tried per law (default 25). */
  readonly numRuns?: number;
  /** The fast-check seed (default: fast-check's, printed on failure). */
  readonly seed?: number;
  /** The learning rate of the laws that need a non-zero one (default 0.1). */
  readonly learningRate?: number;
  /** Which laws to run (default all). */
  readonly laws?: readonly OptimizerLawName[];
}

/**
 * Checks every optimizer law for the optimizer `make(lr)` on random parameter trees and
 * gradient sequences ({@link arbOptimizerInput}); throws a `LawError` naming the law, the
 * shrunk input and the numbers, with the seed to replay it. Associativity is checked on
 * `(clipByGlobalNorm(1), t, scale(0.5))`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * import { checkOptimizerLaws } from "purediff/laws";
 * checkOptimizerLaws("sgd+momentum", (lr) => optim.sgd(lr, { momentum: 0.9 }));
 * checkOptimizerLaws("adamw", (lr) => optim.adamw(lr, { weightDecay: 0.1 }), { numRuns: 10, seed: 1 });
 * ```
 */
export function checkOptimizerLaws(subject: string, make: (lr: number) => GradientTransformation, options: OptimizerLawsOptions = {}): void {
  const lr = options.learningRate ?? 0.1;
  const arb = arbOptimizerInput(options);
  const lawOptions: OptimizerLawOptions = { atol: options.atol, rtol: options.rtol, extra: options.extra };
  const runs = { numRuns: options.numRuns ?? 25, seed: options.seed, subject };
  const all: Readonly<Record<OptimizerLawName, (input: OptimizerInput) => LawResult>> = {
    chainIdentity: (i) => optimizerChainIdentity(make(lr), i.params, i.grads, lawOptions),
    chainAssociative: (i) => optimizerChainAssociative(clipByGlobalNorm(1), make(lr), scale(0.5), i.params, i.grads, lawOptions),
    zeroLearningRate: (i) => optimizerZeroLearningRate(make, i.params, i.grads, lawOptions),
    updateIsPure: (i) => optimizerUpdateIsPure(make(lr), i.params, i.grads, lawOptions),
    stateStructureStable: (i) => optimizerStateStructureStable(make(lr), i.params, i.grads, lawOptions),
    determinism: (i) => optimizerDeterminism(make(lr), i.params, i.grads, lawOptions),
    jitConsistent: (i) => optimizerJitConsistent(make(lr), i.params, i.grads, lawOptions),
  };
  const names = options.laws ?? (Object.keys(all) as OptimizerLawName[]);
  for (const name of names) checkLaw(arb, all[name], runs);
}
