/**
 * A model summary as Keras prints it: one row per layer (the children of a top-level
 * `serial`), with its output shape and parameter count, and the totals.
 * @module
 */
import { key as makeKey, type PRNGKey } from "../random/key";
import { size } from "../tree/size";
import { Tensor } from "../tensor/tensor";
import { flattenUntyped } from "../tree/flatten";
import { childKeys, compositeParts, initChild } from "./combinators/run";
import type { AnyLayer, ShapeSpec } from "./layer";

/**
 * One row of a {@link Summary}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const row: nn.SummaryRow = { layer: "dense(10)", outputShape: [-1, 10], params: 2570, state: 0 };
 * ```
 */
export interface SummaryRow {
  /** The layer's name (`dense(10)`). */
  readonly layer: string;
  /** Its output shape (−1: the batch or another unknown dimension), or the shapes of a tuple output. */
  readonly outputShape: ShapeSpec;
  /** Scalars in its parameters. */
  readonly params: number;
  /** Scalars in its state (batch-norm statistics), not trained by gradients. */
  readonly state: number;
}

/**
 * What {@link summary} returns: the rows, the totals and the printed table.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const net = nn.serial(nn.dense(256), nn.activation(nn.relu), nn.dense(10));
 * const { totalParams, text } = nn.summary(net, [-1, 784], { print: false });
 * totalParams; // => 203530
 * ```
 */
export interface Summary {
  readonly rows: readonly SummaryRow[];
  /** Scalars in all parameters. */
  readonly totalParams: number;
  /** Bytes of all parameters (by their dtypes). */
  readonly paramBytes: number;
  /** Scalars in all state. */
  readonly totalState: number;
  /** The table as printed. */
  readonly text: string;
}

/**
 * Options of {@link summary}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const net = nn.serial(nn.dense(4), nn.dense(2));
 * nn.summary(net, [-1, 3], { print: false }).rows.map((r) => r.params); // => [16, 10]
 * ```
 */
export interface SummaryOptions {
  /** Print the table with `console.log` (default true). */
  readonly print?: boolean;
  /** The init key (default `key(0)`); the counts and shapes do not depend on it. */
  readonly key?: PRNGKey;
}

/** Bytes of the tensor leaves of a tree. */
function bytesOf(tree: unknown): number {
  const [leaves] = flattenUntyped(tree);
  let n = 0;
  for (const leaf of leaves)
    if (leaf instanceof Tensor) n += leaf.shape.reduce((a: number, b: number) => a * b, 1) * (leaf.dtype === "float64" ? 8 : leaf.dtype === "bool" ? 1 : 4);
  return n;
}

function showShape(s: ShapeSpec): string {
  return s.length > 0 && Array.isArray(s[0])
    ? `(${(s as readonly ShapeSpec[]).map(showShape).join(", ")})`
    : `[${(s as readonly number[]).map((d) => (d === -1 ? "?" : String(d))).join(", ")}]`;
}

const grouped = (n: number): string => n.toLocaleString("en-US");

function showBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(2)} KiB`;
  return `${(n / 1024 ** 2).toFixed(2)} MiB`;
}

/**
 * Initialises `net` for `inputShape` and tabulates it: for a `serial` network one row per
 * layer in order (nested combinators as one row each), otherwise one row for the whole;
 * then the total parameter count and size. Prints the table (unless `print: false`) and
 * returns it as data.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const net = nn.serial(nn.dense(256), nn.activation(nn.relu), nn.dense(10));
 * nn.summary(net, [-1, 784]);
 * // input shape [?, 784]
 * // layer              output shape    params
 * // ─────────────────────────────────────────
 * // dense(256)         [?, 256]       200,960
 * // activation(relu)   [?, 256]             0
 * // dense(10)          [?, 10]          2,570
 * // ─────────────────────────────────────────
 * // total params: 203,530 (795.04 KiB)
 * ```
 */
export function summary(net: AnyLayer, inputShape: ShapeSpec, options: SummaryOptions = {}): Summary {
  const key = options.key ?? makeKey(0);
  const parts = compositeParts(net);
  const rows: SummaryRow[] = [];
  let paramBytes = 0;
  if (parts?.kind === "serial") {
    const keys = childKeys(key, parts.children.length);
    let shape = inputShape;
    parts.children.forEach((child, i) => {
      const [out, params, state] = initChild(child, keys[i], shape);
      rows.push({ layer: child.name, outputShape: out, params: size(params), state: size(state) });
      paramBytes += bytesOf(params);
      shape = out;
    });
  } else {
    const [out, params, state] = initChild(net, key, inputShape);
    rows.push({ layer: net.name, outputShape: out, params: size(params), state: size(state) });
    paramBytes += bytesOf(params);
  }
  const totalParams = rows.reduce((n, r) => n + r.params, 0);
  const totalState = rows.reduce((n, r) => n + r.state, 0);
  const withState = totalState > 0;
  const header = ["layer", "output shape", "params", ...(withState ? ["state"] : [])];
  const cells = rows.map((r) => [r.layer, showShape(r.outputShape), grouped(r.params), ...(withState ? [grouped(r.state)] : [])]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("   ")
      .trimEnd();
  const rule = "─".repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const text = [
    `input shape ${showShape(inputShape)}`,
    line(header),
    rule,
    ...cells.map(line),
    rule,
    `total params: ${grouped(totalParams)} (${showBytes(paramBytes)})`,
    ...(withState ? [`total state: ${grouped(totalState)} (not trained)`] : []),
  ].join("\n");
  if (options.print !== false) console.log(text);
  return Object.freeze({ rows: Object.freeze(rows), totalParams, paramBytes, totalState, text });
}
