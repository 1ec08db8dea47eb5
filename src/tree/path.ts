/**
 * Paths from the root of a tree to its leaves, as structured {@link PathKey} lists and as
 * text. The text of a path is the JS accessor that reaches the leaf from the root, so
 * `tree${path}` reads the leaf:
 * - array element `[0]`;
 * - plain object property `.W`, or `["my key"]` when the key is not an identifier;
 * - Record field `.W`, or `.get("my key")` when the name is not an identifier or is
 *   shadowed by the Record API (`get`, `size`, ...);
 * - List element `.get(2)`, Map / OrderedMap entry `.get("a")` / `.get(1)`.
 * The root itself has the empty path `""`.
 */
import { Record as IRecord } from "immutable";
import { childKey, showKeyLiteral, type PathKey, type TreeDefNode } from "./treedef";

export type { PathKey } from "./treedef";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RECORD_API: object = (IRecord as unknown as { readonly prototype: object }).prototype;

/**
 * One step of a path as text.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.showPathKey({ container: "object", key: "W" }); // => ".W"
 * tree.showPathKey({ container: "List", key: 2 }); // => ".get(2)"
 * ```
 */
export function showPathKey(step: PathKey): string {
  switch (step.container) {
    case "array":
      return `[${step.key}]`;
    case "object":
      return IDENTIFIER.test(step.key) ? `.${step.key}` : `[${JSON.stringify(step.key)}]`;
    case "Record":
      return IDENTIFIER.test(step.key) && !(step.key in RECORD_API) ? `.${step.key}` : `.get(${JSON.stringify(step.key)})`;
    case "List":
    case "Map":
    case "OrderedMap":
      return `.get(${showKeyLiteral(step.key)})`;
  }
}

/**
 * A whole path as text (`""` for the root).
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.showPath([{ container: "object", key: "layers" }, { container: "array", key: 0 }, { container: "object", key: "b" }]);
 * // ".layers[0].b"
 * ```
 */
export function showPath(path: readonly PathKey[]): string {
  return path.map(showPathKey).join("");
}

/**
 * The text path of every leaf of a structure, in leaf order.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.leafPaths(tree.structure({ W: 1, layers: [{ b: 2 }] })); // => [".W", ".layers[0].b"]
 * ```
 */
export function leafPaths(def: TreeDefNode): string[] {
  const out: string[] = [];
  const stack: { readonly def: TreeDefNode; readonly path: string }[] = [{ def, path: "" }];
  while (stack.length > 0) {
    const { def: d, path } = stack.pop() as { def: TreeDefNode; path: string };
    if (d.kind === "leaf") {
      out.push(path);
    } else if (d.kind !== "none") {
      for (let i = d.children.length - 1; i >= 0; i--) {
        stack.push({ def: d.children[i], path: path + showPathKey(childKey(d, i)) });
      }
    }
  }
  return out;
}

interface PathLink {
  readonly parent: PathLink | undefined;
  readonly key: PathKey;
}

/**
 * The structured path of every leaf of a structure, in leaf order.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.leafKeyPaths(tree.structure({ a: [1] })); // => [[{ container: "object", key: "a" }, { container: "array", key: 0 }]]
 * ```
 */
export function leafKeyPaths(def: TreeDefNode): (readonly PathKey[])[] {
  const out: (readonly PathKey[])[] = [];
  const stack: { readonly def: TreeDefNode; readonly at: PathLink | undefined }[] = [{ def, at: undefined }];
  while (stack.length > 0) {
    const { def: d, at } = stack.pop() as { def: TreeDefNode; at: PathLink | undefined };
    if (d.kind === "leaf") {
      const keys: PathKey[] = [];
      for (let l = at; l !== undefined; l = l.parent) keys.push(l.key);
      out.push(Object.freeze(keys.reverse()));
    } else if (d.kind !== "none") {
      for (let i = d.children.length - 1; i >= 0; i--) {
        stack.push({ def: d.children[i], at: { parent: at, key: childKey(d, i) } });
      }
    }
  }
  return out;
}
