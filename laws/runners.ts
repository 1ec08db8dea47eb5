/**
 * fast-check runners for law predicates: run a predicate on generated inputs and, on a
 * failure, throw an Error naming the law, the (shrunk) input and the numbers, with the
 * seed and path to replay it.
 *
 * @module
 */
import fc from "fast-check";
import { describeValue } from "./describe";
import { passed, type LawFailure, type LawResult } from "./law-result";

/**
 * Options of {@link checkLaw}.
 * @example
 * ```ts
 * import { Tensor, abs, exp, mul } from "purediff";
 * import { arbTensor, checkLaw, purity, type CheckLawOptions } from "purediff/laws";
 * checkLaw(arbTensor([3]), (x) => purity((v: Tensor) => mul(v, exp(v)), [x]), { numRuns: 50, seed: 42, subject: "myOp" } satisfies CheckLawOptions<Tensor>);
 * ```
 */
export interface CheckLawOptions<A> {
  /** How many inputs to try (default 30). */
  readonly numRuns?: number;
  /** The fast-check seed (default: fast-check's, printed on failure). */
  readonly seed?: number;
  /** A fast-check replay path (from a failure message). */
  readonly path?: string;
  /** How to print an input (default {@link describeValue}). */
  readonly describe?: (input: A) => string;
  /** A name for the subject (e.g. the primitive), put before the law's name. */
  readonly subject?: string;
}

/**
 * The error {@link checkLaw} and `checkGrads` throw: the failure, its input, and how to replay it.
 * @example
 * ```ts
 * import { Tensor, customVjp, mul, sin, tensor } from "purediff";
 * import { LawError, checkGrads } from "purediff/laws";
 * const f = customVjp((v: Tensor) => sin(v), (v: Tensor) => [sin(v), v], (v: Tensor, ct: Tensor) => [mul(ct, 2)]);
 * let law = "";
 * try {
 *   checkGrads(f, [tensor([0.5], "float64")], { modes: ["rev"] });
 * } catch (e) {
 *   if (e instanceof LawError && !e.result.ok) law = e.result.law;
 * }
 * law; // => "vjp agrees with finite differences"
 * ```
 */
export class LawError extends Error {
  override readonly name = "LawError";
  constructor(
    message: string,
    /** The failing result. */
    readonly result: LawFailure,
    /** The (shrunk) input it failed on. */
    readonly input: unknown,
  ) {
    super(message);
  }
}

/**
 * The message of a law failure: the law, the subject, the input and the numbers.
 * @example
 * ```ts
 * import { formatLawFailure, failed } from "purediff/laws";
 * const failure = failed("my law", "values differ");
 * formatLawFailure(failure, "float64[2] [1, 2]").split("\n")[0]; // => "law \"my law\" failed"
 * ```
 */
export function formatLawFailure(failure: LawFailure, input: string, context: { readonly subject?: string; readonly replay?: string } = {}): string {
  const who = context.subject === undefined ? "" : `${context.subject}: `;
  const replay = context.replay === undefined ? "" : `\n  replay: ${context.replay}`;
  return `${who}law "${failure.law}" failed\n  input: ${input}\n  ${failure.message}${replay}`;
}

/**
 * Throws a {@link LawError} when `result` is a failure (for one hand-picked input).
 * @example
 * ```ts
 * import { Tensor, exp, tensor } from "purediff";
 * import { assertLaw, randomTensorLike, vjpMatchesFiniteDifferences } from "purediff/laws";
 * const f = (v: Tensor) => exp(v);
 * const x = tensor([0.1, 0.2], "float64");
 * const c = randomTensorLike(x, 1);
 * // throws with the numbers on failure
 * assertLaw(vjpMatchesFiniteDifferences(f, [x], c), { x, c });
 * ```
 */
export function assertLaw(result: LawResult, input?: unknown, subject?: string): void {
  if (result.ok) return;
  throw new LawError(formatLawFailure(result, describeValue(input), { subject }), result, input);
}

/**
 * Runs `predicate` on `numRuns` inputs from `arbitrary`; on a failure, fast-check shrinks
 * the input and this throws a {@link LawError} naming the law, the shrunk input (shapes and
 * values, short) and the predicate's message with the numbers, plus the seed and path to
 * replay it. A predicate that throws fails too.
 * @example
 * ```ts
 * import { sin } from "purediff";
 * import { arbShape, arbTensor, checkLaw, randomTensorLike, vjpMatchesFiniteDifferences } from "purediff/laws";
 * checkLaw(
 *   arbShape({ maxRank: 2 }).chain((s) => arbTensor(s)),
 *   (x) => vjpMatchesFiniteDifferences((u) => sin(u), [x], randomTensorLike(x, 1)),
 *   { numRuns: 30, seed: 42 },
 * );
 * ```
 */
export function checkLaw<A>(arbitrary: fc.Arbitrary<A>, predicate: (input: A) => LawResult, options: CheckLawOptions<A> = {}): void {
  const run = (input: A): LawResult => {
    try {
      return predicate(input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, law: "the law predicate (it threw)", message: `threw: ${message}`, details: { error: message } };
    }
  };
  const details = fc.check(
    fc.property(arbitrary, (input) => run(input).ok),
    { numRuns: options.numRuns ?? 30, seed: options.seed, path: options.path },
  );
  if (!details.failed) return;
  const describe = options.describe ?? ((x: A) => describeValue(x));
  const replay = `{ seed: ${details.seed}, path: "${details.counterexamplePath ?? ""}" } (failed after ${details.numRuns} run(s), ${details.numShrinks} shrink(s))`;
  if (details.counterexample === null) {
    const error: unknown = details.errorInstance;
    const message = error instanceof Error ? error.message : String(error);
    const failure: LawFailure = { ok: false, law: "law predicate", message: `fast-check failed without a counterexample: ${message}`, details: {} };
    throw new LawError(formatLawFailure(failure, "(none)", { subject: options.subject, replay }), failure, undefined);
  }
  const input = details.counterexample[0];
  const result = run(input);
  const failure: LawFailure = result.ok
    ? { ok: false, law: "law predicate", message: "failed during the run but passes on replay (the function is not deterministic)", details: {} }
    : result;
  throw new LawError(formatLawFailure(failure, describe(input), { subject: options.subject, replay }), failure, input);
}

/**
 * A predicate that always holds: a placeholder when a law does not apply to an input.
 * @example
 * ```ts
 * import { Tensor, exp } from "purediff";
 * import { arbShape, arbTensor, checkLaw, holds, purity } from "purediff/laws";
 * checkLaw(arbShape({ maxRank: 1 }).chain((s) => arbTensor(s)), (x) => (x.size === 0 ? holds() : purity((v: Tensor) => exp(v), [x])), { numRuns: 10 });
 * ```
 */
export function holds(): LawResult {
  return passed;
}
