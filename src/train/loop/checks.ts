/**
 * Checks a training loop runs once, before the first step, so that bad input fails in
 * milliseconds with a clear message instead of after minutes of training: row counts,
 * the input shape against the model (one forward pass on one row), the targets against
 * the loss, and class labels against the number of classes.
 * @module
 */
import { takeRows } from "../batches";
import { flatten } from "../../tree";
import { showShape, type Shape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { evaluateObjective, isClassification, objectiveName, predictions, type Objective } from "./objective";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Checks that `x` and `y` are tensors with the same number of rows (≥ 1).
 * @example checkRows("fit", "data", x, y)
 */
export function checkRows(fn: string, what: string, x: unknown, y: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${fn}: ${what}.x must be a tensor, got ${typeof x}`);
  if (!(y instanceof Tensor)) throw new Error(`${fn}: ${what}.y must be a tensor, got ${typeof y}`);
  if (x.shape.length === 0 || y.shape.length === 0) {
    throw new Error(`${fn}: ${what}.x and ${what}.y need a row axis (axis 0), got shapes ${showShape(x.shape)} and ${showShape(y.shape)}`);
  }
  if (x.shape[0] !== y.shape[0]) throw new Error(`${fn}: ${what}.x has ${x.shape[0]} rows but ${what}.y has ${y.shape[0]}`);
  if (x.shape[0] === 0) throw new Error(`${fn}: ${what} is empty (0 rows)`);
}

/**
 * The input shape the model's first layer expects, read from the params when the first
 * tensor of the params tree is a dense kernel `[in, out]`: `[-1, in]`. Undefined when
 * it cannot be told.
 * @example expectedInputShape([{ W: zeros([784, 256]), b: zeros([256]) }]) // [-1, 784]
 */
export function expectedInputShape(params: unknown): Shape | undefined {
  const [leaves] = flatten(params, (x): x is Tensor => x instanceof Tensor);
  const first = leaves[0];
  return first instanceof Tensor && first.shape.length === 2 ? [-1, first.shape[0]] : undefined;
}

function matchesExpected(shape: Shape, expected: Shape): boolean {
  return shape.length === expected.length && expected.every((d, i) => d === -1 || d === shape[i]);
}

/**
 * Checks that every int32 label is a class index in [0, classes): the first one that is
 * not gives `fn: label 12 at row 5 is outside [0, 10)`.
 * @example checkLabelRange("fit", "", tensor([1, 12], "int32"), 10) // throws "fit: label 12 at row 1 is outside [0, 10)"
 */
export function checkLabelRange(fn: string, what: string, y: Tensor, classes: number): void {
  const data = y.data();
  const perRow = y.shape.slice(1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < data.length; i++) {
    const label = Number(data[i]);
    if (!(label >= 0 && label < classes) || !Number.isInteger(label)) {
      throw new Error(`${fn}: ${what}label ${label} at row ${Math.floor(i / Math.max(perRow, 1))} is outside [0, ${classes})`);
    }
  }
}

/**
 * Runs the objective once on the first row of `x` and `y`, before training, and turns
 * failures into messages that say what does not fit: the input shape against the model's
 * first layer, the model's output against the targets; then checks every int32 label
 * (of `y` and of each `extra` set) against the number of classes. Returns the number of
 * classes for a classification.
 * @example
 * preflight("fit", { model: net }, params, { x, y }, [{ what: "validation ", y: yVal }]);
 * // fit: input of shape [60000,780] does not match the model's first layer expecting [-1,784]: ...
 */
export function preflight<P>(
  fn: string,
  objective: Objective<P>,
  params: P,
  data: { readonly x: Tensor; readonly y: Tensor },
  extra: readonly { readonly what: string; readonly x: Tensor; readonly y: Tensor }[] = [],
): { readonly classes: number | undefined } {
  const x1 = takeRows(data.x as Tensor<[number]>, [0]) as Tensor;
  const y1 = takeRows(data.y as Tensor<[number]>, [0]) as Tensor;
  const name = objectiveName(objective);
  let out: Tensor | undefined;
  if (objective.model !== undefined) {
    const expected = expectedInputShape(params);
    const mismatch = (cause: string): Error =>
      new Error(
        expected !== undefined
          ? `${fn}: input of shape ${showShape(data.x.shape)} does not match the model's first layer expecting ${showShape(expected)}: ${cause}`
          : `${fn}: input of shape ${showShape(data.x.shape)} does not match the model ${name}: ${cause}`,
      );
    if (expected !== undefined && !matchesExpected(data.x.shape, expected)) {
      let cause = `${name} takes rows of ${expected.slice(1).join("×")} features`;
      try {
        predictions(objective.model, params, x1, {});
      } catch (e) {
        cause = message(e);
      }
      throw mismatch(cause);
    }
    try {
      out = predictions(objective.model, params, x1, {});
    } catch (e) {
      throw mismatch(message(e));
    }
    for (const set of extra) {
      if (set.x.shape.length !== data.x.shape.length || set.x.shape.some((d, i) => i > 0 && d !== data.x.shape[i])) {
        throw new Error(`${fn}: ${set.what}input of shape ${showShape(set.x.shape)} does not match the training input ${showShape(data.x.shape)} (rows apart)`);
      }
    }
  }
  const classification = (o: Tensor | undefined, y: Tensor): number | undefined =>
    o !== undefined && isClassification(o.shape, y.dtype, y.shape) ? o.shape[o.shape.length - 1] : undefined;
  const check = (o: Tensor | undefined): number | undefined => {
    const classes = classification(o, y1);
    if (classes !== undefined) {
      checkLabelRange(fn, "", data.y, classes);
      for (const set of extra) checkLabelRange(fn, set.what, set.y, classes);
    }
    return classes;
  };
  let classes = check(out);
  try {
    const value = evaluateObjective(objective, params, { x: x1, y: y1 }, {});
    if (out === undefined && value.predictions !== undefined) classes = check(value.predictions);
  } catch (e) {
    if (objective.model !== undefined && out !== undefined) {
      throw new Error(
        `${fn}: the loss does not accept the model's output of shape ${showShape(out.shape)} (for one row) with targets of shape ${showShape(y1.shape)} ${y1.dtype}: ${message(e)}`,
      );
    }
    throw new Error(`${fn}: the loss function fails on one row of the data (x ${showShape(x1.shape)}, y ${showShape(y1.shape)} ${y1.dtype}): ${message(e)}`);
  }
  return { classes };
}
