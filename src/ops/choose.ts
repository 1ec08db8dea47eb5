import type { Tensor } from "../tensor/tensor";
import { broadcastShapes, showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { asTensor, operandPair, type Operand } from "./operands";
import { maximum, minimum } from "./arithmetic";
import { broadcastTo } from "./shape";

/** `a` where `condition` holds, else `b` (dtypes promoted as `where` does). */
function pick(op: string, condition: Tensor, a: Operand, b: Operand): Tensor {
  return bind("select", [condition, ...operandPair(a, b, false, op)], {});
}

/**
 * NumPy's select: for each entry, the value of the first choice whose condition holds,
 * else `defaultValue`. Conditions are bool tensors; everything broadcasts. The gradient
 * flows to the chosen entries only.
 * @example
 * ```ts
 * import { greater, less, neg, select, square, tensor } from "purediff";
 * const x = tensor([-2, 0.5, 3]);
 * // −x below 0, x² above 1, x between
 * select([less(x, 0), greater(x, 1)], [neg(x), square(x)], x).toArray(); // => [2, 0.5, 9]
 * ```
 */
export function select(condlist: readonly Tensor[], choicelist: readonly Operand[], defaultValue: Operand = 0): Tensor<number[]> {
  if (condlist.length !== choicelist.length) {
    throw new Error(`select: condlist has ${condlist.length} conditions but choicelist has ${choicelist.length} choices; they must pair up`);
  }
  condlist.forEach((c, i) => {
    if (c.dtype !== "bool") throw new Error(`select: condition ${i} must be a bool tensor, got ${c.dtype} (shape ${showShape(c.shape)})`);
  });
  let out: Tensor = asTensor(defaultValue);
  for (let i = condlist.length - 1; i >= 0; i--) out = pick("select", condlist[i], choicelist[i], i === condlist.length - 1 ? defaultValue : out);
  return out as Tensor<number[]>;
}

/** How {@link choose} treats indices outside [0, n): an error ("raise", needs concrete indices) or clamped ("clip"). */
export type ChooseMode = "raise" | "clip";

/**
 * Builds a tensor from the entries of several choices: `out[i] = choices[a[i]][i]`
 * (NumPy's choose), everything broadcast. `a` holds int32 indices into `choices`; with
 * mode "raise" (the default) they must be concrete and in range, with "clip" they are
 * clamped into range (and may be traced, e.g. under `jit`).
 * @example
 * ```ts
 * import { choose, tensor } from "purediff";
 * choose(tensor([0, 1, 0], "int32"), [tensor([1, 2, 3]), tensor([10, 20, 30])]).toArray(); // => [1, 20, 3]
 * ```
 */
export function choose(a: Tensor, choices: readonly Operand[], mode: ChooseMode = "raise"): Tensor<number[]> {
  const n = choices.length;
  if (n === 0) throw new Error("choose: needs at least one choice");
  if (a.dtype !== "int32") throw new Error(`choose: a must hold int32 indices, got ${a.dtype} (shape ${showShape(a.shape)})`);
  let index: Tensor = a;
  if (mode === "clip") index = minimum(maximum(a, 0), n - 1);
  else if (mode === "raise") {
    let values: Int32Array;
    try {
      values = a.data() as Int32Array;
    } catch (e) {
      throw new Error(`choose: mode "raise" needs concrete indices; use mode "clip" under jit or vmap (${(e as Error).message})`);
    }
    const bad = values.find((i) => i < 0 || i >= n);
    if (bad !== undefined) throw new Error(`choose: index ${bad} is out of range for ${n} choices (a shape ${showShape(a.shape)})`);
  } else throw new Error(`choose: mode must be "raise" or "clip", got ${String(mode)}`);
  let out: Tensor = asTensor(choices[n - 1]);
  for (let i = n - 2; i >= 0; i--) {
    const isI = bind("compare", [index, asTensor(i, "int32")], { op: "eq" });
    out = pick("choose", isI, choices[i], i === n - 2 ? choices[n - 1] : out);
  }
  return broadcastTo(out, broadcastShapes("choose", a.shape, out.shape)) as Tensor<number[]>;
}
