/**
 * Control flow as primitives (JAX's `lax`, camelCase): loops and conditionals whose
 * bodies are staged sub-programs, so every transform (grad, jvp, vmap, jit) understands
 * them, and a loop stays a loop in compiled code whatever its trip count. Also the
 * windowed array operations of JAX's `lax`: general padding (`pad`) and
 * windowed reductions (`reduceWindow`, for pooling).
 * @example
 * ```ts
 * import { Tensor, add, lax, ones, tanh, zeros } from "purediff";
 * const xs = ones([3, 4]);
 * const [h, hs] = lax.scan((h: Tensor<[4]>, x: Tensor<[4]>) => { const n = tanh(add(h, x)); return [n, n]; }, zeros([4]), xs);
 * hs.shape; // => [3, 4]
 * ```
 * @module
 */
import "../core/primitives";

export { scan, map, type ScanOptions } from "./scan";
export { whileLoop, foriLoop } from "./loops";
export { cond, switch } from "./cond";
export {
  convGeneralDilated,
  conv,
  convTranspose,
  type ConvGeneralDilatedOptions,
  type ConvTransposeOptions,
  type ConvDimensionStrings,
  type ConvPadding,
} from "./conv";
export type { ConvShape, ConvTransposeShape } from "./conv-types";
export type { Stacked, Slice } from "./trees";
export { topK, type TopK } from "./top-k";
export { pad, type PadTriple, type SameRank } from "./pad";
export { reduceWindow, resolvePadding, type WindowOp, type PerAxis, type WindowPadding, type ReduceWindowOptions } from "./reduce-window";
