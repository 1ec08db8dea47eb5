import type { Tensor } from "../tensor/tensor";
import { zerosLike } from "../tensor/create";
import { sameShape, showShape } from "../tensor/shape";
import { Trace, Tracer, callTraced, withTrace } from "./trace";
import { bind, ruleOf } from "./bind";
import type { PrimitiveName, PrimitiveParams } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";
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

  /** The value of `x` one level down (constants are their own value). */
  primalOf(x: Tensor): Tensor {
    return this.own<JvpTracer>(x)?.primal ?? x;
  }

  /** The tangent of `x` at this level (`null` for constants). */
  tangentOf(x: Tensor): Tensor | null {
    return this.own<JvpTracer>(x)?.tangent ?? null;
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    const primals = inputs.map((x) => this.primalOf(x));
    const tangents = inputs.map((x) => this.tangentOf(x));
    const out = bind(name, primals, params);
    const tangent = ruleOf(name).jvp(primals, tangents, params, out);
    if (tangent === null) return out;
    if (!sameShape(tangent.shape, out.shape)) {
      throw new Error(`jvp rule of ${name}: tangent shape ${showShape(tangent.shape)} differs from output shape ${showShape(out.shape)}`);
    }
    return new JvpTracer(this, out, tangent);
  }

  processHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[] {
    const [outs, tangents] = primitive.jvp(
      inputs.map((x) => this.primalOf(x)),
      inputs.map((x) => this.tangentOf(x)),
      params,
    );
    return outs.map((y, i) => {
      const t = tangents[i];
      return t === null ? y : new JvpTracer(this, y, t);
    });
  }
}

/**
 * Forward mode on flat lists, for rules of higher-order primitives: runs `f` on primals
 * carrying tangents (`null` is a zero) and returns its outputs and their tangents
 * (`null` where the output does not depend on any tangent).
 */
export function jvpFlat(f: (xs: Tensor[]) => Tensor[], primals: readonly Tensor[], tangents: readonly (Tensor | null)[]): [Tensor[], (Tensor | null)[]] {
  return withTrace(
    (level) => new JvpTrace(level),
    (trace) => {
      const inputs = primals.map((x, i) => {
        const t = tangents[i];
        return t === null ? x : new JvpTracer(trace, x, t);
      });
      const outs = callTraced("jvp", f, [inputs]);
      return [outs.map((y) => trace.primalOf(y)), outs.map((y) => trace.tangentOf(y))];
    },
  );
}

/**
 * Forward-mode derivative: evaluates `f(...primals)` and the directional derivative
 * along `tangents` (trees matching `primals`), in one pass.
 * @example
 * ```ts
 * import { Tensor, jvp, mul, scalar } from "purediff";
 * const [y, dy] = jvp((x: Tensor) => mul(x, x), [scalar(3)], [scalar(1)]);
 * // y = 9, dy = 6
 * ```
 */
export function jvp<Args extends readonly unknown[], R>(f: (...args: Args) => R, primals: Args, tangents: { readonly [I in keyof Args]: Args[I] }): [R, R] {
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
      const primalOut = out.leaves.map((y) => trace.primalOf(y));
      const tangentOut = out.leaves.map((y) => trace.tangentOf(y) ?? zerosLike(y));
      return [rebuild<R>(out.def, primalOut), rebuild<R>(out.def, tangentOut)];
    },
  );
}
