/**
 * The published package, for real: `npm pack` a copy of this clone (prepack builds it),
 * install the tarball into a scratch project, and use both entry points from CommonJS, from
 * ESM, and from TypeScript with moduleResolution node16, bundler and node10.
 *
 * The scratch project gets the tarball's contents as node_modules/purediff and, as its only
 * other packages, symlinks to the package's declared runtime dependencies (plus typescript
 * and @types/node for the type checks): a missing dependency declaration fails here.
 * The README's examples are type-checked against the packed declarations too.
 */
import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extractBlocks } from "../examples/readme-blocks";

const root = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};
const dependencies = Object.keys(pkg.dependencies ?? {});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout = 240_000): Run {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout, stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(command: string, args: readonly string[], cwd: string): string {
  const r = run(command, args, cwd);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${r.status}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  }
  return r.stdout;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let work = "";
let consumer = "";
let installed = "";
let packedFiles: string[] = [];
let packing: { error: unknown } | undefined;

/**
 * Packs and installs once (the first test pays for it). A failure is rethrown by every
 * test that needs the package, so a broken build counts as failed tests, not skipped ones.
 */
function packed(): void {
  if (packing === undefined) {
    try {
      packAndInstall();
      packing = { error: undefined };
    } catch (error) {
      packing = { error };
    }
  }
  if (packing.error !== undefined) throw packing.error;
}

function packAndInstall(): void {
  work = mkdtempSync(join(tmpdir(), "purediff-pack-"));
  // A copy of the clone, so that packing (whose prepack rebuilds dist/) leaves the clone alone.
  const staging = join(work, "staging");
  const skip = new Set(["node_modules", ".git", "dist", "out"]);
  cpSync(root, staging, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(/[\\/]/)[0]) });
  symlinkSync(join(root, "node_modules"), join(staging, "node_modules"), "dir");
  const packOut = mustRun("npm", ["pack", "--json", "--pack-destination", work], staging);
  // Lifecycle scripts (prepack) may print before the JSON report.
  const report = JSON.parse(packOut.slice(packOut.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
  packedFiles = report[0].files.map((f) => f.path).sort();

  consumer = join(work, "consumer");
  const modules = join(consumer, "node_modules");
  mkdirSync(modules, { recursive: true });
  mustRun("tar", ["-xzf", join(work, report[0].filename), "-C", modules], work);
  installed = join(modules, pkg.name);
  renameSync(join(modules, "package"), installed);
  for (const name of [...dependencies, "typescript", "@types/node"]) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(modules, name), "dir");
  }
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
}

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

/** Type-checks `files` in the consumer with these compiler options; returns tsc's output ("" when clean). */
function typecheck(name: string, options: Record<string, unknown>, files: Record<string, string>): string {
  const dir = join(consumer, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const compilerOptions = { strict: true, noEmit: true, target: "es2022", types: ["node"], ...options };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: Object.keys(files) }, null, 2));
  const r = run(process.execPath, [join(consumer, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], dir);
  return `${r.stdout}${r.stderr}`.trim() + (r.status === 0 ? "" : `\n(tsc exited ${r.status})`);
}

/** A consumer's TypeScript: real types (not any), shape-typed results, and shape errors at compile time. */
const typedConsumer = `
import { tensor, grad, sum, mul, matmul, tree, type Tensor } from "purediff";
import { gradCheck, checkGrads, type GradCheckReport } from "purediff/laws";

const f = (x: Tensor<[3]>) => sum(mul(x, x));
const g: Tensor<[3]> = grad(f)(tensor([1, 2, 3]));
const y: Tensor<[2, 4]> = matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]));
const report: GradCheckReport = gradCheck(f, [tensor([1, 2, 3], "float64")]);
checkGrads(f, [tensor([1, 2, 3], "float64")]);
const leaves: unknown[] = tree.leaves({ a: g, b: [y] });
// The fluent methods' declarations (a module augmentation) reach consumers.
const fluentT: Tensor<[3, 2]> = y.sum(1).reshape([2, 1]).matmul(tensor([[1, 2, 3]])).T.mul(tensor([1, 2]));
// @ts-expect-error 8 elements cannot become 3
y.reshape([3]);
// @ts-expect-error a tensor is not a string: the declarations are real types, not any
const notAString: string = g;
// @ts-expect-error inner dimensions differ (3 vs 2)
matmul(tensor([[1, 2, 3]]), tensor([[1, 2]]));
export const used = [report.passed, leaves.length, notAString, fluentT];
`;

// Whichever test runs first builds and packs (a minute or two on a busy 2-core machine).
describe(`npm pack (${pkg.name}@${pkg.version})`, { timeout: 300_000 }, () => {
  it("builds (prepack) and packs a copy of the clone", () => {
    packed();
    expect(packedFiles.length).toBeGreaterThan(0);
  });

  it("ships the build, declarations, README and LICENSE, and nothing of the workspace", () => {
    packed();
    const datasets = ["data/iris.csv", "data/breast_cancer.csv", "data/digits.csv.gz", "data/SOURCE.md", "data/debian-python3-sklearn-copyright.txt"];
    for (const required of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/laws/index.js",
      "dist/laws/index.d.ts",
      ...datasets,
    ]) {
      expect(packedFiles).toContain(required);
    }
    const stray = packedFiles.filter(
      (p) =>
        /^(test|bench|examples|src|laws|node_modules|\.ci)\//.test(p) ||
        (/\.tsx?$/.test(p) && !p.endsWith(".d.ts")) ||
        p.endsWith(".tsbuildinfo") ||
        /test(-d)?\.(js|d\.ts)$/.test(p),
    );
    expect(stray).toEqual([]);
  });

  it("requires at run time only node built-ins and its declared dependencies", () => {
    packed();
    const builtins = new Set(builtinModules);
    const undeclared = new Set<string>();
    for (const file of walk(join(installed, "dist")).filter((f) => f.endsWith(".js"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const spec = m[1];
        if (spec.startsWith(".") || spec.startsWith("node:") || builtins.has(spec)) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
        if (!dependencies.includes(name)) undeclared.add(`${name} (${relative(installed, file)})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it("works from CommonJS (require), both entry points", () => {
    packed();
    writeFileSync(
      join(consumer, "use.cjs"),
      `const { tensor, grad, sum, mul, Tensor } = require("purediff");
const laws = require("purediff/laws");
const g = grad((x) => sum(mul(x, x)))(tensor([1, 2, 3]));
const report = laws.gradCheck((x) => sum(mul(x, x)), [tensor([1, 2, 3], "float64")]);
const fluent = tensor([[1, 2], [3, 4]]).T.sum(1).toArray();
console.log(JSON.stringify({ g: g.toArray(), isTensor: g instanceof Tensor, passed: report.passed, checkGrads: typeof laws.checkGrads, printed: String(g), fluent }));
`,
    );
    const out = JSON.parse(mustRun(process.execPath, ["use.cjs"], consumer));
    expect(out).toEqual({ g: [2, 4, 6], isTensor: true, passed: true, checkGrads: "function", printed: "Tensor<[3], float32>\n[2, 4, 6]", fluent: [4, 6] });
  });

  it("gives tensors their fluent methods in a consumer that requires only purediff/laws", () => {
    packed();
    writeFileSync(
      join(consumer, "laws-only.cjs"),
      `const { arbTensor } = require("purediff/laws");
const fc = require("fast-check");
const [x] = fc.sample(arbTensor([2, 3]), { numRuns: 1, seed: 7 });
const rows = x.toArray();
console.log(JSON.stringify({ T: x.T.toArray(), expected: rows[0].map((_, j) => rows.map((r) => r[j])), sum: x.sum(1).shape }));
`,
    );
    const out = JSON.parse(mustRun(process.execPath, ["laws-only.cjs"], consumer));
    expect(out.T).toEqual(out.expected);
    expect(out.T).toHaveLength(3);
    expect(out.sum).toEqual([2]);
  });

  it("works from ESM (import), with named imports of every export of both entry points", () => {
    packed();
    writeFileSync(
      join(consumer, "use.mjs"),
      `import { tensor, grad, sum, mul, Tensor, tree } from "purediff";
import { gradCheck, checkGrads } from "purediff/laws";
import * as main from "purediff";
import * as laws from "purediff/laws";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cjsMain = require("purediff");
const cjsLaws = require("purediff/laws");
const g = grad((x) => sum(mul(x, x)))(tensor([1, 2, 3]));
checkGrads((x) => sum(mul(x, x)), [tensor([1, 2, 3], "float64")]);
console.log(JSON.stringify({
  g: g.toArray(),
  passed: gradCheck((x) => sum(mul(x, x)), [tensor([1, 2, 3], "float64")]).passed,
  treeMap: typeof tree.map,
  missingMain: Object.keys(cjsMain).filter((k) => !(k in main)),
  missingLaws: Object.keys(cjsLaws).filter((k) => !(k in laws)),
  exports: Object.keys(cjsMain).length,
  lawExports: Object.keys(cjsLaws).length,
  sameInstance: main.Tensor === cjsMain.Tensor && g instanceof Tensor,
}));
`,
    );
    const out = JSON.parse(mustRun(process.execPath, ["use.mjs"], consumer));
    expect(out).toMatchObject({ g: [2, 4, 6], passed: true, treeMap: "function", missingMain: [], missingLaws: [], sameInstance: true });
    expect(out.exports).toBeGreaterThan(50);
    expect(out.lawExports).toBeGreaterThan(10);
  });

  it("loads the bundled datasets from the installed package with no options, whatever the current directory", () => {
    packed();
    writeFileSync(
      join(consumer, "datasets.cjs"),
      `const { train } = require("purediff");
const summary = (d) => ({ name: d.name, shape: d.x.shape, dtype: d.x.dtype, labels: d.y.shape, first: Array.from(d.x.data().subarray(0, 4)), label: d.y.data()[0], classes: d.classNames.length });
console.log(JSON.stringify({
  iris: summary(train.loadIris()),
  breastCancer: summary(train.loadBreastCancer()),
  digits: summary(train.loadDigits()),
  dir: require("node:path").relative(__dirname, train.dataDirE().right),
}));
`,
    );
    const elsewhere = mkdtempSync(join(work, "cwd-"));
    const out = JSON.parse(mustRun(process.execPath, [join(consumer, "datasets.cjs")], elsewhere));
    // First rows of data/iris.csv, data/breast_cancer.csv and data/digits.csv.gz, as float32.
    const f32 = (xs: number[]) => xs.map(Math.fround);
    expect(out).toEqual({
      iris: { name: "iris", shape: [150, 4], dtype: "float32", labels: [150], first: f32([5.1, 3.5, 1.4, 0.2]), label: 0, classes: 3 },
      breastCancer: { name: "breastCancer", shape: [569, 30], dtype: "float32", labels: [569], first: f32([17.99, 10.38, 122.8, 1001]), label: 0, classes: 2 },
      digits: { name: "digits", shape: [1797, 64], dtype: "float32", labels: [1797], first: [0, 0, 5, 13], label: 0, classes: 10 },
      dir: join("node_modules", pkg.name, "data"),
    });
  });

  it("type-checks a TypeScript consumer with module/moduleResolution node16 (.mts and .cts)", () => {
    packed();
    expect(
      typecheck("ts-node16", { module: "node16", moduleResolution: "node16", skipLibCheck: true }, { "use.mts": typedConsumer, "use.cts": typedConsumer }),
    ).toBe("");
  });

  it("type-checks a TypeScript consumer with moduleResolution bundler and no Node types, the README's examples included", () => {
    packed();
    const readme = extractBlocks(readFileSync(join(root, "README.md"), "utf8")).filter((b) => b.runnable);
    expect(readme.length).toBeGreaterThan(0);
    const files: Record<string, string> = { "use.ts": typedConsumer };
    for (const b of readme) files[`readme-line-${b.line}.ts`] = b.code;
    expect(typecheck("ts-bundler", { module: "esnext", moduleResolution: "bundler", skipLibCheck: true, types: [] }, files)).toBe("");
  });

  it("type-checks a TypeScript consumer with legacy moduleResolution node10 (purediff/laws via typesVersions)", () => {
    packed();
    expect(
      typecheck("ts-node10", { module: "commonjs", moduleResolution: "node10", esModuleInterop: true, skipLibCheck: true }, { "use.ts": typedConsumer }),
    ).toBe("");
  });

  it("keeps Immutable's and fp-ts's declarations out of a consumer's program (they dominate a check without skipLibCheck)", () => {
    packed();
    const dir = join(consumer, "ts-files");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "use.ts"), typedConsumer);
    const options = ["--strict", "--noEmit", "--target", "es2022", "--module", "node16", "--moduleResolution", "node16", "--types", "node"];
    const listed = mustRun(process.execPath, [join(consumer, "node_modules/typescript/bin/tsc"), ...options, "--listFilesOnly", "use.ts"], dir);
    expect(listed).toContain("node_modules/purediff/dist/src/index.d.ts");
    expect(listed.split("\n").filter((f) => /node_modules\/(immutable|fp-ts)\//.test(f))).toEqual([]);
  });

  it("types Immutable collections in trees once purediff/immutable is imported, without skipLibCheck", () => {
    packed();
    const source = `
import { List } from "immutable";
import { tree } from "purediff";
import type {} from "purediff/immutable";

const doubled: List<number> = tree.map((x) => x * 2, List([1, 2]));
// @ts-expect-error: the leaves stay numbers
const asStrings: List<string> = tree.map((x) => x * 2, List([1, 2]));
export { doubled, asStrings };
`;
    expect(typecheck("ts-immutable", { module: "node16", moduleResolution: "node16" }, { "use.ts": source })).toBe("");
    expect(
      typecheck("ts-immutable-node10", { module: "commonjs", moduleResolution: "node10", esModuleInterop: true, skipLibCheck: true }, { "use.ts": source }),
    ).toBe("");
  });
});
