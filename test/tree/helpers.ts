/** Shared helpers of the tree tests (not a test file). */
import { is, isRecord, List, Map, OrderedMap } from "immutable";

/** A stand-in for the library's tensors: a class instance (so a leaf), nominal via `#brand`. */
export class FakeTensor<S extends readonly number[] = readonly number[]> {
  readonly #brand = 0;
  constructor(
    readonly shape: S,
    readonly value = 0,
  ) {}
  neg(): FakeTensor<S> {
    return new FakeTensor(this.shape, -this.value + 0 * this.#brand);
  }
}

function isPlain(x: unknown): x is { readonly [key: string]: unknown } {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The children of an Immutable or plain container, for walking. */
function childrenOf(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (List.isList(x)) return x.toArray();
  if (Map.isMap(x)) return Array.from(x.values());
  if (isRecord(x)) return Array.from(x as Iterable<[string, unknown]>, (e) => e[1]);
  if (isPlain(x)) return Object.values(x);
  return [];
}

/**
 * Freezes arrays and plain objects deeply and Immutable collections shallowly (their
 * own instance), iteratively.
 */
export function deepFreeze<T>(tree: T): T {
  const stack: unknown[] = [tree];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null || seen.has(x)) continue;
    seen.add(x);
    if (Array.isArray(x) || isPlain(x) || List.isList(x) || Map.isMap(x) || isRecord(x)) {
      Object.freeze(x);
      for (const c of childrenOf(x)) stack.push(c);
    }
  }
  return tree;
}

/**
 * Structural equality of trees: same container kinds (List vs array, Map vs OrderedMap,
 * same Record factory, same plain-object prototype), same keys (and order where order
 * matters), leaves equal by `Object.is`. Iterative.
 */
export function treeEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [unknown, unknown];
    if (Object.is(x, y)) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
    } else if (List.isList(x)) {
      if (!List.isList(y) || x.size !== y.size) return false;
      x.forEach((v, i) => {
        stack.push([v, y.get(i)]);
      });
    } else if (OrderedMap.isOrderedMap(x)) {
      if (!OrderedMap.isOrderedMap(y) || x.size !== y.size) return false;
      const ex = Array.from(x.entries());
      const ey = Array.from(y.entries());
      for (let i = 0; i < ex.length; i++) {
        if (!is(ex[i][0], ey[i][0])) return false;
        stack.push([ex[i][1], ey[i][1]]);
      }
    } else if (Map.isMap(x)) {
      const ordered: boolean = OrderedMap.isOrderedMap(y);
      if (!Map.isMap(y) || ordered || x.size !== y.size) return false;
      for (const [k, v] of x.entries()) {
        if (!y.has(k)) return false;
        stack.push([v, y.get(k)]);
      }
    } else if (isRecord(x)) {
      if (!isRecord(y) || x.constructor !== y.constructor) return false;
      const ex = Array.from(x as Iterable<[string, unknown]>);
      const ey = Array.from(y as Iterable<[string, unknown]>);
      if (ex.length !== ey.length) return false;
      for (let i = 0; i < ex.length; i++) {
        if (ex[i][0] !== ey[i][0]) return false;
        stack.push([ex[i][1], ey[i][1]]);
      }
    } else if (isPlain(x)) {
      if (!isPlain(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
      for (const k of kx) stack.push([x[k], y[k]]);
    } else {
      return false;
    }
  }
  return true;
}

/** `[[[...[leaf]...]]]`, `depth` arrays deep, built iteratively. */
export function deepChain(depth: number, leaf: unknown): unknown {
  let t: unknown = leaf;
  for (let i = 0; i < depth; i++) t = [t];
  return t;
}
