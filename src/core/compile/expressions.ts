import type { PrimitiveName } from "../primitive";

/** A scalar JavaScript expression for one element of a primitive, from its operands' names. */
export type ElementExpression = (args: readonly string[], params: Readonly<Record<string, unknown>>) => string;

const call = (fn: string): ElementExpression => ([a]) => `Math.${fn}(${a})`;
const infix = (op: string): ElementExpression => ([a, b]) => `(${a} ${op} ${b})`;

/**
 * The elementwise primitives a fused loop can inline, with the exact semantics of their
 * kernels (so fused and unfused results agree bit for bit).
 */
export const elementExpressions: Partial<Record<PrimitiveName, ElementExpression>> = {
  neg: ([a]) => `(-${a})`,
  exp: call("exp"),
  log: call("log"),
  log1p: call("log1p"),
  expm1: call("expm1"),
  sqrt: call("sqrt"),
  abs: call("abs"),
  sign: ([a]) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a})`,
  sin: call("sin"),
  cos: call("cos"),
  tanh: call("tanh"),
  sigmoid: ([a]) => `(${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a})))`,
  add: infix("+"),
  sub: infix("-"),
  mul: infix("*"),
  div: infix("/"),
  pow: ([a, b]) => `Math.pow(${a}, ${b})`,
  max: ([a, b]) => `(${a} > ${b} || ${a} !== ${a} ? ${a} : ${b})`,
  min: ([a, b]) => `(${a} < ${b} || ${a} !== ${a} ? ${a} : ${b})`,
  compare: ([a, b], { op }) => {
    const js = { eq: "===", ne: "!==", gt: ">", ge: ">=", lt: "<", le: "<=" }[op as string];
    return `(${a} ${js} ${b} ? 1 : 0)`;
  },
  select: ([c, a, b]) => `(${c} !== 0 ? ${a} : ${b})`,
  stopGradient: ([a]) => a,
  reshape: ([a]) => a,
  broadcastTo: ([a]) => a,
  convert: ([a]) => a,
};
