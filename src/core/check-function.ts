/**
 * The argument check every transform makes first: its argument must be a function.
 * @module
 */

/**
 * Throws unless `f` is a function, naming the transform and what it got.
 * @example checkFunction("grad", 3) // Error: grad: f must be a function (e.g. grad((x) => sum(x))), got a number
 */
export function checkFunction(transform: string, f: unknown): asserts f is (...args: never[]) => unknown {
  if (typeof f === "function") return;
  const got = f === null || f === undefined ? String(f) : Array.isArray(f) ? "an array" : typeof f === "object" ? "an object" : `a ${typeof f}`;
  throw new Error(`${transform}: f must be a function (e.g. ${transform}((x) => sum(x))), got ${got}`);
}
