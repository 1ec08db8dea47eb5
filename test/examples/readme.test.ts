/**
 * The README's examples run: every ```ts block must be marked `runnable`; each is run with
 * tsx (imports of "purediff" and "purediff/laws" pointed at this clone's sources), must
 * exit 0, and must print exactly the ```text output block that follows it, if any.
 * The same blocks are type-checked against the packed package in test/package.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../../src/index";
import { rules } from "../../src/core/primitives";
import { higherOrderPrimitives } from "../../src/core/higher-order";
import { extractBlocks, type CodeBlock } from "./readme-blocks";

const root = resolve(__dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = extractBlocks(readme);
const runnable = blocks.filter((b) => b.runnable);
const work = mkdtempSync(join(tmpdir(), "purediff-readme-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Points the package's entry points at the sources of this clone. */
function localImports(code: string): string {
  return code
    .replace(/from "purediff\/laws"/g, `from ${JSON.stringify(join(root, "laws/index"))}`)
    .replace(/from "purediff"/g, `from ${JSON.stringify(join(root, "src/index"))}`);
}

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), file], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/** Trailing spaces and trailing blank lines do not count. */
const normalize = (text: string): string =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trimEnd();

const names = (section: string): string[] => [...section.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1]);

describe("README.md", () => {
  it("has runnable TypeScript examples, and every ts block is one of them", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    const notRunnable = blocks.filter((b) => (b.lang === "ts" || b.lang === "typescript") && !b.runnable);
    expect(notRunnable.map((b) => `line ${b.line}: ${b.info}`)).toEqual([]);
  });

  it.each(runnable.map((b): [string, CodeBlock] => [`line ${b.line} (${b.heading})`, b]))("example at %s runs and prints its output", async (_, block) => {
    const file = join(work, `block-${block.line}.ts`);
    writeFileSync(file, localImports(block.code));
    const result = await run(file);
    expect(result.stderr.replace(/^npm warn.*\n?/gm, "")).toBe("");
    expect(result.code).toBe(0);
    if (block.expected !== undefined) expect(normalize(result.stdout)).toBe(normalize(block.expected));
  });

  it("lists exactly the primitives the library defines", () => {
    const section = /<!-- primitives:start -->([\s\S]*?)<!-- primitives:end -->/.exec(readme);
    expect(section).not.toBeNull();
    expect(names(section![1]).sort()).toEqual(Object.keys(rules).sort());
  });

  it("lists exactly the higher-order primitives the library defines", () => {
    const section = /<!-- higher-order:start -->([\s\S]*?)<!-- higher-order:end -->/.exec(readme);
    expect(section).not.toBeNull();
    expect(names(section![1]).sort()).toEqual(higherOrderPrimitives.map((p) => p.name).sort());
  });

  it("names only ops that src/index.ts exports", () => {
    const section = /User-facing ops are thin wrappers([\s\S]*?)\n\n/.exec(readme);
    expect(section).not.toBeNull();
    const listed = names(section![1]);
    expect(listed.length).toBeGreaterThan(50);
    const exported = new Set(Object.keys(api));
    expect(listed.filter((n) => !exported.has(n))).toEqual([]);
  });
});
