/**
 * ONNX export: a function staged at example arguments, written as an ONNX model that
 * ONNX Runtime (or any ONNX backend) runs.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../either";
import { stage } from "../core/staging";
import { isTensorLeaf } from "../core/leaves";
import type { Atom } from "../core/jaxpr";
import type { Aval } from "../core/primitive";
import { scalar } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { flattenUntyped, unflattenUntyped } from "../tree/flatten";
import { leafKeyPaths } from "../tree/path";
import type { TreeDefNode } from "../tree/treedef";
import { writeAtomically } from "../train/persistence/atomic-write";
import { GraphBuilder, onnxElementType } from "./graph-builder";
import { encodeOnnxModel, type OnnxValueInfo } from "./onnx-schema";
import { lowerProgram } from "./lower-program";

/** The ONNX operator set exported models import (the default domain). */
const ONNX_OPSET = 18;
/** The ONNX IR version of exported models. */
const ONNX_IR_VERSION = 8;

/**
 * A tree's leaves with their dotted path names (`output.layers.1.W`: `prefix`, then the
 * keys), and its structure; two leaves with one name (a key holding a dot) are an error.
 */
function namedLeaves(prefix: string, tree: unknown): { readonly names: string[]; readonly leaves: unknown[]; readonly def: TreeDefNode } {
  const [leaves, def] = flattenUntyped(tree, isTensorLeaf);
  const names = leafKeyPaths(def).map((path) => [prefix, ...path.map((step) => String(step.key))].join("."));
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const j = first.get(name);
    if (j !== undefined)
      throw new Error(`exportOnnx: ${prefix === "arg" ? "argument" : "output"} leaves ${j} and ${i} both get the name "${name}" (a key contains a dot?)`);
    first.set(name, i);
  });
  return { names, leaves, def };
}

/** A graph input's or output's name, element type and shape. */
const valueInfo = (name: string, v: Aval): OnnxValueInfo => ({
  name,
  type: { tensorType: { elemType: onnxElementType(v.dtype), shape: { dim: v.shape.map((d) => ({ dimValue: d })) } } },
});

/**
 * The ONNX model (opset 18, IR version 8) of `f` staged at `exampleArgs`, or a `Left`
 * naming the equation whose primitive has no ONNX form. See {@link exportOnnx}.
 * @example
 * ```ts
 * import { Tensor, exportOnnxE, ones, relu } from "purediff";
 * const model = exportOnnxE((x: Tensor) => relu(x), ones([2, 3])); // Right(Uint8Array)
 * ```
 */
export function exportOnnxE<Args extends unknown[]>(f: (...args: Args) => unknown, ...exampleArgs: Args): Either<Error, Uint8Array> {
  try {
    return right(exportOnnx(f, ...exampleArgs));
  } catch (e) {
    return left(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * Stages `f` at the shapes and dtypes of `exampleArgs` and writes the program as the
 * bytes of an ONNX model (opset 18, IR version 8): each tensor leaf of the arguments is a
 * graph input named by its path (`x`, the first argument's leaf, is `arg0`; the `W` of
 * layer 1 of a params tree passed second is `arg1.layers.1.W`); the tensors `f` closes
 * over (trained parameters, constants) are initializers; the outputs are `output` (or
 * `output.0`, `output.logits`... for a tree of results). Calls (`jit`, custom rules,
 * `checkpoint`) are inlined, `scan` unrolled, `cond` computed as a selection among its
 * branches. Shapes are fixed at the examples' shapes. A primitive without an ONNX form
 * (e.g. `threefry2x32`, `cholesky`, `whileLoop`) is an error naming it and its equation.
 * The model is valid ONNX for every dtype; ONNX Runtime's CPU kernels lack a few float64
 * forms (`Erf`, so exact `gelu` in float64 runs only elsewhere).
 * @example
 * ```ts
 * import { Tensor, decodeOnnxModel, exportOnnx, nn, random, softmax, zeros } from "purediff";
 * const net = nn.serial(nn.dense(16), nn.activation(nn.relu), nn.dense(10));
 * const [, params] = net.init(random.key(0), [-1, 784]);
 * const bytes = exportOnnx((x: Tensor) => softmax(net.apply(params, x), -1), zeros([1, 784]));
 * // in Python: onnxruntime.InferenceSession(bytes).run(None, {"arg0": images})
 * decodeOnnxModel(bytes).graph.input.map((i) => i.name); // => ["arg0"]
 * ```
 */
export function exportOnnx<Args extends unknown[]>(f: (...args: Args) => unknown, ...exampleArgs: Args): Uint8Array {
  if (typeof f !== "function") throw new Error(`exportOnnx: f must be a function, got ${typeof f}`);
  const { names: argNames, leaves, def } = namedLeaves("arg", exampleArgs);
  // `arg.0.W` reads better as `arg0.W`.
  const inputNames = argNames.map((n) => n.replace(/^arg\.(\d+)/, "arg$1"));
  const examples = leaves.map((x, i) => {
    if (typeof x === "number") return scalar(x);
    if (!isTensorLeaf(x)) throw new Error(`exportOnnx: argument leaf ${inputNames[i]} is not a tensor or number`);
    return x as Tensor;
  });
  const { jaxpr, result } = stage("exportOnnx", examples, (tracers) => f(...(unflattenUntyped(def, tracers) as Args)));
  const b = new GraphBuilder();
  const internal = lowerProgram(b, jaxpr, inputNames);
  const { names: outputNames } = namedLeaves("output", result);
  // Each output gets its own node, so an output that is an input, a constant or another output is still a distinct graph value.
  outputNames.forEach((name, i) => b.node("Identity", [internal[i]], {}, name));
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: "purediff",
    graph: {
      name: f.name === "" ? "purediff" : f.name,
      node: b.nodes,
      initializer: b.usedInitializers(),
      input: examples.map((x, i) => valueInfo(inputNames[i], x)),
      output: jaxpr.outputs.map((a: Atom, i) => valueInfo(outputNames[i], a.kind === "var" ? a.aval : a.value)),
    },
  });
}

/**
 * Writes the ONNX model of `f` staged at `exampleArgs` (see {@link exportOnnx}) to `path`,
 * atomically, or returns a `Left` with the staging or I/O error.
 * @example
 * ```ts
 * import { Tensor, nn, random, saveOnnxE, zeros } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * saveOnnxE(join(tmpdir(), "mlp.onnx"), (x: Tensor) => net.apply(params, x), zeros([1, 4]))._tag; // => "Right"
 * ```
 */
export function saveOnnxE<Args extends unknown[]>(path: string, f: (...args: Args) => unknown, ...exampleArgs: Args): Either<Error, void> {
  const bytes = exportOnnxE(f, ...exampleArgs);
  return isLeft(bytes) ? bytes : writeAtomically(`saveOnnx ${path}`, path, bytes.right);
}

/**
 * Writes the ONNX model of `f` staged at `exampleArgs` (see {@link exportOnnx}) to `path`.
 * @example
 * ```ts
 * import { Tensor, nn, random, saveOnnx, zeros } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * saveOnnx(join(tmpdir(), "mlp.onnx"), (x: Tensor) => net.apply(params, x), zeros([1, 4]));
 * ```
 */
export function saveOnnx<Args extends unknown[]>(path: string, f: (...args: Args) => unknown, ...exampleArgs: Args): void {
  const saved = saveOnnxE(path, f, ...exampleArgs);
  if (isLeft(saved)) throw saved.left;
}
