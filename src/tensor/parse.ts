import { left, right } from "fp-ts/Either";
import type { Either } from "../either";
import { allocate, type DType, type TypedArray } from "./dtype";

/** Nested arrays of numbers or booleans, as `tensor` accepts them. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** A value for a message (BigInts and undefined included, which JSON cannot show). */
function showValue(x: unknown): string {
  if (typeof x === "bigint") return `${x}n`;
  if (x === undefined || typeof x === "function" || typeof x === "symbol") return String(x);
  return JSON.stringify(x);
}

/** The shape and flat values of nested input, or an Error saying where it is ragged or not numeric. */
export function parseNested(op: string, values: unknown, dtype: DType): Either<Error, { shape: number[]; data: TypedArray }> {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let size = 1;
  for (const d of shape) size *= d;
  const data = allocate(dtype, size);
  let k = 0;
  // Iterative walk: a stack of [array, depth, path] frames, children pushed in reverse order.
  const stack: [unknown, number, string][] = [[values, 0, ""]];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop() as [unknown, number, string];
    if (depth === shape.length) {
      if (Array.isArray(node))
        return left(new Error(`${op}: ragged input: value at ${path || "top"} is an array but its siblings are numbers (expected shape [${shape.join(",")}])`));
      const v = typeof node === "boolean" ? Number(node) : node;
      if (typeof v !== "number")
        return left(
          new Error(`${op}: non-numeric value ${showValue(node)} at ${path || "top"}${typeof node === "bigint" ? " (convert BigInts with Number(...))" : ""}`),
        );
      data[k++] = v;
      continue;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `length ${node.length}` : JSON.stringify(node);
      return left(
        new Error(
          `${op}: ragged input at ${path || "top"}: expected an array of length ${shape[depth]}, got ${got} (shape inferred from the first elements: [${shape.join(",")}])`,
        ),
      );
    }
    for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], depth + 1, `${path}[${i}]`]);
  }
  return right({ shape, data });
}
