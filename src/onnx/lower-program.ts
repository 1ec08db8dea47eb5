/**
 * A staged program as ONNX nodes: each equation through its primitive's ONNX form, calls
 * through their programs, `scan` unrolled, `cond` as a selection among its branches.
 * @module
 */
import { Tracer } from "../core/trace";
import { eqnName, type Atom, type Jaxpr } from "../core/jaxpr";
import type { Aval } from "../core/primitive";
import { eliminateDeadCode } from "../core/compile/optimize";
import { scanPrimitive, type ScanParams } from "../core/higher-order/scan";
import { condPrimitive, type CondParams } from "../core/higher-order/cond";
import type { GraphBuilder } from "./graph-builder";
import { onnxPrimitives, primitiveToOnnx, showAvals, type Lowering } from "./primitive-to-onnx";

/** The shape and dtype of an operand. */
const avalOf = (a: Atom): Aval => (a.kind === "var" ? a.aval : { shape: a.value.shape, dtype: a.value.dtype });

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
    length === 0
      ? b.filled(0, aval.shape, aval.dtype)
      : b.node(
          "Concat",
          steps.map((ysAt) => b.node("Unsqueeze", [ysAt[i], b.int64([0])])),
          { axis: 0 },
        ),
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
  const chooses = branches.slice(0, last).map((_, k) => b.node(k === 0 ? "LessOrEqual" : "Equal", [index, b.filled(k, [], "int32")]));
  return results[last].map((_, i) => results.slice(0, last).reduceRight((chosen, r, k) => b.node("Where", [chooses[k], r[i], chosen]), results[last][i]));
}

/**
 * Adds the nodes of `program` (without its dead code) given the names of its input
 * values and returns the names of its outputs. Calls (jit, custom rules, checkpoint) are lowered through their programs,
 * `scan` unrolled, `cond` selected; `whileLoop` has no ONNX form here.
 */
export function lowerProgram(b: GraphBuilder, program: Jaxpr, inputNames: readonly string[]): string[] {
  const jaxpr = eliminateDeadCode(program);
  const names: Names = new Map();
  jaxpr.inputs.forEach((v, i) => names.set(v.id, inputNames[i]));
  const read = (a: Atom): string => {
    if (a.kind === "var") return names.get(a.id) as string;
    if (a.value instanceof Tracer)
      throw new Error("the function closes over a value traced by an outer transform (call exportOnnx outside grad, jit, vmap...)");
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
        else if (e.primitive === scanPrimitive)
          outs = unrollScan(
            b,
            e.params as ScanParams,
            args,
            e.outs.map((v) => v.aval),
          );
        else if (e.primitive === condPrimitive) outs = selectBranches(b, e.params as CondParams, args);
        else
          throw new Error(
            `the higher-order primitive ${e.primitive.name} has no ONNX form; supported: ${onnxPrimitives.join(", ")}; calls (jit, customJvp, customVjp, checkpoint), inlined; scan, unrolled; cond, selected`,
          );
        e.outs.forEach((v, i) => names.set(v.id, outs[i]));
        return;
      }
      const lowering = primitiveToOnnx[e.primitive] as Lowering<unknown> | undefined;
      if (lowering === undefined) throw new Error(`the primitive ${e.primitive} has no ONNX form; supported: ${onnxPrimitives.join(", ")}`);
      names.set(e.out.id, lowering(b, e.inputs.map(read), e.params, { inputs, out: e.out.aval }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // An error from a sub-program already names its equation: prefix this one's.
      throw new Error(
        message.startsWith("exportOnnx: ") ? `exportOnnx: ${where}: ${message.slice("exportOnnx: ".length)}` : `exportOnnx: ${where}: ${message}`,
      );
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
