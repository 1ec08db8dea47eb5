import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor } from "../tensor/concrete";
import type { PrimitiveName, PrimitiveParams, RuleTable } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";
import { innermostTrace, topTrace } from "./trace";

let table: RuleTable | undefined;

/** Installs the rule table (done once by `primitives/index`). */
export function registerRules(rules: RuleTable): void {
  table = rules;
}

/** The rules of one primitive. */
export function ruleOf<K extends PrimitiveName>(name: K): RuleTable[K] {
  if (table === undefined) throw new Error(`purediff: primitive rules are not loaded (import from "purediff")`);
  return table[name];
}

/**
 * Applies a primitive: to the innermost transform tracing one of the inputs, or to the
 * kernel when all inputs are concrete. Every user-facing op ends here.
 */
export function bind<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
  const trace = topTrace(name, inputs) ?? stagingConstants();
  if (trace !== undefined) return trace.process(name, inputs, params);
  return evaluate(name, inputs as readonly ConcreteTensor[], params);
}

/** True when applying a primitive to `inputs` would go to a transform rather than to a kernel. */
export function isTraced(op: string, inputs: readonly Tensor[]): boolean {
  return (topTrace(op, inputs) ?? stagingConstants()) !== undefined;
}

function stagingConstants() {
  const inner = innermostTrace();
  return inner?.stagesConstants ? inner : undefined;
}

/** Runs a primitive's kernel on concrete inputs, after checking them. */
export function evaluate<K extends PrimitiveName>(
  name: K,
  inputs: readonly ConcreteTensor[],
  params: PrimitiveParams[K],
): ConcreteTensor {
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
  const trace = topTrace(primitive.name, inputs) ?? stagingConstants();
  if (trace !== undefined) return trace.processHigherOrder(primitive, inputs, params);
  primitive.abstractEval(inputs, params);
  return primitive.impl(inputs as readonly ConcreteTensor[], params);
}
