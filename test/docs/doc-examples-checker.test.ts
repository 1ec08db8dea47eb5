/**
 * The doc-example checker itself can fail: wrong values, wrong types and misplaced
 * `// =>` comments are reported with the symbol and the file:line of the example.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tensor } from "../../src/index";
import { exampleModule, moduleOf, publicSymbols, typeCheckExamples, type DocExample } from "./doc-examples";
import { expectValue } from "./expect-value";

const work = mkdtempSync(join(tmpdir(), "purediff-doc-checker-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An example of a made-up symbol whose code starts on line 10 of src/ops/made-up.ts. */
const example = (code: string): DocExample => ({ symbol: "madeUp", file: "src/ops/made-up.ts", line: 8, code, codeLine: 10 });

function write(name: string, e: DocExample): { example: DocExample; path: string } {
  const path = join(work, name);
  writeFileSync(path, exampleModule(e, work));
  return { example: e, path };
}

describe("expectValue", () => {
  it("accepts values within 1e-6 relative (or 1e-9 absolute), NaN for NaN, and tensors through toArray", () => {
    expect(() => expectValue(2.7182818, 2.718282, "w")).not.toThrow();
    expect(() => expectValue([NaN, Infinity], [NaN, Infinity], "w")).not.toThrow();
    expect(() => expectValue(1e-10, 0, "w")).not.toThrow();
    expect(() => expectValue(tensor([[1, 2]]), [[1, 2]], "w")).not.toThrow();
    expect(() => expectValue({ w: tensor([0.5]) }, { w: [0.5] }, "w")).not.toThrow();
  });

  it("rejects other values, naming the place and the first difference", () => {
    expect(() => expectValue(2.7183, 2.718282, "exp (src/ops/math.ts:3)")).toThrow(
      "exp (src/ops/math.ts:3): the example states 2.718282 but the expression gives 2.7183",
    );
    expect(() => expectValue([1, 2, 3], [1, 2, 4], "w")).toThrow("(first difference at [2])");
    expect(() => expectValue([1, 2], [1, 2, 3], "w")).toThrow("the example states [1,2,3]");
    expect(() => expectValue({ a: 1, b: 2 }, { a: 1 }, "w")).toThrow('the example states {"a":1}');
    expect(() => expectValue(NaN, 0, "w")).toThrow();
    expect(() => expectValue(Infinity, 1e308, "w")).toThrow();
    expect(() => expectValue("1", 1, "w")).toThrow();
  });
});

describe("exampleModule", () => {
  it("checks `expr; // => value` and `const x = …; // => value` lines, keeping line numbers", async () => {
    const good = write(
      "good.ts",
      example(
        'import { tensor, exp } from "purediff";\nexp(tensor([0, 1], "float64")).toArray(); // => [1, 2.718282]\nconst y = exp(tensor([0])); // => [1]\n',
      ),
    );
    expect(typeCheckExamples([good])).toEqual([]);
    await expect(import(good.path)).resolves.toBeDefined();
  });

  it("fails a wrong value with the symbol and the line of the statement", async () => {
    const wrong = write("wrong.ts", example('import { tensor, exp } from "purediff";\n\nexp(tensor([0, 1])).toArray(); // => [1, 3]\n'));
    await expect(import(wrong.path)).rejects.toThrow(
      "madeUp (src/ops/made-up.ts:12): the example states [1,3] but the expression gives [1,2.7182817459106445]",
    );
  });

  it("reports a type error at the example's line in the source file", () => {
    const typed = write("typed.ts", example('import { tensor } from "purediff";\nconst s: string = tensor([1]);\n'));
    const messages = typeCheckExamples([typed]).map((d) => d.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^madeUp \(src\/ops\/made-up\.ts:11\): Type 'Tensor<\[1\]>' is not assignable to type 'string'/);
  });

  it("refuses `// =>` after a statement that has no value", () => {
    expect(() => exampleModule(example("if (true) 1; // => 1\n"), work)).toThrow(
      'madeUp (src/ops/made-up.ts:10): "// =>" must follow an expression statement or a single const declaration',
    );
  });
});

describe("publicSymbols", () => {
  const symbols = publicSymbols();
  const named = (name: string) => symbols.find((s) => s.symbol === name);

  it("finds top-level, namespaced, class-member and purediff/laws symbols, each in its module", () => {
    expect(named("exp")?.file).toBe("src/ops/math.ts");
    expect(moduleOf(named("exp")!)).toBe("ops");
    expect(moduleOf(named("grad")!)).toBe("transforms");
    expect(moduleOf(named("nn.dense")!)).toBe("nn");
    expect(moduleOf(named("nn.initializers.heNormal")!)).toBe("nn");
    expect(moduleOf(named("Tensor.item")!)).toBe("tensor");
    expect(moduleOf(named("gradCheck")!)).toBe("laws");
  });

  it("documents a declaration exported under two names once, under the top-level name", () => {
    expect(named("relu")?.examples.length).toBeGreaterThan(0);
    expect(named("nn.relu")?.examples).toEqual([]);
  });
});
