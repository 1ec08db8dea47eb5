import type { Tensor } from "../tensor/tensor";
import type { ConcreteTensor } from "../tensor/concrete";
import type { PrimitiveName, PrimitiveParams, RuleTable } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";
import { innermostTrace, topTrace, type Trace } from "./trace";

/**
 * The rule table as a Map: looking a name up in a Map stays fast for a hundred-odd
 * names, where a keyed load from a large object literal is a slow generic lookup, and
 * every primitive application makes one.
 */
let table: Map<string, RuleTable[PrimitiveName]> | undefined;

/** Installs the rule table (done once by `primitives/index`). */
export function registerRules(rules: RuleTable): void {
  table = new Map(Object.entries(rules));
}

/** The rules of one primitive. */
export function ruleOf<K extends PrimitiveName>(name: K): RuleTable[K] {
  if (table === undefined) throw new Error(`purediff: primitive rules are not loaded (import from "purediff")`);
  return table.get(name) as RuleTable[K];
}

/**
 * Applies a primitive: to the innermost transform tracing one of the inputs, or to the
 * kernel when all inputs are concrete. Every user-facing op ends here.
 */
export function bind<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
  const trace = traceFor(name, inputs);
  if (trace !== undefined) return trace.process(name, inputs, params);
  return evaluate(name, inputs as readonly ConcreteTensor[], params);
}

/** True when applying a primitive to `inputs` would go to a transform rather than to a kernel. */
export function isTraced(op: string, inputs: readonly Tensor[]): boolean {
  return traceFor(op, inputs) !== undefined;
}

/**
 * The trace that applies a primitive to `inputs`: the innermost staging trace when it
 * was opened inside every transform the inputs belong to (it stages even operations on
 * constants and on values of enclosing transforms, which become inputs of its program:
 * a loop body computing from an outer value alone), otherwise the highest trace among
 * the inputs, or none when all are concrete.
 */
function traceFor(op: string, inputs: readonly Tensor[]): Trace | undefined {
  const top = topTrace(op, inputs);
  const inner = innermostTrace();
  return inner?.stagesConstants && (top === undefined || inner.level > top.level) ? inner : top;
}

/** Runs a primitive's kernel on concrete inputs, after checking them. */
export function evaluate<K extends PrimitiveName>(name: K, inputs: readonly ConcreteTensor[], params: PrimitiveParams[K]): ConcreteTensor {
  const rule = ruleOf(name);
  const out = rule.abstractEval(inputs, params);
  return rule.impl(inputs, params, out);
}

/**
 * Applies a higher-order primitive: to the innermost transform tracing one of the
 * inputs (through that interpreter's rule), or to its implementation when all inputs
 * are concrete.
 */
export function bindHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[] {
  const trace = traceFor(primitive.name, inputs);
  if (trace !== undefined) return trace.processHigherOrder(primitive, inputs, params);
  primitive.abstractEval(inputs, params);
  return primitive.impl(inputs as readonly ConcreteTensor[], params);
}
