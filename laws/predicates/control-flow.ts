/**
 * Control-flow laws: every control-flow primitive equals the plain JavaScript program it
 * stands for, in value and in both modes of differentiation. `lax.scan` equals the
 * unrolled loop, `lax.foriLoop` and `lax.whileLoop` equal a JS loop, `lax.cond` and
 * `lax.switch` equal the branch taken, and `checkpoint(f)` equals `f`.
 *
 * Each predicate compares two functions of pytrees ({@link functionsAgree}):
 * - "value": the outputs, leaf by leaf (structure, shapes, dtypes, values);
 * - "jvp": `jvp` of both along one random tangent of the float input leaves (and the
 *   primal outputs `jvp` gives);
 * - "vjp": `vjp` of both pulled back from one random cotangent of the float output
 *   leaves (a gradient when the output is a scalar).
 * Only float leaves are differentiated; integer and bool leaves (counters, indices,
 * masks) are held fixed. Default tolerance: {@link algebraicTolerance} (both sides are
 * exact computations that round differently).
 *
 * A failure names the leaf by its path: outputs by their path in the result (for a scan,
 * `[0]…` is the final carry and `[1]…` the ys), cotangents by the input's path in the
 * argument list (for a scan, `[0]…` is init, `[1]…` xs and `[2]…` the params).
 *
 * @module
 */
import { checkpoint, jvp, lax, scalar, reshape, slice, stack, tree, vjp, zeros, Tensor } from "../../src/index";
import { allLaws, failed, guardLaw, passed, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType, type Tolerance } from "../tolerance";
import { randomTensorsLike } from "../random-tensors";
import { valuesOf } from "../internal/tensor-values";
import { checkShapes, compareLists, toleranceOf } from "./common";

/**
 * What a control-flow law compares: values, forward-mode derivatives, reverse-mode
 * derivatives, or all three (the default).
 * @example
 * ```ts
 * import { Tensor, add, mul, ones, tanh, tensor } from "purediff";
 * import { scanMatchesUnrolled, type ControlFlowLawMode } from "purediff/laws";
 * const body = (h: Tensor, x: Tensor) => { const n = tanh(add(mul(h, 0.5), x)); return [n, n] as const; };
 * scanMatchesUnrolled(body, tensor([0, 0], "float64"), ones([3, 2], "float64"), { mode: "vjp" satisfies ControlFlowLawMode }); // => { ok: true }
 * ```
 */
export type ControlFlowLawMode = "value" | "jvp" | "vjp" | "all";

/**
 * Options of the control-flow laws.
 * @example
 * ```ts
 * import { Tensor, exp, sin, tensor } from "purediff";
 * import { condMatchesTakenBranch, type ControlFlowLawOptions } from "purediff/laws";
 * const x = tensor([0.5], "float64");
 * condMatchesTakenBranch(true, [(v: Tensor) => sin(v), (v: Tensor) => exp(v)], [x], { mode: "value", atol: 1e-12, seed: 3 } satisfies ControlFlowLawOptions); // => { ok: true }
 * ```
 */
export interface ControlFlowLawOptions extends Partial<Tolerance> {
  /** What to compare (default "all": value, then jvp, then vjp). */
  readonly mode?: ControlFlowLawMode;
  /** Seed of the random tangent and cotangent (default 0). */
  readonly seed?: number;
}

/**
 * The name of {@link functionsAgree}.
 * @example
 * ```ts
 * import { FUNCTIONS_AGREE } from "purediff/laws";
 * // the `law` of a failed functionsAgree result
 * FUNCTIONS_AGREE; // => "two functions agree in value, jvp and vjp"
 * ```
 */
export const FUNCTIONS_AGREE = "two functions agree in value, jvp and vjp";
/**
 * The name of {@link scanMatchesUnrolled}.
 * @example
 * ```ts
 * import { SCAN_MATCHES_UNROLLED } from "purediff/laws";
 * // the `law` of a failed scanMatchesUnrolled result
 * SCAN_MATCHES_UNROLLED; // => "lax.scan equals the unrolled loop"
 * ```
 */
export const SCAN_MATCHES_UNROLLED = "lax.scan equals the unrolled loop";
/**
 * The name of {@link loopMatchesJs}.
 * @example
 * ```ts
 * import { LOOP_MATCHES_JS } from "purediff/laws";
 * // the `law` of a failed loopMatchesJs result
 * LOOP_MATCHES_JS; // => "lax.foriLoop / lax.whileLoop equal a JavaScript loop"
 * ```
 */
export const LOOP_MATCHES_JS = "lax.foriLoop / lax.whileLoop equal a JavaScript loop";
/**
 * The name of {@link condMatchesTakenBranch}.
 * @example
 * ```ts
 * import { COND_MATCHES_TAKEN_BRANCH } from "purediff/laws";
 * // the `law` of a failed condMatchesTakenBranch result
 * COND_MATCHES_TAKEN_BRANCH; // => "lax.cond / lax.switch equal the branch taken"
 * ```
 */
export const COND_MATCHES_TAKEN_BRANCH = "lax.cond / lax.switch equal the branch taken";
/**
 * The name of {@link checkpointPreservesFunction}.
 * @example
 * ```ts
 * import { CHECKPOINT_PRESERVES_FUNCTION } from "purediff/laws";
 * // the `law` of a failed checkpointPreservesFunction result
 * CHECKPOINT_PRESERVES_FUNCTION; // => "checkpoint(f) equals f"
 * ```
 */
export const CHECKPOINT_PRESERVES_FUNCTION = "checkpoint(f) equals f";

const isTensor = (x: unknown): boolean => x instanceof Tensor;
const isFloatTensor = (x: unknown): x is Tensor => x instanceof Tensor && (x.dtype === "float32" || x.dtype === "float64");

/** The leaves of an output tree as tensors (numbers become scalars, as the transforms make them). */
function outputLeaves(law: string, who: string, out: unknown): { readonly leaves: Tensor[]; readonly def: tree.TreeDef; readonly paths: string[] } {
  const [raw, def] = tree.flatten(out, isTensor);
  const paths = tree.leafPaths(def);
  const leaves = raw.map((leaf, i) => {
    if (typeof leaf === "number") return scalar(leaf);
    if (!(leaf instanceof Tensor)) throw new Error(`${law}: ${who} returned a non-tensor leaf at ${paths[i] || "<root>"}`);
    return leaf;
  });
  return { leaves, def, paths };
}

const showPath = (path: string | undefined) => (path === undefined || path === "" ? "<root>" : path);

/** One of the comparisons a mode asks for. */
type Check = Exclude<ControlFlowLawMode, "all">;

/** The comparisons of a mode, in order. */
const checksOf = (mode: ControlFlowLawMode | undefined): Check[] => (mode === undefined || mode === "all" ? ["value", "jvp", "vjp"] : [mode]);

/** The comparison of two functions, named after the law that uses it. */
interface Comparison {
  readonly law: string;
  /** How the two sides call themselves in messages ("lax.scan", "the unrolled loop"). */
  readonly actualName: string;
  readonly expectedName: string;
}

/** actual ≡ expected on `args` in value, jvp and vjp, as {@link functionsAgree} says. */
function agree(
  c: Comparison,
  actual: (...args: never[]) => unknown,
  expected: (...args: never[]) => unknown,
  args: readonly unknown[],
  options: ControlFlowLawOptions,
  modes: readonly Check[] = checksOf(options.mode),
): LawResult {
  const { law } = c;
  return guardLaw(law, () => {
    const seed = options.seed ?? 0;
    const [inLeaves, inDef] = tree.flatten(args, isTensor);
    const inPaths = tree.leafPaths(inDef);
    const floatAt = inLeaves.flatMap((leaf, i) => (isFloatTensor(leaf) ? [i] : []));
    const floats = floatAt.map((i) => inLeaves[i] as Tensor);
    const rebuild = (xs: readonly Tensor[]): unknown[] => {
      const leaves = inLeaves.slice();
      floatAt.forEach((i, k) => (leaves[i] = xs[k]));
      return tree.unflatten(inDef, leaves) as unknown[];
    };
    const callA = (xs: readonly unknown[]) => (actual as (...a: unknown[]) => unknown)(...xs);
    const callE = (xs: readonly unknown[]) => (expected as (...a: unknown[]) => unknown)(...xs);

    // Values: structure, types, numbers.
    const ya = outputLeaves(law, c.actualName, callA(args));
    const ye = outputLeaves(law, c.expectedName, callE(args));
    if (!tree.equalDefs(ya.def, ye.def)) {
      return failed(law, `${c.actualName} returns structure ${tree.show(ya.def)} but ${c.expectedName} returns ${tree.show(ye.def)}`, {
        actual: tree.show(ya.def),
        expected: tree.show(ye.def),
      });
    }
    const outLabel = (k: number) => `output ${showPath(ye.paths[k])}`;
    const tolerance = toleranceOf(options, algebraicTolerance[toleranceDType(...floats, ...ye.leaves.filter(isFloatTensor))]);
    const compare = (what: (k: number) => string, got: readonly Tensor[], want: readonly Tensor[]): LawResult =>
      allLaws(
        () => checkShapes(law, what, got, want),
        () =>
          compareLists(
            law,
            { what, actualName: `${c.actualName} gives`, expectedName: `${c.expectedName} gives` },
            got.map((t) => ({ shape: t.shape, values: valuesOf(t) })),
            want.map(valuesOf),
            tolerance,
          ),
      );
    const valueLaw = () => compare(outLabel, ya.leaves, ye.leaves);

    // Derivatives: functions of the float input leaves returning the float output leaves.
    const floatOut = ye.leaves.flatMap((y, k) => (isFloatTensor(y) ? [k] : []));
    const differentiable =
      (call: (xs: readonly unknown[]) => unknown, who: string) =>
      (...xs: Tensor[]): Tensor[] => {
        const out = outputLeaves(law, who, call(rebuild(xs))).leaves;
        return floatOut.map((k) => out[k]);
      };
    const fA = differentiable(callA, c.actualName);
    const fE = differentiable(callE, c.expectedName);
    const floatOutLabel = (k: number) => outLabel(floatOut[k]);
    const inLabel = (k: number) => `vjp's cotangent of input ${showPath(inPaths[floatAt[k]])}`;
    const noDerivative = floats.length === 0 || floatOut.length === 0;

    const jvpLaw = (): LawResult => {
      if (noDerivative) return passed;
      const tangents = randomTensorsLike(floats, seed) as unknown as Tensor[];
      const [pa, ta] = jvp(fA, floats, tangents);
      const [pe, te] = jvp(fE, floats, tangents);
      return allLaws(
        () => compare((k) => `jvp's primal ${floatOutLabel(k)}`, pa, pe),
        () => compare((k) => `jvp's tangent of ${floatOutLabel(k)}`, ta, te),
      );
    };
    const vjpLaw = (): LawResult => {
      if (noDerivative) return passed;
      const cotangents = randomTensorsLike(
        floatOut.map((k) => ye.leaves[k]),
        seed + 1,
      ) as unknown as Tensor[];
      const [pa, pullA] = vjp(fA, ...floats);
      const [pe, pullE] = vjp(fE, ...floats);
      return allLaws(
        () => compare((k) => `vjp's primal ${floatOutLabel(k)}`, pa, pe),
        () => compare(inLabel, pullA(cotangents), pullE(cotangents)),
      );
    };
    const checks: Record<Check, () => LawResult> = { value: valueLaw, jvp: jvpLaw, vjp: vjpLaw };
    return allLaws(...modes.map((m) => checks[m]));
  });
}

/**
 * Two functions of the same arguments (pytrees of tensors) agree: same output structure,
 * shapes, dtypes and values; same `jvp` along a random tangent of the float input leaves;
 * same `vjp` from a random cotangent of the float output leaves. The building block of
 * the other control-flow laws, and of `jit(f) ≡ f`, `grad(jit(f)) ≡ grad(f)`.
 * @example
 * ```ts
 * import { Tensor, grad, jit, matmul, mean, square, sub, tensor } from "purediff";
 * import { functionsAgree } from "purediff/laws";
 * const params = tensor([[0.5], [-1]], "float64");
 * const batch = tensor([[1, 2], [3, 4]], "float64");
 * const loss = (w: Tensor, x: Tensor) => mean(square(sub(matmul(x, w), 1)));
 * functionsAgree(jit(loss), loss, [params, batch]); // => { ok: true }
 * // second order
 * functionsAgree(grad(jit(loss)), grad(loss), [params, batch], { mode: "vjp" }); // => { ok: true }
 * ```
 */
export function functionsAgree<Args extends readonly unknown[]>(
  actual: (...args: Args) => unknown,
  expected: (...args: Args) => unknown,
  args: Args,
  options: ControlFlowLawOptions = {},
): LawResult {
  return agree({ law: FUNCTIONS_AGREE, actualName: "the first function", expectedName: "the second function" }, actual, expected, args, options);
}

/**
 * Options of {@link scanMatchesUnrolled}.
 * @example
 * ```ts
 * import { Tensor, add, mul, ones, tanh, tensor } from "purediff";
 * import { scanMatchesUnrolled, type ScanLawOptions } from "purediff/laws";
 * const w = tensor([0.5, -0.5], "float64");
 * const body = (h: Tensor, x: null, w: Tensor) => { const n = tanh(add(mul(h, w), 1)); return [n, n] as const; };
 * scanMatchesUnrolled(body, tensor([0, 0], "float64"), null, { length: 4, reverse: true, params: w } satisfies ScanLawOptions<Tensor>); // => { ok: true }
 * ```
 */
export interface ScanLawOptions<P = undefined> extends ControlFlowLawOptions {
  /** The number of steps: required when `xs` is `null`, as for `lax.scan`. */
  readonly length?: number;
  /** Scan from the last step to the first (the ys stay in step order). Default false. */
  readonly reverse?: boolean;
  /** Steps per iteration of `lax.scan`'s compiled loop (default 1); the law holds for every value. */
  readonly unroll?: number;
  /**
   * Parameters the body closes over (weights): passed as the body's third argument, and
   * differentiated too, so the law checks the derivatives of the scan's constants.
   */
  readonly params?: P;
}

/**
 * `lax.scan(body, init, xs, { length, reverse, unroll })` equals the loop that calls `body` once
 * per step in JavaScript (slicing `xs` with `slice`, stacking the `y`s with `stack`), in
 * value, `jvp` and `vjp` with respect to `init`, `xs` and `options.params` (their float
 * leaves). The outputs compared are `[final carry, ys]`.
 * @example
 * ```ts
 * import { Tensor, add, matmul, ones, tanh, tensor } from "purediff";
 * import { scanMatchesUnrolled } from "purediff/laws";
 * const w = tensor([[0.5, 0], [0.1, 0.5]], "float64");
 * const h0 = tensor([0, 0], "float64");
 * const xs = ones([5, 2], "float64");
 * const body = (h: Tensor, x: Tensor, w: Tensor) => { const n = tanh(add(matmul(h, w), x)); return [n, n] as const; };
 * scanMatchesUnrolled(body, h0, xs, { params: w }); // => { ok: true }
 * scanMatchesUnrolled(body, h0, xs, { params: w, reverse: true, unroll: 3, mode: "vjp" }); // => { ok: true }
 * ```
 */
export function scanMatchesUnrolled<C, X, Y, P = undefined>(
  body: (carry: C, x: lax.Slice<X>, params: P) => readonly [C, Y],
  init: C,
  xs: X,
  options: ScanLawOptions<P> = {},
): LawResult {
  const reverse = options.reverse ?? false;
  const scanOptions = { length: options.length, reverse, unroll: options.unroll };
  const scanned = (c0: C, seq: X, params: P) => lax.scan((c: C, x: lax.Slice<X>) => body(c, x, params), c0, seq, scanOptions);
  const unrolled = (c0: C, seq: X, params: P): [C, unknown] => {
    const [xLeaves, xDef] = tree.flatten(seq, isTensor);
    const leaves = xLeaves as Tensor[];
    const length = options.length ?? leaves[0]?.shape[0];
    if (length === undefined) throw new Error("scanMatchesUnrolled: xs has no leaves: pass options.length");
    const sliceAt = (t: number) =>
      tree.unflatten(
        xDef,
        leaves.map((x) => reshape(slice(x, [t], [t + 1]), x.shape.slice(1))),
      ) as lax.Slice<X>;
    let carry = c0;
    const ys: unknown[] = new Array<unknown>(length);
    for (let step = 0; step < length; step++) {
      const t = reverse ? length - 1 - step : step;
      const [next, y] = body(carry, sliceAt(t), params);
      carry = next;
      ys[t] = y;
    }
    if (length === 0) {
      // No step ran: learn the y's types from one call on zero slices, as lax.scan learns them by tracing.
      const probe = body(
        c0,
        tree.unflatten(
          xDef,
          leaves.map((x) => zeros(x.shape.slice(1), x.dtype)),
        ) as lax.Slice<X>,
        params,
      )[1];
      const [yLeaves, yDef] = tree.flatten(probe, isTensor);
      return [
        carry,
        tree.unflatten(
          yDef,
          yLeaves.map((y) => (y instanceof Tensor ? zeros([0, ...y.shape], y.dtype) : zeros([0]))),
        ),
      ];
    }
    const perStep = ys.map((y) => tree.flatten(y, isTensor));
    const yDef = perStep[0][1];
    const stacked = perStep[0][0].map((_, j) => stack(perStep.map(([ls]) => (typeof ls[j] === "number" ? scalar(ls[j] as number) : (ls[j] as Tensor)))));
    return [carry, tree.unflatten(yDef, stacked)];
  };
  return agree(
    { law: SCAN_MATCHES_UNROLLED, actualName: "lax.scan", expectedName: "the unrolled loop" },
    scanned,
    unrolled,
    [init, xs, options.params as P],
    options,
  );
}

/**
 * A `lax.foriLoop(lower, upper, body, init)` for {@link loopMatchesJs}; `body` gets the
 * int32 index, the carry and the law's `params`.
 * @example
 * ```ts
 * import { Tensor, mul, tanh } from "purediff";
 * import { ForiLoopSpec } from "purediff/laws";
 * const loop: ForiLoopSpec<Tensor, Tensor> = { kind: "fori", lower: 0, upper: 5, body: (i, c, w) => tanh(mul(c, w)) };
 * ```
 */
export interface ForiLoopSpec<C, P = undefined> {
  readonly kind: "fori";
  /** A number or a concrete scalar tensor. */
  readonly lower: number | Tensor;
  /** A number or a concrete scalar tensor. */
  readonly upper: number | Tensor;
  readonly body: (i: Tensor<[]>, carry: C, params: P) => C;
}

/**
 * A `lax.whileLoop(cond, body, init)` for {@link loopMatchesJs}; both functions get the
 * law's `params` after the carry.
 * @example
 * ```ts
 * import { Tensor, less, mul } from "purediff";
 * import { WhileLoopSpec } from "purediff/laws";
 * const loop: WhileLoopSpec<Tensor> = { kind: "while", cond: (c) => less(c, 100), body: (c) => mul(c, 1.5) };
 * ```
 */
export interface WhileLoopSpec<C, P = undefined> {
  readonly kind: "while";
  readonly cond: (carry: C, params: P) => Tensor;
  readonly body: (carry: C, params: P) => C;
}

/**
 * Options of {@link loopMatchesJs}.
 * @example
 * ```ts
 * import { Tensor, mul, tanh, tensor } from "purediff";
 * import { loopMatchesJs, type LoopLawOptions } from "purediff/laws";
 * const w = tensor([0.5, 2], "float64");
 * const loop = { kind: "fori" as const, lower: 0, upper: 3, body: (i: Tensor, c: Tensor, w: Tensor) => tanh(mul(c, w)) };
 * loopMatchesJs(loop, tensor([1, 1], "float64"), { params: w, maxSteps: 100 } satisfies LoopLawOptions<Tensor>); // => { ok: true }
 * ```
 */
export interface LoopLawOptions<P = undefined> extends ControlFlowLawOptions {
  /** Parameters the loop closes over: passed to the body (and predicate), differentiated too. */
  readonly params?: P;
  /** A while loop that has not stopped after this many steps fails the law (default 10 000). */
  readonly maxSteps?: number;
}

/** A concrete loop bound as a number. */
const boundValue = (b: number | Tensor): number => (typeof b === "number" ? b : b.item());

/**
 * The loop equals the JavaScript loop it stands for, with respect to `init` and
 * `options.params`:
 * - `{ kind: "fori" }`: `lax.foriLoop(lower, upper, body, init)` equals
 *   `for (i = lower; i < upper; i++) carry = body(i, carry)` in value, `jvp` and `vjp`
 *   (the bounds are concrete, so the loop is reverse-differentiable);
 * - `{ kind: "while" }`: `lax.whileLoop(cond, body, init)` equals
 *   `while (cond(carry)) carry = body(carry)` in value and `jvp` (its trip count is
 *   locally constant, so the JS loop's derivative is that of its steps); reverse mode
 *   through a while loop is an error, so mode "vjp" does not apply, and "all" means value
 *   and jvp.
 * @example
 * ```ts
 * import { Tensor, less, mul, sum, tanh, tensor } from "purediff";
 * import { loopMatchesJs } from "purediff/laws";
 * const w = tensor([0.5, 2], "float64");
 * const x = tensor([1, 1], "float64");
 * loopMatchesJs({ kind: "fori", lower: 0, upper: 4, body: (i: Tensor, c: Tensor, w: Tensor) => tanh(mul(c, w)) }, x, { params: w }); // => { ok: true }
 * loopMatchesJs({ kind: "while", cond: (c: Tensor) => less(sum(c), 10), body: (c: Tensor) => mul(c, 1.5) }, x); // => { ok: true }
 * ```
 */
export function loopMatchesJs<C, P = undefined>(loop: ForiLoopSpec<C, P> | WhileLoopSpec<C, P>, init: C, options: LoopLawOptions<P> = {}): LawResult {
  const law = LOOP_MATCHES_JS;
  const names = { law, actualName: loop.kind === "fori" ? "lax.foriLoop" : "lax.whileLoop", expectedName: "the JS loop" };
  const args = [init, options.params as P] as const;
  if (loop.kind === "fori") {
    const { lower, upper, body } = loop;
    const looped = (c0: C, params: P) => lax.foriLoop(lower, upper, (i: Tensor<[]>, c: C) => body(i, c, params), c0);
    const js = (c0: C, params: P) => {
      let carry = c0;
      for (let i = boundValue(lower); i < boundValue(upper); i++) carry = body(scalar(i, "int32"), carry, params);
      return carry;
    };
    return agree(names, looped, js, args, options);
  }
  return guardLaw(law, () => {
    if (options.mode === "vjp") {
      return failed(
        law,
        'mode "vjp" does not apply to a while loop: reverse mode through lax.whileLoop is an error (use kind "fori" or scanMatchesUnrolled)',
        {},
      );
    }
    const { cond, body } = loop;
    const maxSteps = options.maxSteps ?? 10_000;
    const holds = (p: Tensor): boolean => {
      if (p.dtype !== "bool" || p.shape.length !== 0) throw new Error(`cond must return a bool scalar, got ${p.dtype}[${p.shape.join(",")}]`);
      return p.item() !== 0;
    };
    // The trip count of the JS loop at the given values; the derivatives unroll exactly that many steps.
    let steps = 0;
    for (let carry = init; holds(cond(carry, options.params as P)); carry = body(carry, options.params as P)) {
      if (++steps > maxSteps) return failed(law, `the JS loop has not stopped after ${maxSteps} steps (options.maxSteps)`, { maxSteps });
    }
    const looped = (c0: C, params: P) =>
      lax.whileLoop(
        (c: C) => cond(c, params),
        (c: C) => body(c, params),
        c0,
      );
    const js = (c0: C, params: P) => {
      let carry = c0;
      for (let k = 0; k < steps; k++) carry = body(carry, params);
      return carry;
    };
    return agree(names, looped, js, args, options, options.mode === undefined || options.mode === "all" ? ["value", "jvp"] : [options.mode]);
  });
}

/**
 * `lax.cond` or `lax.switch` equals the branch it takes, in value, `jvp` and `vjp` with
 * respect to the operands (trees of tensors):
 * - a boolean or a bool scalar `selector` is a `lax.cond(selector, branches[0],
 *   branches[1], ...operands)`, whose taken branch is `branches[0]` when it holds (the
 *   order of `lax.cond`'s arguments: true branch first);
 * - a number or an int32 scalar `selector` is a `lax.switch(selector, branches,
 *   ...operands)`, whose taken branch is `branches[clamp(selector, 0, n − 1)]` (out of
 *   range indices clamp, as documented).
 * @example
 * ```ts
 * import { Tensor, cos, greater, log, neg, sin, tanh, tensor } from "purediff";
 * import { condMatchesTakenBranch } from "purediff/laws";
 * const x = tensor([0.5, 2], "float64");
 * condMatchesTakenBranch(greater(x.sum(), 0), [(v: Tensor) => log(v), (v: Tensor) => neg(v)], [x]); // => { ok: true }
 * // switch clamps 7 to branch 2
 * condMatchesTakenBranch(7, [sin, cos, tanh], [x]); // => { ok: true }
 * ```
 */
export function condMatchesTakenBranch<Ops extends readonly unknown[], R>(
  selector: Tensor | boolean | number,
  branches: readonly ((...operands: Ops) => R)[],
  operands: Ops,
  options: ControlFlowLawOptions = {},
): LawResult {
  const law = COND_MATCHES_TAKEN_BRANCH;
  return guardLaw(law, () => {
    const isCond = typeof selector === "boolean" || (selector instanceof Tensor && selector.dtype === "bool");
    if (isCond && branches.length !== 2)
      return failed(law, `a boolean selector makes a lax.cond, which takes 2 branches (true, false), got ${branches.length}`, {});
    const value = typeof selector === "boolean" ? Number(selector) : typeof selector === "number" ? selector : selector.item();
    const taken = isCond ? (value !== 0 ? 0 : 1) : Math.min(Math.max(Math.trunc(value), 0), branches.length - 1);
    const chosen = (...ops: Ops) =>
      isCond ? lax.cond(selector as Tensor | boolean, branches[0], branches[1], ...ops) : lax.switch(selector as Tensor | number, branches, ...ops);
    const names = { law, actualName: isCond ? "lax.cond" : "lax.switch", expectedName: `branch ${taken}` };
    return agree(names, chosen, branches[taken], operands, options);
  });
}

/**
 * `checkpoint(f)` equals `f`: same value, same `jvp`, same `vjp` (which recomputes `f`'s
 * intermediates instead of saving them), with respect to every argument.
 * @example
 * ```ts
 * import { Tensor, add, matmul, tanh, tensor } from "purediff";
 * import { checkpointPreservesFunction } from "purediff/laws";
 * const w = tensor([[0.5, 0], [0, 0.5]], "float64");
 * const h = tensor([1, -1], "float64");
 * const x = tensor([0.1, 0.2], "float64");
 * checkpointPreservesFunction((h: Tensor, x: Tensor) => tanh(add(matmul(h, w), x)), [h, x]); // => { ok: true }
 * ```
 */
export function checkpointPreservesFunction<Args extends unknown[]>(f: (...args: Args) => unknown, args: Args, options: ControlFlowLawOptions = {}): LawResult {
  return agree({ law: CHECKPOINT_PRESERVES_FUNCTION, actualName: "checkpoint(f)", expectedName: "f" }, checkpoint(f), f, args, options);
}
