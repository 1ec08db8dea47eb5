import type { Tensor } from "../tensor/tensor";
import { Trace, Tracer, callTraced, withTrace } from "./trace";
import { bind, bindHigherOrder, ruleOf } from "./bind";
import type { Aval, PrimitiveName, PrimitiveParams } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";
import { Jaxpr, type Atom, type Eqn, type Var } from "./jaxpr";
import { flatten, unflatten } from "../tree";
import { isTensorLeaf } from "./leaves";
import { scalar } from "../tensor/create";

/** A value inside `jit`/`makeJaxpr`: a variable of the program being built. */
export class StagingTracer extends Tracer {
  readonly variable: Var;

  constructor(trace: StagingTrace, variable: Var) {
    super(trace, variable.aval.shape, variable.aval.dtype);
    this.variable = variable;
  }

  primalValue(): undefined {
    return undefined;
  }
}

/** Records each primitive applied to its tracers as an equation; constants become literals. */
export class StagingTrace extends Trace {
  override readonly stagesConstants = true;
  readonly eqns: Eqn[] = [];
  private nextId = 0;

  newVar(aval: Aval): Var {
    return { kind: "var", id: this.nextId++, aval: { shape: aval.shape, dtype: aval.dtype } };
  }

  atomOf(x: Tensor): Atom {
    return this.own<StagingTracer>(x)?.variable ?? { kind: "literal", value: x };
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    const out = this.newVar(ruleOf(name).abstractEval(inputs, params));
    this.eqns.push({ kind: "primitive", primitive: name, params, inputs: inputs.map((x) => this.atomOf(x)), out } as Eqn);
    return new StagingTracer(this, out);
  }

  processHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[] {
    const outs = primitive.abstractEval(inputs, params).map((aval) => this.newVar(aval));
    this.eqns.push({ kind: "higherOrder", primitive, params, inputs: inputs.map((x) => this.atomOf(x)), outs } as Eqn);
    return outs.map((v) => new StagingTracer(this, v));
  }
}

/** Stages `run` on tracers standing for `leaves`: the program, what `run` returned, and its output tensors. */
export function stage(transform: string, leaves: readonly Aval[], run: (tracers: Tensor[]) => unknown): { jaxpr: Jaxpr; result: unknown; outputs: Tensor[] } {
  return withTrace(
    (level) => new StagingTrace(level, transform),
    (trace) => {
      const inputs = leaves.map((x) => trace.newVar(x));
      const result = callTraced(transform, run, [inputs.map((v) => new StagingTracer(trace, v))]);
      const [outLeaves] = flatten(result, isTensorLeaf);
      const outputs = outLeaves.map((y, i) => {
        if (typeof y === "number") return scalar(y);
        if (!isTensorLeaf(y)) throw new Error(`${transform}: output leaf ${i} is not a tensor`);
        return y as Tensor;
      });
      return {
        jaxpr: new Jaxpr(
          inputs,
          trace.eqns.slice(),
          outputs.map((y) => trace.atomOf(y)),
        ),
        result,
        outputs,
      };
    },
  );
}

/** Runs a staged program on arguments (concrete or traced by an outer transform). */
export function evalJaxpr(jaxpr: Jaxpr, args: readonly Tensor[]): Tensor[] {
  const env = new Map<number, Tensor>();
  jaxpr.inputs.forEach((v, i) => env.set(v.id, args[i]));
  const read = (a: Atom): Tensor => (a.kind === "literal" ? a.value : (env.get(a.id) as Tensor));
  for (const e of jaxpr.eqns) {
    if (e.kind === "primitive") env.set(e.out.id, bind(e.primitive, e.inputs.map(read), e.params));
    else bindHigherOrder(e.primitive, e.inputs.map(read), e.params).forEach((y, i) => env.set(e.outs[i].id, y));
  }
  return jaxpr.outputs.map(read);
}

/** A closed program: its free values of outer transforms lifted into leading inputs. */
export interface ClosedProgram {
  /** Inputs: one per entry of `consts`, then one per argument. */
  readonly jaxpr: Jaxpr;
  /** Values of outer transforms the function closed over, to pass as the leading inputs. */
  readonly consts: Tensor[];
  /** What the traced function returned. */
  readonly result: unknown;
}

/**
 * Stages `run` on tracers of the given shapes and dtypes and closes the program over the
 * values of outer transforms it captured (JAX's closure conversion): each becomes a
 * leading input, so the primitive carrying the program hands them to those transforms.
 */
export function traceToJaxpr(transform: string, avals: readonly Aval[], run: (tracers: Tensor[]) => unknown): ClosedProgram {
  const { jaxpr, result } = stage(transform, avals, run);
  let nextId = jaxpr.nextVarId();
  const lifted = new Map<Tensor, Var>();
  const lift = (a: Atom): Atom => {
    if (a.kind === "var" || !(a.value instanceof Tracer)) return a;
    let v = lifted.get(a.value);
    if (v === undefined) {
      v = { kind: "var", id: nextId++, aval: { shape: a.value.shape, dtype: a.value.dtype } };
      lifted.set(a.value, v);
    }
    return v;
  };
  const eqns = jaxpr.eqns.map((e) => ({ ...e, inputs: e.inputs.map(lift) }) as Eqn);
  const outputs = jaxpr.outputs.map(lift);
  if (lifted.size === 0) return { jaxpr, consts: [], result };
  return { jaxpr: new Jaxpr([...lifted.values(), ...jaxpr.inputs], eqns, outputs), consts: [...lifted.keys()], result };
}

/**
 * The IR of `f` at the shapes and dtypes of `args`: a printable, typed program of
 * primitives (JAX's `make_jaxpr`).
 * @example
 * ```ts
 * import { Tensor, makeJaxpr, mul, ones, sum } from "purediff";
 * console.log(makeJaxpr((x: Tensor) => sum(mul(x, 2)))(ones([3])).toString());
 * // { lambda ; a:f32[3]. let
 * //     b:f32[3] = mul a 2
 * //     c:f32[] = reduceSum[axes=[0]] b
 * //   in (c) }
 * ```
 */
export function makeJaxpr<Args extends unknown[]>(f: (...args: Args) => unknown): (...args: Args) => Jaxpr {
  return (...args: Args) => {
    const [leaves, def] = flatten(args, isTensorLeaf);
    const tensors = leaves.map((x, i) => {
      if (typeof x === "number") return scalar(x);
      if (!isTensorLeaf(x)) throw new Error(`makeJaxpr: argument leaf ${i} is not a tensor or number`);
      return x as Tensor;
    });
    return stage("makeJaxpr", tensors, (tracers) => {
      const rebuilt = unflatten(def, tracers) as Args;
      return f(...rebuilt);
    }).jaxpr;
  };
}
