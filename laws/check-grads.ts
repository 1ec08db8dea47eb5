/**
 * `checkGrads`, modelled on JAX's `jax.test_util.check_grads`: run the derivative laws on
 * your own function at your own arguments and throw if any fails.
 *
 * @module
 */
import { concat, jvp, reshape, Tensor, tree, vjp } from "../src/index";
import { describeValue } from "./describe";
import type { LawResult } from "./law-result";
import { LawError, formatLawFailure } from "./runners";
import { randomTensorLike, randomTensorsLike } from "./random-tensors";
import type { Tolerance } from "./tolerance";
import { fromValues } from "./internal/tensor-values";
import { jvpMatchesFiniteDifferences, vjpMatchesFiniteDifferences } from "./predicates/finite-differences";
import { vjpJvpDuality } from "./predicates/duality";
import { hessianVectorSymmetry, secondDerivativeMatchesFiniteDifferences } from "./predicates/nested";

/**
 * A differentiation mode: forward (`jvp`) or reverse (`vjp`, `grad`).
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { checkGrads, type Mode } from "purediff/laws";
 * const f = (v: Tensor) => sum(exp(v));
 * checkGrads(f, [tensor([0.5], "float64")], { modes: ["rev"] satisfies Mode[] });
 * ```
 */
export type Mode = "fwd" | "rev";

/**
 * Options of {@link checkGrads}.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { checkGrads, type CheckGradsOptions } from "purediff/laws";
 * const f = (v: Tensor) => sum(exp(v));
 * checkGrads(f, [tensor([0.5, 1], "float64")], { order: 2, modes: ["rev"], seed: 3, sampled: 50 } satisfies CheckGradsOptions);
 * ```
 */
export interface CheckGradsOptions extends Partial<Tolerance> {
  /** 1 checks first derivatives; 2 also second derivatives (default 1). */
  readonly order?: 1 | 2;
  /** Which modes to check (default both). Use ["rev"] for functions with a `customVjp`. */
  readonly modes?: readonly Mode[];
  /** Seed of the random tangents, cotangents and coordinate samples (default 0). */
  readonly seed?: number;
  /** Finite-difference step (default 1e-5 for float64 inputs, 1e-3 otherwise). */
  readonly eps?: number;
  /** In reverse mode, check only this many input coordinates (default: all). */
  readonly sampled?: number;
}

const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** The output of the user's function as one tensor: a tensor, a number, or a tree of them concatenated flat. */
function asOneTensor(out: unknown): Tensor {
  if (out instanceof Tensor) return out;
  if (typeof out === "number") return fromValues([out], [], "float64");
  const [leaves] = tree.flatten(out, isTensor);
  const tensors = leaves.map((leaf, i) => {
    if (leaf instanceof Tensor) return leaf;
    if (typeof leaf === "number") return fromValues([leaf], [], "float64");
    throw new Error(`checkGrads: output leaf ${i} is not a tensor or number`);
  });
  if (tensors.length === 0) throw new Error("checkGrads: the function returned no tensors");
  const flat = tensors.map((t) => reshape(t, [t.size]));
  return flat.length === 1 ? flat[0] : concat(flat, 0);
}

/**
 * Checks the derivatives of `f` at `args` (tensors, numbers, or pytrees of them; float64
 * recommended) and throws a {@link LawError} naming the failing law, the input and the
 * numbers; returns nothing on success. `f` may return a tensor of any shape, a number, or
 * a tree of tensors. Numbers among the arguments reach `f` as float64 scalar tensors.
 *
 * Order 1: in mode "fwd", jvp along a random tangent against the central difference; in
 * mode "rev", the pullback of a random cotangent against central differences coordinate
 * by coordinate (or `sampled` of them); with both modes, also vjp/jvp duality.
 * Order 2: the same checks applied to the derivative functions x ↦ jvp(f)(x; t) and
 * x ↦ vjp(f)(x)(c); and, for scalar f, H·v by grad∘grad against finite differences of the
 * gradient and the symmetry uᵀHv = vᵀHu.
 * Defaults: atol 1e-6 / rtol 1e-5 against finite differences in float64.
 * @example
 * ```ts
 * import { Tensor, customVjp, matmul, mul, sin, tanh, tensor } from "purediff";
 * import { checkGrads } from "purediff/laws";
 * const w = tensor([[0.5, -1], [2, 0.1]], "float64");
 * const x = tensor([[1, 2]], "float64");
 * checkGrads((w: Tensor, x: Tensor) => tanh(matmul(x, w)), [w, x], { order: 2 });
 * const myCustomVjpOp = customVjp((v: Tensor) => sin(v), (v: Tensor) => [sin(v), v], (v: Tensor, ct: Tensor) => [mul(ct, 2)]);
 * let threw = false;
 * try {
 *   checkGrads(myCustomVjpOp, [tensor([0.5], "float64")], { modes: ["rev"] });
 * } catch {
 *   threw = true;
 * }
 * // its backward rule is wrong
 * threw; // => true
 * ```
 */
export function checkGrads<Args extends readonly unknown[]>(f: (...args: Args) => unknown, args: Args, options: CheckGradsOptions = {}): void {
  const order = options.order ?? 1;
  const modes = options.modes ?? ["fwd", "rev"];
  const seed = options.seed ?? 0;
  const fwd = modes.includes("fwd");
  const rev = modes.includes("rev");
  if (!fwd && !rev) throw new Error(`checkGrads: modes must include "fwd" or "rev", got [${modes.join(", ")}]`);

  const defs: ReturnType<typeof tree.flatten>[1][] = [];
  const counts: number[] = [];
  const leaves: Tensor[] = [];
  args.forEach((arg, i) => {
    const [raw, def] = tree.flatten(arg, isTensor);
    defs.push(def);
    counts.push(raw.length);
    raw.forEach((leaf, j) => {
      if (typeof leaf === "number") leaves.push(fromValues([leaf], [], "float64"));
      else if (leaf instanceof Tensor) leaves.push(leaf);
      else throw new Error(`checkGrads: argument ${i} leaf ${j} is not a tensor or number`);
    });
  });
  // Numbers in the arguments are passed to f as float64 scalar tensors, so they can be traced.
  const rebuild = (ls: readonly Tensor[]): unknown[] => {
    let k = 0;
    return defs.map((def, i) => tree.unflatten(def, ls.slice(k, (k += counts[i]))));
  };
  const F = (...ls: Tensor[]): Tensor => asOneTensor((f as unknown as (...xs: unknown[]) => unknown)(...rebuild(ls)));

  const fail = (stage: string, result: LawResult): void => {
    if (result.ok) return;
    const message = formatLawFailure(result, describeValue(args), { subject: `checkGrads (${stage})` });
    throw new LawError(message, result, args);
  };
  const fdOptions = { eps: options.eps, atol: options.atol, rtol: options.rtol };

  const firstOrder = (g: (...xs: Tensor[]) => Tensor, stage: string, s: number): void => {
    const y = g(...leaves);
    const tangents = randomTensorsLike(leaves, s);
    const cotangent = randomTensorLike(y, s + 1);
    if (fwd) fail(`${stage}, fwd`, jvpMatchesFiniteDifferences(g, leaves, tangents, fdOptions));
    if (rev) fail(`${stage}, rev`, vjpMatchesFiniteDifferences(g, leaves, cotangent, { ...fdOptions, sampled: options.sampled, seed: s }));
    if (fwd && rev) fail(`${stage}, fwd and rev`, vjpJvpDuality(g, leaves, tangents, cotangent));
  };

  firstOrder(F, "order 1", seed);
  if (order < 2) return;

  const t = randomTensorsLike(leaves, seed + 11);
  const y = F(...leaves);
  const c = randomTensorLike(y, seed + 13);
  if (fwd) firstOrder((...xs: Tensor[]) => jvp(F, xs, t)[1], "order 2, derivatives of x ↦ jvp(f)(x; t)", seed + 17);
  if (rev) firstOrder((...xs: Tensor[]) => asOneTensor(vjp(F, ...xs)[1](c)), "order 2, derivatives of x ↦ vjp(f)(x)(c)", seed + 19);
  if (y.size === 1 && y.shape.length === 0) {
    const u = randomTensorsLike(leaves, seed + 23);
    const v = randomTensorsLike(leaves, seed + 29);
    if (rev) fail("order 2, rev", secondDerivativeMatchesFiniteDifferences(F, leaves, v, fdOptions));
    fail(`order 2, ${rev ? "rev" : "fwd"}`, hessianVectorSymmetry(F, leaves, u, v, { mode: rev ? "rev" : "fwd" }));
  }
}
