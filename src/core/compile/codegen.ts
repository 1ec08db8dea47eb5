import type { Atom, Var } from "../jaxpr";
import type { FusedGroup } from "./fusion";
import type { DType } from "../../tensor/dtype";
import { elementExpression } from "./fusion";
import type { TypedArray } from "../../tensor/dtype";
import { float32Math } from "../../tensor/kernels/vector-math-scalar";

/** A generated loop: reads `inputs` (full arrays or one-element scalars), writes `outputs`, returns the reductions. */
export type FusedKernel = (inputs: readonly TypedArray[], outputs: readonly TypedArray[], n: number) => number[];

/** The group's inputs: atoms read but not defined inside it. */
export function groupInputs(group: FusedGroup): Atom[] {
  const defined = new Set(group.eqns.map((e) => e.out.id));
  const seen = new Set<Atom | number>();
  const inputs: Atom[] = [];
  for (const e of [...group.eqns, ...group.reductions]) {
    for (const a of e.inputs) {
      const key = a.kind === "var" ? a.id : a;
      if ((a.kind === "var" && defined.has(a.id)) || seen.has(key)) continue;
      seen.add(key);
      inputs.push(a);
    }
  }
  return inputs;
}

/** An element's value as its kernel would store it: float32 rounded, integers wrapped to 32 bits. */
function stored(expr: string, dtype: DType): string {
  switch (dtype) {
    case "float32":
      return `Math.fround(${expr})`;
    case "int32":
      return `(${expr} | 0)`;
    case "uint32":
      return `(${expr} >>> 0)`;
    default:
      return expr;
  }
}

/**
 * Generates one loop for a fused group. Every step's value is stored as a kernel would
 * store it (float32 rounded with Math.fround, int32 and uint32 wrapped to 32 bits), so
 * fused and unfused programs agree bit for bit.
 */
export function generateKernel(group: FusedGroup, inputs: readonly Atom[], outputs: readonly Var[]): FusedKernel {
  const names = new Map<Atom | number, string>();
  const header: string[] = [];
  inputs.forEach((a, i) => {
    const size = (a.kind === "var" ? a.aval.shape : a.value.shape).reduce((n, d) => n * d, 1);
    header.push(`const in${i} = inputs[${i}];`);
    const key = a.kind === "var" ? a.id : a;
    if (size === 1) {
      header.push(`const s${i} = in${i}[0];`);
      names.set(key, `s${i}`);
    } else if (size === group.size) {
      names.set(key, `in${i}[i]`);
    } else {
      // A row repeated along leading axes: element i reads i mod its size.
      names.set(key, `in${i}[i % ${size}]`);
    }
  });
  outputs.forEach((_, i) => header.push(`const out${i} = outputs[${i}];`));
  const name = (a: Atom): string => names.get(a.kind === "var" ? a.id : a) as string;
  const body: string[] = [];
  for (const e of group.eqns) {
    const local = `v${e.out.id}`;
    body.push(`const ${local} = ${stored(elementExpression(e, e.inputs.map(name)) as string, e.out.aval.dtype)};`);
    names.set(e.out.id, local);
  }
  outputs.forEach((v, i) => body.push(`out${i}[i] = ${names.get(v.id)};`));
  const accs = group.reductions.map((_, k) => `acc${k}`);
  group.reductions.forEach((r, k) => body.push(`${accs[k]} += ${name(r.inputs[0])};`));
  const source = [
    ...header,
    // Sums start at +0 as the reduce kernel's do; over one element the kernel copies it (−0 stays −0), which −0 + x gives.
    ...accs.map((a) => `let ${a} = ${group.size === 1 ? "-0" : "0"};`),
    "for (let i = 0; i < n; i++) {",
    ...body.map((l) => `  ${l}`),
    "}",
    `return [${accs.join(", ")}];`,
  ].join("\n");
  // `math` holds the float32 math functions the float32 element expressions call.
  const kernel = new Function("math", "inputs", "outputs", "n", source) as (math: typeof float32Math, ...rest: Parameters<FusedKernel>) => number[];
  return (inputs, outputs, n) => kernel(float32Math, inputs, outputs, n);
}
