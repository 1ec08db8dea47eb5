import { Tensor } from "../tensor/tensor";
import { zerosLike } from "../tensor/create";
import { sameShape, showShape } from "../tensor/shape";
import { Trace, Tracer, callTraced, withTrace } from "./trace";
import { bind, ruleOf } from "./bind";
import type { PrimitiveName, PrimitiveParams } from "./primitive";
import { flattenDifferentiable, flattenOutputs, rebuild } from "./leaves";
import { equalDefs, show } from "../tree";

/** A value inside `jvp`: its primal and its tangent. */
export class JvpTracer extends Tracer {
  readonly primal: Tensor;
  readonly tangent: Tensor;

  constructor(trace: JvpTrace, primal: Tensor, tangent: Tensor) {
    super(trace, primal.shape, primal.dtype);
    this.primal = primal;
    this.tangent = tangent;
  }

  primalValue(): Tensor {
    return this.primal;
  }
}

/** Forward mode: each primitive pushes tangents through its JVP rule. */
export class JvpTrace extends Trace {
  constructor(level: number) {
    super(level, "jvp");
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    const primals = inputs.map((x) => (x instanceof JvpTracer && x.trace === this ? x.primal : x));
    const tangents = inputs.map((x) => (x instanceof JvpTracer && x.trace === this ? x.tangent : null));
    const out = bind(name, primals, params);
    const tangent = ruleOf(name).jvp(primals, tangents, params, out);
    if (tangent === null) return out;
    if (!sameShape(tangent.shape, out.shape)) {
      throw new Error(`jvp rule of ${name}: tangent shape ${showShape(tangent.shape)} differs from output shape ${showShape(out.shape)}`);
    }
    return new JvpTracer(this, out, tangent);
  }
}

/**
 * Forward-mode derivative: evaluates `f(...primals)` and the directional derivative
 * along `tangents` (trees matching `primals`), in one pass.
 * @example
 * const [y, dy] = jvp((x: Tensor) => mul(x, x), [scalar(3)], [scalar(1)]);
 * // y = 9, dy = 6
 */
export function jvp<Args extends readonly unknown[], R>(
  f: (...args: Args) => R,
  primals: Args,
  tangents: { readonly [I in keyof Args]: Args[I] },
): [R, R] {
  return withTrace(
    (level) => new JvpTrace(level),
    (trace) => {
      const args = primals.map((p, i) => {
        const flatP = flattenDifferentiable("jvp", `primals[${i}]`, p);
        const flatT = flattenDifferentiable("jvp", `tangents[${i}]`, tangents[i]);
        if (!equalDefs(flatP.def, flatT.def)) {
          throw new Error(`jvp: tangents[${i}] has structure ${show(flatT.def)} but primals[${i}] has ${show(flatP.def)}`);
        }
        const wrapped = flatP.leaves.map((x, j) => {
          const t = flatT.leaves[j];
          if (!sameShape(x.shape, t.shape) || x.dtype !== t.dtype) {
            throw new Error(`jvp: tangent leaf ${j} of argument ${i} has shape ${showShape(t.shape)} ${t.dtype}, primal has ${showShape(x.shape)} ${x.dtype}`);
          }
          return new JvpTracer(trace, x, t);
        });
        return rebuild(flatP.def, wrapped);
      }) as unknown as Args;
      const out = flattenOutputs("jvp", callTraced("jvp", f, args));
      const primalOut = out.leaves.map((y) => (y instanceof JvpTracer && y.trace === trace ? y.primal : y));
      const tangentOut = out.leaves.map((y) => (y instanceof JvpTracer && y.trace === trace ? y.tangent : zerosLike(y)));
      return [rebuild<R>(out.def, primalOut), rebuild<R>(out.def, tangentOut)];
    },
  );
}
