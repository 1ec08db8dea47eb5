/**
 * ONNX export: a function staged at example arguments, written as an ONNX model that
 * ONNX Runtime (or any ONNX backend) runs.
 * @module
 */
import { isLeft, left, right, type Either } from "fp-ts/Either";
import { stage } from "../core/staging";
import { Tracer } from "../core/trace";
import { isTensorLeaf } from "../core/leaves";
import { eqnName, type Atom, type Jaxpr } from "../core/jaxpr";
import type { Aval } from "../core/primitive";
import { eliminateDeadCode } from "../core/compile/optimize";
import { scanPrimitive, type ScanParams } from "../core/higher-order/scan";
import { condPrimitive, type CondParams } from "../core/higher-order/cond";
import { scalar } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { flattenUntyped, unflattenUntyped } from "../tree/flatten";
import { leafKeyPaths } from "../tree/path";
import type { TreeDefNode } from "../tree/treedef";
import { writeAtomically } from "../train/persistence/atomic-write";
import { GraphBuilder, onnxElementType } from "./graph-builder";
import { encodeOnnxModel, type OnnxValueInfo } from "./onnx-schema";
import { onnxPrimitives, primitiveToOnnx, showAvals, type Lowering } from "./primitive-to-onnx";

/** The ONNX operator set exported models import (the default domain). */
export const ONNX_OPSET = 18;
/** The ONNX IR version of exported models. */
export const ONNX_IR_VERSION = 8;

/** A tree's leaves with their dotted path names (`output.layers.1.W`: `prefix`, then the keys), and its structure. */
function namedLeaves(prefix: string, tree: unknown): { readonly names: string[]; readonly leaves: unknown[]; readonly def: TreeDefNode } {
  const [leaves, def] = flattenUntyped(tree, isTensorLeaf);
  const names = leafKeyPaths(def).map((path) => [prefix, ...path.map((step) => String(step.key))].join("."));
  return { names, leaves, def };
}

/** The shape and dtype of an operand. */
const avalOf = (a: Atom): Aval => (a.kind === "var" ? a.aval : { shape: a.value.shape, dtype: a.value.dtype });

const valueInfo = (name: string, v: Aval): OnnxValueInfo => ({
  name,
  type: { tensorType: { elemType: onnxElementType(v.dtype), shape: { dim: v.shape.map((d) => ({ dimValue: d })) } } },
});

/** Names of the values of `jaxpr`'s variables, as its equations are lowered. */
type Names = Map<number, string>;

/**
 * `scan` unrolled: the body's nodes once per step (the sequence length is static), each
 * step's `xs` sliced from the stacked inputs, the `ys` stacked back by `Concat`.
 */
function unrollScan(b: GraphBuilder, p: ScanParams, args: readonly string[], outs: readonly Aval[]): string[] {
  const { jaxpr: body, consts, carry, length, reverse } = p;
  const constants = args.slice(0, consts);
  let state = args.slice(consts, consts + carry);
  const xs = args.slice(consts + carry);
  const steps: string[][] = new Array<string[]>(length);
  for (let step = 0; step < length; step++) {
    const t = reverse ? length - 1 - step : step;
    const slices = xs.map((x) => b.node("Squeeze", [b.node("Slice", [x, b.int64([t]), b.int64([t + 1]), b.int64([0])]), b.int64([0])]));
    const results = lowerProgram(b, body, [...constants, ...state, ...slices]);
    state = results.slice(0, carry);
    steps[t] = results.slice(carry);
  }
  const ys = outs.slice(carry).map((aval, i) =>
    length === 0 ? b.filled(0, aval.shape, aval.dtype) : b.node("Concat", steps.map((ysAt) => b.node("Unsqueeze", [ysAt[i], b.int64([0])])), { axis: 0 }),
  );
  return [...state, ...ys];
}

/**
 * `cond`/`switch` as a selection: every branch's nodes, the clamped index choosing each
 * output by `Where` (as JAX runs a conditional under `vmap`; branches are pure, and a
 * value of a branch not chosen is discarded).
 */
function selectBranches(b: GraphBuilder, { branches }: CondParams, [index, ...operands]: readonly string[]): string[] {
  const results = branches.map((branch) => lowerProgram(b, branch, operands));
  const last = branches.length - 1;
  // Indices below 0 take branch 0 and above the last take the last, as lax.switch clamps them.
  const chooses = branches.map((_, k) => (k === last ? "" : b.node(k === 0 ? "LessOrEqual" : "Equal", [index, b.filled(k, [], "int32")])));
  return results[last].map((_, i) => results.slice(0, last).reduceRight((chosen, r, k) => b.node("Where", [chooses[k], r[i], chosen]), results[last][i]));
}

/**
 * Adds the nodes of `program` (without its dead code) given the names of its input values and returns the names of
 * its outputs. Calls (jit, custom rules, checkpoint) are lowered through their programs,
 * `scan` unrolled, `cond` selected; `whileLoop` has no ONNX form here.
 */
function lowerProgram(b: GraphBuilder, program: Jaxpr, inputNames: readonly string[]): string[] {
  const jaxpr = eliminateDeadCode(program);
  const names: Names = new Map();
  jaxpr.inputs.forEach((v, i) => names.set(v.id, inputNames[i]));
  const read = (a: Atom): string => {
    if (a.kind === "var") return names.get(a.id) as string;
    if (a.value instanceof Tracer) throw new Error("the function closes over a value traced by an outer transform (call exportOnnx outside grad, jit, vmap...)");
    return b.literal(a.value);
  };
  jaxpr.eqns.forEach((e, index) => {
    const inputs = e.inputs.map(avalOf);
    const where = `equation ${index} (${eqnName(e)} of ${showAvals(inputs)})`;
    try {
      if (e.kind === "higherOrder") {
        const args = e.inputs.map(read);
        const inlined = e.primitive.inline?.(e.params);
        let outs: string[];
        if (inlined !== undefined) outs = lowerProgram(b, inlined, args);
        else if (e.primitive === scanPrimitive) outs = unrollScan(b, e.params as ScanParams, args, e.outs.map((v) => v.aval));
        else if (e.primitive === condPrimitive) outs = selectBranches(b, e.params as CondParams, args);
        else throw new Error(`the higher-order primitive ${e.primitive.name} has no ONNX form; supported: ${onnxPrimitives.join(", ")}; calls (jit, customJvp, customVjp, checkpoint), inlined; scan, unrolled; cond, selected`);
        e.outs.forEach((v, i) => names.set(v.id, outs[i]));
        return;
      }
      const lowering = primitiveToOnnx[e.primitive] as Lowering<unknown> | undefined;
      if (lowering === undefined) throw new Error(`the primitive ${e.primitive} has no ONNX form; supported: ${onnxPrimitives.join(", ")}`);
      names.set(e.out.id, lowering(b, e.inputs.map(read), e.params, { inputs, out: e.out.aval }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // An error from a sub-program already names its equation: prefix this one's.
      throw new Error(message.startsWith("exportOnnx: ") ? `exportOnnx: ${where}: ${message.slice("exportOnnx: ".length)}` : `exportOnnx: ${where}: ${message}`);
    }
  });
  return jaxpr.outputs.map((a) => {
    try {
      return read(a);
    } catch (err) {
      throw new Error(`exportOnnx: output: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/**
 * The ONNX model (opset 18, IR version 8) of `f` staged at `exampleArgs`, or a `Left`
 * naming the equation whose primitive has no ONNX form. See {@link exportOnnx}.
 * @example
 * const model = exportOnnxE((x: Tensor) => relu(x), ones([2, 3])); // Right(Uint8Array)
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
 * (e.g. `threefry2x32`, `cholesky`, `whileLoop`) is an error naming it and its equation. The model is valid ONNX for every dtype; ONNX Runtime's CPU kernels
 * lack a few float64 forms (`Erf`, so exact `gelu` in float64 runs only elsewhere).
 * @example
 * const [, params] = net.init(random.key(0), [-1, 784]);
 * const bytes = exportOnnx((x: Tensor) => softmax(net.apply(params, x), -1), zeros([1, 784]));
 * // in Python: onnxruntime.InferenceSession(bytes).run(None, {"arg0": images})
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
      output: jaxpr.outputs.map((a, i) => valueInfo(outputNames[i], avalOf(a))),
    },
  });
}

/**
 * Writes the ONNX model of `f` staged at `exampleArgs` (see {@link exportOnnx}) to `path`,
 * atomically, or returns a `Left` with the staging or I/O error.
 * @example
 * saveOnnxE("mlp.onnx", (x: Tensor) => net.apply(params, x), zeros([1, 4])); // Right(undefined)
 */
export function saveOnnxE<Args extends unknown[]>(path: string, f: (...args: Args) => unknown, ...exampleArgs: Args): Either<Error, void> {
  const bytes = exportOnnxE(f, ...exampleArgs);
  return isLeft(bytes) ? bytes : writeAtomically(`saveOnnx ${path}`, path, bytes.right);
}

/**
 * Writes the ONNX model of `f` staged at `exampleArgs` (see {@link exportOnnx}) to `path`.
 * @example
 * saveOnnx("mlp.onnx", (x: Tensor) => net.apply(params, x), zeros([1, 4]));
 */
export function saveOnnx<Args extends unknown[]>(path: string, f: (...args: Args) => unknown, ...exampleArgs: Args): void {
  const saved = saveOnnxE(path, f, ...exampleArgs);
  if (isLeft(saved)) throw saved.left;
}
