import { inspectSymbol } from "../tensor/inspect";
import type { Tensor } from "../tensor/tensor";
import type { DType } from "../tensor/dtype";
import type { Aval, PrimitiveName, PrimitiveParams } from "./primitive";

/** A variable of the IR: a name and an abstract value. */
export interface Var {
  readonly kind: "var";
  readonly id: number;
  readonly aval: Aval;
}

/** A constant baked into the IR (a concrete tensor, or a value from an outer transform). */
export interface Literal {
  readonly kind: "literal";
  readonly value: Tensor;
}

/** An operand of an equation. */
export type Atom = Var | Literal;

/** One primitive application: `out = name[params] inputs`. */
export interface Eqn<K extends PrimitiveName = PrimitiveName> {
  readonly primitive: K;
  readonly params: PrimitiveParams[K];
  readonly inputs: readonly Atom[];
  readonly out: Var;
}

const shortDType: Record<DType, string> = { float32: "f32", float64: "f64", int32: "i32", uint32: "u32", bool: "bool" };

/** `a`, `b`, …, `z`, `ba`, `bb`, … as JAX prints variables. */
function varName(id: number): string {
  let name = "";
  let n = id;
  do {
    name = String.fromCharCode(97 + (n % 26)) + name;
    n = Math.floor(n / 26);
  } while (n > 0);
  return name;
}

function showAtom(a: Atom): string {
  if (a.kind === "var") return varName(a.id);
  const t = a.value;
  return t.size === 1 && t.shape.length === 0 && !("trace" in t) ? String(t.item()) : `const:${shortDType[t.dtype]}[${t.shape.join(",")}]`;
}

function showParams(params: object): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return "";
  return `[${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`).join(" ")}]`;
}

/**
 * A staged program: typed inputs, a list of primitive equations and outputs, as
 * `makeJaxpr` and `jit` build it. Prints as JAX prints its jaxprs.
 */
export class Jaxpr {
  constructor(
    readonly inputs: readonly Var[],
    readonly eqns: readonly Eqn[],
    readonly outputs: readonly Atom[],
  ) {}

  /** The IR as text. */
  toString(): string {
    const typed = (v: Var) => `${varName(v.id)}:${shortDType[v.aval.dtype]}[${v.aval.shape.join(",")}]`;
    const lines = this.eqns.map((e) => `    ${typed(e.out)} = ${e.primitive}${showParams(e.params)} ${e.inputs.map(showAtom).join(" ")}`);
    return [`{ lambda ; ${this.inputs.map(typed).join(" ")}. let`, ...lines, `  in (${this.outputs.map(showAtom).join(", ")}) }`].join("\n");
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
