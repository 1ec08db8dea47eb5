/**
 * Short, readable descriptions of law inputs (tensors, arrays, records, numbers) for
 * failure messages: shapes and dtypes always, values up to a limit.
 *
 * @module
 */
import { Tensor } from "../src/index";
import { showNumber, showShapeText, valuesOf } from "./internal/tensor-values";

/**
 * Options of {@link describeValue}.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { describeValue, type DescribeOptions } from "purediff/laws";
 * describeValue([tensor([1, 2, 3, 4, 5, 6], "float64")], { maxValues: 4 } satisfies DescribeOptions); // => "[float64[6] [1, 2, 3, 4, … 2 more]]"
 * ```
 */
export interface DescribeOptions {
  /** How many values of each tensor to print (default 8). */
  readonly maxValues?: number;
  /** How deep to descend into arrays and objects (default 4). */
  readonly maxDepth?: number;
}

/**
 * A tensor as `float64[2,3] [1, 2, 3, 4, 5, 6]`, values elided past `maxValues`.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { describeTensor } from "purediff/laws";
 * describeTensor(tensor([[1, 2], [3, 4]], "float64")); // => "float64[2,2] [1, 2, 3, 4]"
 * ```
 */
export function describeTensor(t: Tensor, maxValues = 8): string {
  const head = `${t.dtype}${showShapeText(t.shape)}`;
  let values: Float64Array;
  try {
    values = valuesOf(t);
  } catch {
    return `${head} (traced)`;
  }
  const shown = Array.from(values.subarray(0, maxValues), showNumber);
  const more = values.length > maxValues ? `, … ${values.length - maxValues} more` : "";
  return `${head} [${shown.join(", ")}${more}]`;
}

/**
 * Any law input, briefly: tensors via {@link describeTensor}, arrays and plain objects
 * element by element, functions as `<function name>`.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { describeValue } from "purediff/laws";
 * describeValue({ args: [tensor([1, 2], "float64")], note: "axis 0" })
 * // "{ args: [float64[2] [1, 2]], note: \"axis 0\" }"
 * ```
 */
export function describeValue(value: unknown, options: DescribeOptions = {}): string {
  const maxValues = options.maxValues ?? 8;
  const maxDepth = options.maxDepth ?? 4;
  const go = (v: unknown, depth: number): string => {
    if (v instanceof Tensor) return describeTensor(v, maxValues);
    if (typeof v === "number") return showNumber(v);
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "function") return `<function ${v.name || "anonymous"}>`;
    if (v === null || v === undefined || typeof v !== "object") return String(v);
    if (depth >= maxDepth) return Array.isArray(v) ? "[…]" : "{…}";
    if (Array.isArray(v)) return `[${v.map((x: unknown) => go(x, depth + 1)).join(", ")}]`;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return String(v);
    const entries = Object.entries(v as { readonly [key: string]: unknown });
    return `{ ${entries.map(([k, x]) => `${k}: ${go(x, depth + 1)}`).join(", ")} }`;
  };
  return go(value, 0);
}
