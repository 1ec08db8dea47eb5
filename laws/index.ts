/**
 * purediff/laws: the gradient laws as pure predicates, fast-check runners and
 * arbitraries (the fp-ts-laws shape), plus the public gradient-checking utilities
 * `gradCheck` and `checkGrads`.
 *
 * @example
 * ```ts
 * import { Tensor, exp, mul } from "purediff";
 * import { arbShape, arbTensor, checkLaw, randomTensorLike, vjpMatchesFiniteDifferences } from "purediff/laws";
 * const myOp = (x: Tensor) => mul(x, exp(x));
 * // throws a LawError naming the law and the input when it fails
 * checkLaw(
 *   arbShape({ maxRank: 2 }).chain((s) => arbTensor(s)),
 *   (x) => vjpMatchesFiniteDifferences(myOp, [x], randomTensorLike(myOp(x), 1)),
 *   { numRuns: 30 },
 * );
 * ```
 * @module purediff/laws
 */
export * from "./law-result";
export * from "./law-types";
export * from "./tolerance";
export * from "./describe";
export * from "./arbitraries";
export * from "./random-tensors";
export * from "./finite-difference";
export * from "./grad-check";
export * from "./runners";
export * from "./check-grads";
export * from "./predicates/finite-differences";
export * from "./predicates/chain-rule";
export * from "./predicates/linearity";
export * from "./predicates/duality";
export * from "./predicates/product-rule";
export * from "./predicates/nested";
export * from "./predicates/broadcasting";
export * from "./predicates/purity";
export * from "./predicates/monoid";
export * from "./predicates/zero-derivative";
export * from "./predicates/control-flow";
// Optimizer laws (chain with identity, associativity, lr 0, state structure, determinism).
export * from "./optimizer-laws";
