/**
 * Every `@example` of the public API is type-checked and run (see doc-examples.ts for the
 * form): the examples are written out as modules, type-checked together in one program,
 * and each is imported, which runs it and checks its `// => value` lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleModule, moduleOf, publicSymbols, typeCheckExamples, type DocExample, type ModuleName } from "./doc-examples";

/** Modules whose every example must be runnable (a ```ts block). */
const enforced: readonly ModuleName[] = [];

const symbols = publicSymbols();
const examples = symbols.flatMap((s) => s.examples);
const runnable = examples.filter((e) => e.code !== undefined);
const work = mkdtempSync(join(tmpdir(), "purediff-doc-examples-"));
const files = runnable.map((example, i) => {
  const path = join(work, `example-${String(i).padStart(4, "0")}.ts`);
  writeFileSync(path, exampleModule(example, work));
  return { example, path };
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const where = (e: DocExample): string => `${e.symbol} (${e.file}:${e.line})`;

describe("the public API's @example blocks", () => {
  it("are runnable ```ts blocks in every enforced module", () => {
    const fragments = examples.filter((e) => e.code === undefined && enforced.includes(moduleOf(e)));
    expect(fragments.map(where)).toEqual([]);
  });

  it("type-check", { timeout: 240_000 }, () => {
    expect(typeCheckExamples(files).map((d) => d.message)).toEqual([]);
  });

  it.each(files.map((f): [string, string] => [where(f.example), f.path]))("%s runs and gives the stated values", async (_, path) => {
    await import(path);
  });
});
