import { inspectSymbol } from "../tensor/inspect";
import type { Tensor } from "../tensor/tensor";
import type { DType } from "../tensor/dtype";
import type { Aval, PrimitiveName, PrimitiveParams } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";

/** A variable of the IR: a name and an abstract value. */
export interface Var {
  readonly kind: "var";
  readonly id: number;
  readonly aval: Aval;
}

/** A constant baked into the IR (a concrete tensor). */
export interface Literal {
  readonly kind: "literal";
  readonly value: Tensor;
}

/** An operand of an equation. */
export type Atom = Var | Literal;

/** One first-order primitive application: `out = name[params] inputs`. */
export interface PrimitiveEqn<K extends PrimitiveName = PrimitiveName> {
  readonly kind: "primitive";
  readonly primitive: K;
  readonly params: PrimitiveParams[K];
  readonly inputs: readonly Atom[];
  readonly out: Var;
}

/**
 * One application of a higher-order primitive (a call, a custom rule, a loop, a
 * conditional): it carries sub-programs in its params and may have several outputs.
 */
export interface HigherOrderEqn<P = unknown> {
  readonly kind: "higherOrder";
  readonly primitive: HigherOrderPrimitive<P>;
  readonly params: P;
  readonly inputs: readonly Atom[];
  readonly outs: readonly Var[];
}

/** An equation of the IR. */
export type Eqn = PrimitiveEqn | HigherOrderEqn;

/** The variables an equation defines. */
export const eqnOutputs = (e: Eqn): readonly Var[] => (e.kind === "primitive" ? [e.out] : e.outs);

/** The name an equation prints with. */
export const eqnName = (e: Eqn): string => (e.kind === "primitive" ? e.primitive : e.primitive.name);

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

function showLiteral(a: Literal): string {
  const t = a.value;
  return t.size === 1 && t.shape.length === 0 && !("trace" in t) ? String(t.item()) : `const:${shortDType[t.dtype]}[${t.shape.join(",")}]`;
}

const isJaxprList = (v: unknown): v is readonly Jaxpr[] => Array.isArray(v) && v.length > 0 && v.every((j) => j instanceof Jaxpr);

function showParams(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => !(v instanceof Jaxpr) && !isJaxprList(v) && typeof v !== "function");
  if (entries.length === 0) return "";
  return `[${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`).join(" ")}]`;
}

/**
 * A staged program: typed inputs, a list of primitive equations and outputs, as
 * `makeJaxpr` and `jit` build it. Higher-order equations hold sub-programs, printed
 * indented under them. Prints as JAX prints its jaxprs.
 */
export class Jaxpr {
  constructor(
    readonly inputs: readonly Var[],
    readonly eqns: readonly Eqn[],
    readonly outputs: readonly Atom[],
  ) {}

  /** An id no variable of this program uses (one above the largest), for adding variables to it. */
  nextVarId(): number {
    let max = -1;
    for (const v of this.inputs) max = Math.max(max, v.id);
    for (const e of this.eqns) for (const v of eqnOutputs(e)) max = Math.max(max, v.id);
    return max + 1;
  }

  /** The IR as text. */
  toString(): string {
    return this.lines("").join("\n");
  }

  private lines(indent: string): string[] {
    // Variables are named in order of definition, inputs first, as JAX prints them.
    const names = new Map<number, string>();
    const name = (v: Var) => {
      let n = names.get(v.id);
      if (n === undefined) names.set(v.id, (n = varName(names.size)));
      return n;
    };
    const typed = (v: Var) => `${name(v)}:${shortDType[v.aval.dtype]}[${v.aval.shape.join(",")}]`;
    const atom = (a: Atom) => (a.kind === "var" ? name(a) : showLiteral(a));
    const header = `${indent}{ lambda ; ${this.inputs.map(typed).join(" ")}. let`;
    const body: string[] = [];
    for (const e of this.eqns) {
      const inputs = e.inputs.map(atom).join(" ");
      const outs = eqnOutputs(e).map(typed).join(" ");
      body.push(`${indent}    ${outs} = ${eqnName(e)}${showParams(e.params as object)} ${inputs}`);
      for (const [key, value] of Object.entries(e.params as object)) {
        const subs = value instanceof Jaxpr ? [value] : isJaxprList(value) ? value : [];
        subs.forEach((sub, i) => {
          body.push(`${indent}      ${key}${subs.length > 1 ? `[${i}]` : ""}=`);
          body.push(...sub.lines(`${indent}      `));
        });
      }
    }
    return [header, ...body, `${indent}  in (${this.outputs.map(atom).join(", ")}) }`];
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
