/**
 * What a law predicate answers: `{ ok: true }`, or a failure naming the law, a readable
 * message with the numbers, and structured details for tools.
 *
 * @module
 */

/**
 * Structured, JSON-friendly facts about a failure (errors, indices, values).
 * @example
 * ```ts
 * import { LawDetails, failed } from "purediff/laws";
 * failed("my law", "H[0,1] ≠ H[1,0]", { i: 0, j: 1 } satisfies LawDetails)
 * ```
 */
export type LawDetails = { readonly [key: string]: unknown };

/**
 * A law that failed: which law, what went wrong (with the numbers), and the details.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { failed, type LawFailure } from "purediff/laws";
 * const r = failed("my law", "values differ");
 * r.ok; // => false
 * (r as LawFailure).law; // => "my law"
 * ```
 */
export interface LawFailure {
  readonly ok: false;
  /** The law's name, e.g. "vjp agrees with finite differences". */
  readonly law: string;
  /** A readable account with the numbers. */
  readonly message: string;
  readonly details: LawDetails;
}

/**
 * The result of a law predicate.
 * @example
 * ```ts
 * import { Tensor, exp, mul, tensor } from "purediff";
 * import { purity, type LawResult } from "purediff/laws";
 * const r: LawResult = purity((v: Tensor) => mul(v, exp(v)), [tensor([1, 2], "float64")]);
 * r; // => { ok: true }
 * ```
 */
export type LawResult = { readonly ok: true } | LawFailure;

/**
 * The passing result.
 * @example
 * ```ts
 * import { LawResult, passed } from "purediff/laws";
 * const r: LawResult = passed; // => { ok: true }
 * ```
 */
export const passed: LawResult = Object.freeze({ ok: true as const });

/**
 * A failing result.
 * @example
 * ```ts
 * import { failed } from "purediff/laws";
 * failed("hessian is symmetric", "H[0,1] = 2 but H[1,0] = 3", { i: 0, j: 1 })
 * ```
 */
export function failed(law: string, message: string, details: LawDetails = {}): LawFailure {
  return { ok: false, law, message, details };
}

/**
 * The first failure among several results, or `passed`. Results are computed eagerly;
 * pass thunks to stop at the first failure.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor } from "purediff";
 * import { allLaws, hessianSymmetry, purity } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * const f = (v: Tensor) => sum(exp(v));
 * // hessianSymmetry runs only when purity passes
 * allLaws(() => purity(f, [x]), () => hessianSymmetry(f, x)); // => { ok: true }
 * ```
 */
export function allLaws(...results: readonly (LawResult | (() => LawResult))[]): LawResult {
  for (const r of results) {
    const result = typeof r === "function" ? r() : r;
    if (!result.ok) return result;
  }
  return passed;
}

/**
 * Runs a law body, turning a thrown error into a failure of `law` (a law whose function
 * throws has not held).
 * @example
 * ```ts
 * import { guardLaw } from "purediff/laws";
 * guardLaw("purity", () => { throw new Error("boom"); }); // => { ok: false, law: "purity", message: "threw: boom", details: { error: "boom" } }
 * ```
 */
export function guardLaw(law: string, body: () => LawResult): LawResult {
  try {
    return body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(law, `threw: ${message}`, { error: message });
  }
}
