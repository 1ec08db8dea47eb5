/**
 * The `@example` blocks of the public API, found by walking what the package's entry
 * points export (`src/index.ts` as "purediff", `laws/index.ts` as "purediff/laws") with
 * the TypeScript compiler API, and turned into modules that can be type-checked together
 * and run (the approach of fp-ts's docs-ts).
 *
 * An example is runnable when it is a fenced block:
 *
 *     @example
 *     ```ts
 *     import { tensor, exp } from "purediff";
 *     exp(tensor([0, 1], "float64")).toArray(); // => [1, 2.718281828459045]
 *     ```
 *
 * A statement ending in `// => value` states its value: an expression statement is checked
 * as a whole, a `const x = …` declaration through `x`. The value is a JavaScript literal
 * (`NaN`, `Infinity`, nested arrays and objects are fine) compared approximately
 * (see `expect-value.ts`). No line of the block may start with `@` (TypeScript's JSDoc parser
 * would end the example there), so write `// @ts-expect-error` nowhere in an example.
 */
import { join, relative, resolve } from "node:path";
import ts from "typescript";

export const repoRoot = resolve(__dirname, "../..");

/** The entry points of the published package, by import specifier. */
export const entryPoints = {
  purediff: join(repoRoot, "src/index.ts"),
  "purediff/laws": join(repoRoot, "laws/index.ts"),
} as const;

/** One `@example` of a public symbol. */
export interface DocExample {
  /** The public name, as a user writes it: `exp`, `nn.dense`, `Tensor.item`, `purediff/laws`. */
  readonly symbol: string;
  /** The file declaring it, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  /** The code of the fenced block, or undefined when the example is not a ```ts block. */
  readonly code: string | undefined;
  /** 1-based line of the code's first line (the line after the opening fence). */
  readonly codeLine: number;
}

/** A public symbol and its examples (possibly none). */
export interface PublicSymbol {
  readonly symbol: string;
  readonly file: string;
  readonly line: number;
  readonly examples: readonly DocExample[];
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot).options;
}

/** The lines of a JSDoc comment between `start` and `end`, with the leading ` * ` removed. */
function commentLines(text: string, start: number, end: number): string[] {
  return text
    .slice(start, end)
    .split("\n")
    .map((l) =>
      l
        .replace(/^\s*\/\*\*\s?/, "")
        .replace(/\s*\*\/\s*$/, "")
        .replace(/^\s*\*(?: |$)/, ""),
    );
}

/** The examples in the JSDoc comments attached to `node`. */
function examplesOf(symbol: string, node: ts.Node): DocExample[] {
  const sourceFile = node.getSourceFile();
  const text = sourceFile.text;
  const file = relative(repoRoot, sourceFile.fileName);
  const found: DocExample[] = [];
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== "example") continue;
    const tagStart = tag.getStart(sourceFile);
    const line = sourceFile.getLineAndCharacterOfPosition(tagStart).line + 1;
    // The tag runs to the next tag or the end of the comment; tag.end covers its text.
    const lines = commentLines(text, tagStart, tag.end);
    const open = lines.findIndex((l) => /^\s*```(ts|typescript)\s*$/.test(l));
    const close = open < 0 ? -1 : lines.findIndex((l, i) => i > open && /^\s*```\s*$/.test(l));
    if (open < 0 || close < 0) {
      found.push({ symbol, file, line, code: undefined, codeLine: line });
      continue;
    }
    const indent = /^\s*/.exec(lines[open])![0].length;
    const code = lines
      .slice(open + 1, close)
      .map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length)))
      .join("\n");
    found.push({ symbol, file, line, code, codeLine: line + open + 1 });
  }
  return found;
}

/** The `@module` comment of a source file (its first JSDoc with a `@module` tag). */
function moduleDocNode(sourceFile: ts.SourceFile): ts.Node | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.getJSDocTags(statement).some((t) => t.tagName.text === "module")) return statement;
  }
  return undefined;
}

function isModuleSymbol(symbol: ts.Symbol): boolean {
  return (symbol.flags & ts.SymbolFlags.ValueModule) !== 0 && (symbol.declarations ?? []).some(ts.isSourceFile);
}

function location(node: ts.Node): { file: string; line: number } {
  const sf = node.getSourceFile();
  return { file: relative(repoRoot, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 };
}

/**
 * Every public symbol of the package with its examples: the exports of each entry point,
 * recursively through namespaces (`nn`, `nn.initializers`, …), the module comments of
 * the entry points and namespaces, and the members of exported classes and interfaces.
 */
export function publicSymbols(): PublicSymbol[] {
  const program = ts.createProgram({ rootNames: Object.values(entryPoints), options: compilerOptions() });
  const checker = program.getTypeChecker();
  const result: PublicSymbol[] = [];
  const seen = new Set<string>();

  const add = (symbol: string, nodes: readonly ts.Node[]): void => {
    if (nodes.length === 0) return;
    const examples: DocExample[] = [];
    for (const node of nodes) {
      // A declaration exported under two names (`sigmoid`, `nn.sigmoid`) is documented once.
      const key = `${node.getSourceFile().fileName}:${node.pos}`;
      if (seen.has(key)) continue;
      seen.add(key);
      examples.push(...examplesOf(symbol, node));
    }
    const { file, line } = location(nodes[0]);
    result.push({ symbol, file, line, examples });
  };

  const walkModule = (name: string, moduleSymbol: ts.Symbol, prefix: string): void => {
    const sourceFile = (moduleSymbol.declarations ?? []).find(ts.isSourceFile);
    const moduleDoc = sourceFile && moduleDocNode(sourceFile);
    if (moduleDoc) add(name, [moduleDoc]);
    const resolved = [...checker.getExportsOfModule(moduleSymbol)]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((exported) => ({
        publicName: prefix + exported.name,
        target: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
      }));
    // The module's own symbols first, namespaces after: a declaration exported under two
    // names (`sigmoid`, `nn.sigmoid`) is documented under the first.
    for (const { publicName, target } of resolved) {
      if (isModuleSymbol(target)) continue;
      const declarations = target.declarations ?? [];
      add(publicName, declarations);
      for (const declaration of declarations) {
        if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          const memberName = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
          if (memberName === undefined) continue;
          const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
          if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          if (memberName.startsWith("#") || memberName.startsWith("_")) continue;
          add(`${publicName}.${memberName}`, [member]);
        }
      }
    }
    for (const { publicName, target } of resolved.filter((r) => isModuleSymbol(r.target))) walkModule(publicName, target, `${publicName}.`);
  };

  for (const [specifier, path] of Object.entries(entryPoints)) {
    const sourceFile = program.getSourceFile(path);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`doc-examples: cannot load the entry point ${specifier} (${path})`);
    walkModule(specifier, moduleSymbol, "");
  }
  return result;
}

/** Where generated example modules import the assertion from. */
const expectModule = join(repoRoot, "test/docs/expect-value");

/** Points the package's import specifiers at this clone's sources, from `fromDir`. */
function localImports(code: string, fromDir: string): string {
  const target = (path: string): string => {
    const rel = relative(fromDir, path.replace(/\.ts$/, ""));
    return JSON.stringify(rel.startsWith(".") ? rel : `./${rel}`);
  };
  return code
    .replace(/(from\s+)"purediff\/laws"/g, (_, f: string) => f + target(entryPoints["purediff/laws"]))
    .replace(/(from\s+)"purediff"/g, (_, f: string) => f + target(entryPoints.purediff));
}

/** The `// => value` comment ending the statement, if any. */
function statedValue(statement: ts.Statement, sourceFile: ts.SourceFile): string | undefined {
  const text = sourceFile.text;
  const lineEnd = text.indexOf("\n", statement.end);
  const rest = text.slice(statement.end, lineEnd < 0 ? text.length : lineEnd);
  const m = /^\s*\/\/\s*=>\s*(.+?)\s*$/.exec(rest);
  return m ? m[1] : undefined;
}

/**
 * The example as a module: imports pointed at the sources, and each `// => value` statement
 * turned into a call of `expectValue` on the same lines (so line numbers are kept).
 */
export function exampleModule(example: DocExample, fromDir: string): string {
  if (example.code === undefined) throw new Error(`${example.symbol} (${example.file}:${example.line}): the example is not a \`\`\`ts block`);
  const code = example.code;
  const sourceFile = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of sourceFile.statements) {
    const value = statedValue(statement, sourceFile);
    if (value === undefined) continue;
    const line = example.codeLine + sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line;
    const where = JSON.stringify(`${example.symbol} (${example.file}:${line})`);
    const lineEnd = code.indexOf("\n", statement.end);
    const end = lineEnd < 0 ? code.length : lineEnd;
    if (ts.isExpressionStatement(statement)) {
      const expression = code.slice(statement.expression.getStart(sourceFile), statement.expression.end);
      edits.push({ start: statement.getStart(sourceFile), end, text: `__expectValue((${expression}), (${value}), ${where});` });
    } else if (
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.length === 1 &&
      ts.isIdentifier(statement.declarationList.declarations[0].name)
    ) {
      const name = statement.declarationList.declarations[0].name.text;
      edits.push({ start: statement.end, end, text: ` __expectValue(${name}, (${value}), ${where});` });
    } else {
      throw new Error(`${example.symbol} (${example.file}:${line}): "// =>" must follow an expression statement or a single const declaration`);
    }
  }
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  const importExpect = `import { expectValue as __expectValue } from ${JSON.stringify(relative(fromDir, expectModule))};`;
  // Appended (imports are hoisted), so the example's lines keep their numbers.
  return `${localImports(out, fromDir)}\n${importExpect}\nexport {};\n`;
}

/** A type error in an example, located in the source file that holds it. */
export interface ExampleDiagnostic {
  readonly example: DocExample;
  readonly message: string;
}

/** Type-checks the generated example modules together in one program. */
export function typeCheckExamples(files: readonly { example: DocExample; path: string }[]): ExampleDiagnostic[] {
  // The modules live in a temporary directory: bare imports ("fast-check", "immutable") resolve
  // from this repository's node_modules, as they would from a user's project.
  const options: ts.CompilerOptions = {
    ...compilerOptions(),
    noEmit: true,
    baseUrl: repoRoot,
    paths: { "*": ["node_modules/*", "node_modules/@types/*"] },
  };
  const program = ts.createProgram({ rootNames: files.map((f) => f.path), options });
  const diagnostics: ExampleDiagnostic[] = [];
  for (const { example, path } of files) {
    const sourceFile = program.getSourceFile(path);
    if (!sourceFile) throw new Error(`doc-examples: ${path} was not loaded`);
    for (const d of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
      const line = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line;
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      diagnostics.push({ example, message: `${example.symbol} (${example.file}:${example.codeLine + line}): ${message}` });
    }
  }
  return diagnostics;
}

/** The namespaces of "purediff", each a module of the reference. */
const namespaces = ["lax", "nn", "optim", "random", "train", "tree"] as const;

/** The modules of the reference, as the README and TypeDoc group them. */
export const modules = ["tensor", "ops", "transforms", "onnx", ...namespaces, "laws"] as const;
export type ModuleName = (typeof modules)[number];

/** The module of the reference a public symbol belongs to. */
export function moduleOf(symbol: { readonly symbol: string; readonly file: string }): ModuleName {
  const namespace = namespaces.find((n) => symbol.symbol === n || symbol.symbol.startsWith(`${n}.`));
  if (namespace !== undefined) return namespace;
  if (symbol.file.startsWith("laws/")) return "laws";
  if (symbol.file.startsWith("src/tensor/")) return "tensor";
  if (symbol.file.startsWith("src/core/")) return "transforms";
  if (symbol.file.startsWith("src/onnx/")) return "onnx";
  if (symbol.file.startsWith("src/ops/") || symbol.file === "src/index.ts") return "ops";
  throw new Error(`doc-examples: no module of the reference for ${symbol.symbol} (${symbol.file})`);
}
