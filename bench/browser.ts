/**
 * `npm run bench:browser`: B1 (matmul 128–512), B2 (MLP value and gradient, eager and jit)
 * and B4 (elementwise value and gradient, eager and jit) in headless Chromium, in a Web Worker
 * of the cross-origin isolated demo page, next to the same benchmark under Node in this
 * process: each on one thread, then on every core (the thread pool; in the page on Web
 * Workers), alternating Node and page per benchmark. Prints one JSON line per run:
 * {"bench", "where": "node" | "chromium", "threads", "ms", ...}.
 *
 *   npm run bench:browser                    B1, B2 and B4
 *   npm run bench:browser -- --only B1-512   some (as npm run bench's --only)
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { threads } from "../src/index";
import { benchmarks, parseArgs, select } from "./run";
import { runBenchmarks, type BenchLine } from "./browser-page";
import { browserPlatform } from "../scripts/build-browser";
import { launchChromium } from "../scripts/chromium";
import { serveDemo } from "../examples/browser/serve";

const root = resolve(__dirname, "..");
const outdir = join(root, "out", "bench-browser");

/**
 * Stubs for the Node modules the other benchmarks' examples import (B5 trains MNIST from
 * files): they load in the page and throw if called, which the selected benchmarks never do.
 */
const nodeStubs: Plugin = {
  name: "bench-node-stubs",
  setup(b) {
    b.onResolve({ filter: /^node:(fs|path)$/ }, (args) => ({ path: args.path, namespace: "node-stub" }));
    b.onLoad({ filter: /.*/, namespace: "node-stub" }, () => ({
      contents: ["mkdirSync", "writeFileSync", "join"].map((name) => `export function ${name}() { throw new Error("${name}: not in the page"); }`).join("\n"),
      loader: "js",
    }));
  },
};

/** The page's side: bench/browser-worker.ts as one ES module. */
async function buildPageBench(): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { bench: "bench/browser-worker.ts" },
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    plugins: [browserPlatform, nodeStubs],
    logLevel: "warning",
  });
}

async function main(): Promise<void> {
  const { only } = parseArgs(process.argv.slice(2));
  const ids = select(benchmarks, only.length > 0 ? only : ["B1", "B2", "B4"]).map((b) => b.id);
  await buildPageBench();
  const { url, server } = await serveDemo(0, { folders: { "/bench/": outdir } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const isolated = await page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated);
    await page.evaluate(() => {
      const scope = globalThis as unknown as { benchWorker: unknown; Worker: new (url: string, options: { type: string }) => unknown };
      scope.benchWorker = new scope.Worker("/bench/bench.js", { type: "module" });
    });
    const cores = threads();
    for (const id of ids) {
      for (const n of cores > 1 ? [1, 0] : [1]) {
        for (const line of runBenchmarks([id], n === 0 ? cores : n)) console.log(JSON.stringify({ ...line, where: "node" }));
        const reply = await page.evaluate(
          ([bench, count]) =>
            new Promise<{ lines?: BenchLine[]; error?: string }>((resolve) => {
              type Reply = { lines?: BenchLine[]; error?: string };
              const w = (globalThis as unknown as { benchWorker: { onmessage: (e: { data: Reply }) => void; postMessage(m: unknown): void } }).benchWorker;
              w.onmessage = (e) => resolve(e.data);
              w.postMessage({ ids: [bench], threads: count });
            }),
          [id, n] as const,
        );
        if (reply.error !== undefined) throw new Error(`${id} in the page: ${reply.error}`);
        for (const line of reply.lines ?? []) console.log(JSON.stringify({ ...line, where: "chromium", isolated }));
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
