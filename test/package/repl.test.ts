/**
 * The README's REPL session: in a clone, `npx ts-node` then `import ... from "./src/index"`
 * works and tensors print readably (ts-node runs transpile-only, see tsconfig.json).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");

describe("ts-node REPL", () => {
  it("is configured transpile-only in tsconfig.json", () => {
    const config = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { "ts-node"?: { transpileOnly?: boolean } };
    expect(config["ts-node"]?.transpileOnly).toBe(true);
  });

  it("imports the library from ./src/index and prints tensors readably", () => {
    const session = [
      'import { tensor, grad, sum, mul } from "./src/index"',
      "const x = tensor([[1, 2], [3, 4]])",
      "x",
      "grad((v: typeof x) => sum(mul(v, v)))(x)",
      "x.shape",
      ".exit",
      "",
    ].join("\n");
    // -i: interactive REPL even though stdin is a pipe.
    const r = spawnSync(process.execPath, [join(root, "node_modules/ts-node/dist/bin.js"), "-i"], {
      cwd: root,
      input: session,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.stderr.replace(/^npm warn.*\n?/gm, "")).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Tensor<[2,2], float32>\n[[1, 2],\n [3, 4]]");
    expect(out).toContain("Tensor<[2,2], float32>\n[[2, 4],\n [6, 8]]");
    expect(out).toContain("[ 2, 2 ]");
    expect(out).not.toMatch(/Uncaught|Error/);
  });
});
