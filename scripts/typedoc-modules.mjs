// @ts-check
/**
 * TypeDoc plugin: groups the reference by module. The functions, classes and constants that
 * "purediff" exports at its top level are grouped by where they live (src/tensor → Tensor,
 * src/ops → Ops, src/core → Transforms, src/onnx → ONNX); the namespaces (lax, nn, optim,
 * random, train, tree) and "purediff/laws" are modules of their own. Inside each module,
 * functions are categorised by their source file (src/ops/reduce.ts → "reduce"), so related
 * ops sit together. Types keep TypeDoc's default groups (Interfaces, Type Aliases).
 */
import { Comment, CommentTag, Converter, DeclarationReflection, ReflectionKind } from "typedoc";

/** @type {ReadonlyArray<readonly [string, string]>} */
const groupsByDirectory = [
  ["src/tensor/kernels/", "Ops"],
  ["src/tensor/", "Tensor"],
  ["src/ops/", "Ops"],
  ["src/core/", "Transforms"],
  ["src/onnx/", "ONNX"],
];

const valueKinds = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Variable;

/** @param {DeclarationReflection} reflection */
function sourceFile(reflection) {
  const source = reflection.sources?.[0] ?? reflection.signatures?.[0]?.sources?.[0];
  return source?.fullFileName.replace(/\\/g, "/");
}

/** @param {DeclarationReflection} reflection @param {string} tag @param {string} text */
function addTag(reflection, tag, text) {
  reflection.comment ??= new Comment();
  if (reflection.comment.blockTags.some((t) => t.tag === tag)) return;
  reflection.comment.blockTags.push(new CommentTag(/** @type {`@${string}`} */ (tag), [{ kind: "text", text }]));
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      for (const reflection of Object.values(context.project.reflections)) {
        if (!(reflection instanceof DeclarationReflection) || !reflection.kindOf(valueKinds)) continue;
        const parent = reflection.parent;
        if (!parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) continue;
        const file = sourceFile(reflection);
        if (file === undefined) continue;
        const relative = file.slice(file.lastIndexOf("/src/") + 1 || file.lastIndexOf("/laws/") + 1);
        const isTopLevel = parent.kindOf(ReflectionKind.Module) && parent.name === "purediff";
        if (isTopLevel) {
          const group = groupsByDirectory.find(([dir]) => relative.startsWith(dir));
          if (group) addTag(reflection, "@group", group[1]);
        }
        const base = relative.replace(/^.*\//, "").replace(/\.ts$/, "");
        addTag(reflection, "@category", base === "index" ? relative.split("/").slice(-2, -1)[0] : base.replace(/-/g, " "));
      }
    },
    100,
  );
}
