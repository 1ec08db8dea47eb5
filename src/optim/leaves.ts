/**
 * Internal helpers of the optimizers: trees of tensors flattened side by side, with the
 * checks every transformation needs (same structure, same shapes, tensor leaves) and
 * errors that name the transformation, the trees and the path. Not in the public barrel.
 */
import { Tensor } from "../tensor/tensor";
import { showShape } from "../tensor/shape";
import { astype } from "../ops/gradient-control";
import { equalDefs, flatten, leafPaths, TreeMismatchError, unflatten, type TreeDefNode } from "../tree";

/**
 * True for tensors (the leaves of parameter trees).
 * @example
 * isTensor(tensor([1])); // true
 */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/**
 * A tree with the name an error message gives it.
 * @example
 * const t: NamedTree = { name: "updates", tree: grads };
 */
export interface NamedTree {
  readonly name: string;
  readonly tree: unknown;
}

/**
 * Trees flattened side by side: the structure of the first and `leaves[t][i]`, leaf `i` of tree `t`.
 * @example
 * const { def, leaves: [gs, ms] } = align(op, [{ name: "updates", tree: u }, { name: "state.mu", tree: mu }]);
 */
export interface Aligned {
  readonly def: TreeDefNode;
  readonly leaves: readonly (readonly Tensor[])[];
}

function describe(x: unknown): string {
  if (typeof x === "object" && x !== null) {
    const ctor = (x as { readonly constructor?: { readonly name?: string } }).constructor;
    return `an object of type ${ctor?.name ?? "unknown"}`;
  }
  return `${typeof x} ${String(x)}`;
}

function pathAt(def: TreeDefNode, i: number): string {
  const p = leafPaths(def)[i];
  return p === "" ? "<root>" : p;
}

/**
 * Flattens a tree whose leaves must be tensors, or throws naming the operation, the tree
 * and the path of the first other leaf.
 * @example
 * flattenTensors("optim.sgd", "params", { w: tensor([1]) }); // { leaves: [w], def }
 */
export function flattenTensors(operation: string, name: string, tree: unknown): { leaves: Tensor[]; def: TreeDefNode } {
  const [raw, def] = flatten(tree, isTensor) as [unknown[], TreeDefNode];
  for (let i = 0; i < raw.length; i++) {
    if (!(raw[i] instanceof Tensor)) {
      throw new TypeError(
        `${operation}: ${name} leaf ${pathAt(def, i)} is ${describe(raw[i])}, not a tensor ` +
          `(the leaves of parameter, gradient and update trees are tensors)`,
      );
    }
  }
  return { leaves: raw as Tensor[], def };
}

/**
 * Flattens trees that must have the same structure and the same leaf shapes. The first
 * tree is the one being transformed (its structure is returned); mismatches are reported
 * against `trees[reference]` (default the second tree: the params or the first state tree
 * built from them), printing both structures, or naming the path and both shapes.
 *
 * @example
 * const { def, leaves: [g, m] } = align("optim.traceMomentum.update", [
 *   { name: "updates", tree: updates },
 *   { name: "state.trace", tree: state.trace },
 * ]);
 */
export function align(operation: string, trees: readonly NamedTree[], reference = Math.min(1, trees.length - 1)): Aligned {
  const flat = trees.map((t) => flattenTensors(operation, t.name, t.tree));
  const ref = flat[reference];
  const refName = trees[reference].name;
  for (let t = 0; t < flat.length; t++) {
    if (t === reference) continue;
    if (!equalDefs(ref.def, flat[t].def)) {
      throw new TreeMismatchError(`${operation} (${trees[t].name} vs ${refName})`, ref.def, flat[t].def);
    }
    const rl = ref.leaves;
    const tl = flat[t].leaves;
    for (let i = 0; i < rl.length; i++) {
      const a = rl[i].shape;
      const b = tl[i].shape;
      if (a.length !== b.length || a.some((d, k) => d !== b[k])) {
        throw new Error(
          `${operation}: ${trees[t].name} leaf ${pathAt(ref.def, i)} has shape ${showShape(b)}, ` + `but ${refName} has shape ${showShape(a)} there`,
        );
      }
    }
  }
  return { def: flat[0].def, leaves: flat.map((f) => f.leaves) };
}

/**
 * Rebuilds a tree of structure `def` from leaves (the caller vouches for the type).
 * @example
 * rebuild<Params>(def, newLeaves);
 */
export function rebuild<T>(def: TreeDefNode, leaves: readonly unknown[]): T {
  return unflatten(def, leaves) as T;
}

/**
 * `x` in the dtype of `like` (a no-op when they agree): states and params keep their dtype.
 * @example
 * castLike(add(mu32, g64), mu32).dtype; // "float32"
 */
export function castLike(x: Tensor, like: Tensor): Tensor {
  return x.dtype === like.dtype ? x : astype(x, like.dtype);
}

/**
 * A frozen state record.
 * @example
 * const s = freeze({ count: zeroCount(), mu });
 */
export function freeze<T extends object>(x: T): T {
  return Object.freeze(x);
}

/**
 * Throws a RangeError unless `x` is a finite number satisfying `ok`.
 * @example
 * checkNumber("adam", "b1", 0.9, (x) => x >= 0 && x < 1, "in [0, 1)");
 */
export function checkNumber(operation: string, name: string, x: number, ok: (x: number) => boolean, what: string): void {
  if (typeof x !== "number" || Number.isNaN(x) || !ok(x)) {
    throw new RangeError(`${operation}: ${name} must be ${what}, got ${String(x)}`);
  }
}
