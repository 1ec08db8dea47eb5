/**
 * Every `@example` of the public API is type-checked and run (see doc-examples.ts for the
 * form): the examples are written out as modules, type-checked together in one program,
 * and each is imported, which runs it and checks its `// => value` lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleModule, moduleOf, modules, publicSymbols, typeCheckExamples, type DocExample, type ModuleName } from "./doc-examples";

/** Modules whose every example must be a runnable ```ts block: all of them. */
const enforced: readonly ModuleName[] = modules;

const symbols = publicSymbols();
const examples = symbols.flatMap((s) => s.examples);
const runnable = examples.filter((e) => e.code !== undefined);
const work = mkdtempSync(join(tmpdir(), "purediff-doc-examples-"));

/** Each runnable example as a module file, or the reason it cannot be one. */
const files = runnable.map((example, i) => {
  const path = join(work, `example-${String(i).padStart(4, "0")}.ts`);
  try {
    writeFileSync(path, exampleModule(example, work));
    return { example, path, error: undefined };
  } catch (error) {
    return { example, path, error: error instanceof Error ? error.message : String(error) };
  }
});
const written = files.filter((f) => f.error === undefined);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const where = (e: DocExample): string => `${e.symbol} (${e.file}:${e.line})`;

describe("the public API's @example blocks", () => {
  it("exist in every module of the reference", () => {
    for (const m of modules) expect(runnable.filter((e) => moduleOf(e) === m).length, m).toBeGreaterThan(0);
  });

  it("are runnable ```ts blocks in every enforced module", () => {
    const fragments = examples.filter((e) => e.code === undefined && enforced.includes(moduleOf(e)));
    expect(fragments.map(where)).toEqual([]);
  });

  it("state their values on expression statements or single declarations", () => {
    expect(files.flatMap((f) => (f.error === undefined ? [] : [f.error]))).toEqual([]);
  });

  it("type-check", { timeout: 240_000 }, () => {
    expect(typeCheckExamples(written).map((d) => d.message)).toEqual([]);
  });

  it.each(written.map((f): [string, string] => [where(f.example), f.path]))("%s runs and gives the stated values", async (_, path) => {
    await import(path);
  });
});
