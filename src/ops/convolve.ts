import type { Tensor } from "../tensor/tensor";
import { tensor, zeros } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { operandPair, type Operand } from "./operands";
import { concat } from "./join";
import { sum } from "./reduce";
import { mul } from "./arithmetic";

/**
 * Which part of the full result a 1-D convolution returns (NumPy's modes): "full" every
 * overlap (length N + M − 1), "same" the centre of length max(N, M), "valid" only full
 * overlaps (length max(N, M) − min(N, M) + 1).
 */
export type ConvolveMode = "full" | "same" | "valid";

const modes: readonly ConvolveMode[] = ["full", "same", "valid"];

/**
 * Σ over the shorter operand: out[k] = Σ_m short[m] · long[index(start + k, m)], the long
 * operand read through a constant index table (an index past its end reads 0). Work and
 * memory O(length of the result · length of the shorter operand).
 */
function slide(op: string, a: Operand, v: Operand, mode: ConvolveMode, correlation: boolean): Tensor<[number]> {
  if (!modes.includes(mode)) throw new Error(`${op}: mode must be one of ${modes.join(", ")}, got ${String(mode)}`);
  const [x, y] = operandPair(a, v, false, op);
  if (x.shape.length !== 1 || y.shape.length !== 1 || x.size === 0 || y.size === 0) {
    throw new Error(`${op}: a and v must be non-empty 1-D tensors, got shapes ${showShape(x.shape)} and ${showShape(y.shape)}`);
  }
  const [n, m] = [x.size, y.size];
  const [shortest, longest] = [Math.min(n, m), Math.max(n, m)];
  const length = mode === "full" ? n + m - 1 : mode === "same" ? longest : longest - shortest + 1;
  // NumPy's correlate swaps its operands when v is longer, and reverses the result: its
  // centre then starts one place later for an even difference of lengths.
  const centre = correlation && m > n ? shortest - 1 - Math.floor((shortest - 1) / 2) : Math.floor((shortest - 1) / 2);
  const start = mode === "full" ? 0 : mode === "same" ? centre : shortest - 1;
  const [short, long] = n >= m ? [y, x] : [x, y];
  const reads = new Int32Array(length * shortest);
  for (let k = 0; k < length; k++) {
    const f = start + k;
    for (let j = 0; j < shortest; j++) {
      // convolve: a[f − j]·v[j] (symmetric); correlate: a[j + f − (M − 1)]·v[j], or v[j − f + M − 1]·a[j] when a is the shorter.
      const i = !correlation ? f - j : n >= m ? j + f - (m - 1) : j - f + m - 1;
      reads[k * shortest + j] = i >= 0 && i < longest ? i : longest;
    }
  }
  const padded = concat([long, zeros([1], long.dtype)], 0);
  const windows = bind("gather", [padded, tensor(reads, "int32", [length, shortest])], { axis: 0 });
  return sum(mul(windows, short), 1) as Tensor<[number]>;
}

/**
 * The discrete linear convolution of two 1-D tensors (NumPy's `convolve`):
 * out[k] = Σ_j a[j]·v[k − j], its part chosen by `mode` (default "full"). Differentiable
 * in both.
 * @example
 * ```ts
 * import { convolve, tensor } from "purediff";
 * convolve(tensor([1, 2, 3]), tensor([0, 1, 0.5])).toArray(); // => [0, 1, 2.5, 4, 1.5]
 * ```
 * @example
 * ```ts
 * import { convolve, tensor } from "purediff";
 * convolve(tensor([1, 2, 3]), tensor([0, 1, 0.5]), "same").toArray(); // => [1, 2.5, 4]
 * ```
 */
export function convolve(a: Operand, v: Operand, mode: ConvolveMode = "full"): Tensor<[number]> {
  return slide("convolve", a, v, mode, false);
}

/**
 * The cross-correlation of two 1-D tensors (NumPy's `correlate`, real values, so without
 * conjugation): out[k] = Σ_n a[n + k]·v[n] over the overlaps chosen by `mode` (default
 * "valid"). Differentiable in both.
 * @example
 * ```ts
 * import { correlate, tensor } from "purediff";
 * correlate(tensor([1, 2, 3]), tensor([0, 1, 0.5])).toArray(); // => [3.5]
 * ```
 * @example
 * ```ts
 * import { correlate, tensor } from "purediff";
 * correlate(tensor([1, 2, 3]), tensor([0, 1, 0.5]), "full").toArray(); // => [0.5, 2, 3.5, 3, 0]
 * ```
 */
export function correlate(a: Operand, v: Operand, mode: ConvolveMode = "valid"): Tensor<[number]> {
  return slide("correlate", a, v, mode, true);
}
