/**
 * purediff in a real browser: headless Chromium (the system's, via playwright-core) loads the
 * live teaching page (examples/browser, served with COOP/COEP headers) and the ESM bundle, and
 * we check that the page trains (the loss falls), that grad, jit and the law kit give the very
 * numbers Node gives, and that saving and reloading params in the page is exact. Screenshots
 * of the page go to docs/images/ (the README shows them).
 *
 * Without Chromium the suite is skipped with a message, unless CI is set: then it fails.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pd from "../../src/index";
import * as laws from "../../laws/index";
import { fixedCase, saveAndReload, type FixedCase, type SaveReport } from "../../examples/browser/checks";
import { serveDemo } from "../../examples/browser/serve";
import { isCI } from "../../src/train/progress";
import { browserPlatform, buildBrowser } from "../../scripts/build-browser";
import { chromiumPath, launchChromium } from "../../scripts/chromium";
import type { PoolReport } from "./pool-worker";

const root = resolve(__dirname, "../..");
const images = join(root, "docs", "images");
const testBundle = join(root, "out", "test-browser");
const available = chromiumPath() !== undefined;
if (!available && !isCI()) console.warn("test/browser: skipped, no Chromium at /usr/bin/chromium (apt-get install -y chromium); in CI it runs");

/** What the page keeps in window.purediffDemo.state. */
interface DemoState {
  readonly losses: readonly { readonly step: number; readonly loss: number }[];
  readonly accuracy: number | undefined;
  readonly steps: number;
  readonly view: "boundary" | "weights" | undefined;
  readonly saved: Uint8Array | undefined;
  readonly loaded: { readonly ok: boolean; readonly message: string } | undefined;
  readonly check: { readonly passed: boolean; readonly checked: number; readonly maxAbsoluteError: number } | undefined;
  readonly error: string | undefined;
}

/** The page's global, as the test reaches it. */
interface DemoGlobal {
  readonly purediffDemo: {
    readonly state: DemoState;
    readonly pd: typeof pd;
    fixedCase(): FixedCase;
    saveAndReload(params: unknown): Promise<SaveReport>;
  };
}

const demoState = (page: Page): Promise<DemoState> =>
  page.evaluate(() => {
    const s = (globalThis as unknown as DemoGlobal).purediffDemo.state;
    return { ...s, saved: undefined };
  });

/**
 * Trains with the page's controls until at least `steps` steps are done and a second has
 * passed (counting steps, not time, keeps the test fair on a busy machine); the state then.
 */
async function trainFor(page: Page, choice: { dataset: string; network: string; optimizer: string; lr: string }, steps: number): Promise<DemoState> {
  await page.selectOption("#dataset", choice.dataset);
  await page.selectOption("#network", choice.network);
  await page.selectOption("#optimizer", choice.optimizer);
  await page.fill("#lr", choice.lr);
  await page.click("#train");
  await page.waitForTimeout(1000);
  await page.waitForFunction(
    (n) => {
      const s = (globalThis as unknown as DemoGlobal).purediffDemo.state;
      return s.steps >= n && s.losses.length >= 6;
    },
    steps,
    { timeout: 50_000 },
  );
  return demoState(page);
}

/** Mean of the first and of the last `n` losses of a run. */
function firstAndLast(state: DemoState, n: number): [number, number] {
  const mean = (xs: readonly { loss: number }[]) => xs.reduce((s, p) => s + p.loss, 0) / xs.length;
  return [mean(state.losses.slice(0, n)), mean(state.losses.slice(-n))];
}

describe.skipIf(!available && !isCI())("the live page in headless Chromium", () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildBrowser();
    await build({
      absWorkingDir: root,
      entryPoints: { "pool-worker": "test/browser/pool-worker.ts" },
      outdir: testBundle,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      plugins: [browserPlatform],
      logLevel: "warning",
    });
    const served = await serveDemo(0, { folders: { "/test/": testBundle } });
    server = served.server;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.waitForFunction(() => (globalThis as unknown as DemoGlobal).purediffDemo !== undefined, undefined, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server === undefined ? done(undefined) : server.close(done)));
  });

  it("the bundle imports no Node built-in, and the page is cross-origin isolated", async () => {
    const bundle = readdirSync(join(root, "dist", "browser")).filter((f) => f.endsWith(".js"));
    expect(bundle).toContain("purediff.js");
    expect(bundle).toContain("laws.js");
    for (const file of bundle) {
      const text = readFileSync(join(root, "dist", "browser", file), "utf8");
      expect(text).not.toMatch(/from\s*"(node:)?(fs|path|os|zlib|worker_threads|cli-progress)"/);
      expect(text).not.toMatch(/require\("/);
    }
    expect(await page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated)).toBe(true);
  });

  it("runs the thread pool on Web Workers inside a worker of the isolated page, one thread elsewhere, with the same bits", async () => {
    interface ThreadsReport {
      readonly isolated: boolean;
      readonly hardwareConcurrency: number;
      readonly threads: number;
      readonly identical: boolean;
      readonly checksum: number;
    }
    const check = (p: Page): Promise<ThreadsReport> =>
      p.evaluate(() => (globalThis as unknown as { purediffDemo: { threadsCheck(): Promise<ThreadsReport> } }).purediffDemo.threadsCheck());
    const isolated = await check(page);
    expect(isolated).toMatchObject({ isolated: true, identical: true });
    expect(isolated.threads).toBe(isolated.hardwareConcurrency);
    // The page's main thread cannot block on workers: one thread there.
    expect(await page.evaluate(() => (globalThis as unknown as DemoGlobal).purediffDemo.pd.threads())).toBe(1);
    const plain = await browser.newPage();
    try {
      await plain.goto(`${page.url()}?isolation=off`);
      await plain.waitForFunction(() => (globalThis as unknown as DemoGlobal).purediffDemo !== undefined, undefined, { timeout: 30_000 });
      const single = await check(plain);
      expect(single).toMatchObject({ isolated: false, threads: 1, identical: true });
      expect(single.checksum).toBe(isolated.checksum);
    } finally {
      await plain.close();
    }
  });

  it("the pool's Web Workers take part in a product in a worker of the isolated page, and the bits match one thread's", async () => {
    const report = await page.evaluate(
      () =>
        new Promise<PoolReport>((resolve, reject) => {
          const scope = globalThis as unknown as {
            Worker: new (
              url: string,
              options: { type: string },
            ) => { onmessage: (e: { data: PoolReport }) => void; onerror: (e: { message: string }) => void; postMessage(m: unknown): void };
          };
          const w = new scope.Worker("/test/pool-worker.js", { type: "module" });
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage("go");
        }),
    );
    const cores = await page.evaluate(() => (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency);
    expect(report).toMatchObject({ size: cores, ready: cores, identical: true });
    if (cores > 1) expect(report.workerTasks).toBeGreaterThan(0);
  });

  it("grad, jit and the law kit's checkGrads give in the page the very numbers they give under Node", async () => {
    const inPage = await page.evaluate(() => (globalThis as unknown as DemoGlobal).purediffDemo.fixedCase());
    const inNode = fixedCase(pd, laws);
    expect(inPage).toEqual(inNode);
    // sum(tanh(x·w)) and its gradient xᵀ(1 − tanh²(x·w)), from NumPy 2.4 (float64).
    expect(inPage.value).toBe(2.5285158911150454);
    expect(inPage.grad).toEqual([
      [-0.7765816958004872, 0.0031590477661753713],
      [0.4129559408138441, 0.013409763202603064],
      [1.6024935774281754, 0.023660478639030758],
    ]);
    expect(inPage.jitGrad).toEqual(inPage.grad);
    expect(inPage.gradCheck.passed).toBe(true);
    expect(inPage.gradCheck.checked).toBe(6);
  });

  it("saves and reloads params in the page exactly (bytes, JSON, Blob), byte for byte what Node writes", async () => {
    const init = `const { nn, random } = globalThis.purediffDemo.pd;
      return nn.serial(nn.dense(5), nn.activation(nn.tanh), nn.dense(3)).init(random.key(7), [-1, 4])[1];`;
    const report = await page.evaluate((body) => {
      const demo = (globalThis as unknown as DemoGlobal).purediffDemo;
      return demo.saveAndReload(new Function(body)());
    }, init);
    const bytesInPage = await page.evaluate((body) => {
      const demo = (globalThis as unknown as DemoGlobal).purediffDemo;
      return Array.from(demo.pd.train.paramsToBytes(new Function(body)()));
    }, init);
    const nodeParams = pd.nn.serial(pd.nn.dense(5), pd.nn.activation(pd.nn.tanh), pd.nn.dense(3)).init(pd.random.key(7), [-1, 4])[1];
    expect(bytesInPage).toEqual(Array.from(pd.train.paramsToBytes(nodeParams)));
    expect(report).toEqual(await saveAndReload(pd, nodeParams));
    expect(report).toMatchObject({ binary: true, json: true, blob: true });
    expect(report.corrupted).toMatch(/^paramsFromBytes: .*checksum/);
    expect(report.wrongLike).toMatch(/^paramsFromBytes: /);
  });

  it("trains an MLP on two iris features: the loss falls and the decision boundary is drawn", async () => {
    const state = await trainFor(page, { dataset: "iris", network: "mlp", optimizer: "adam", lr: "0.01" }, 1500);
    await page.screenshot({ path: join(images, "browser-demo-iris.png") });
    await page.click("#stop");
    expect(state.error).toBeUndefined();
    expect(state.view).toBe("boundary");
    const [first, last] = firstAndLast(state, 3);
    expect(last).toBeLessThan(0.5 * first);
    expect(state.accuracy).toBeGreaterThan(0.85);
  });

  it("trains the small CNN on the digits, shows its first layer, passes the gradient check, and saves and reloads its params through the worker", async () => {
    const state = await trainFor(page, { dataset: "digits", network: "cnn", optimizer: "adam", lr: "0.01" }, 200);
    expect(state.error).toBeUndefined();
    expect(state.view).toBe("weights");
    const [first, last] = firstAndLast(state, 3);
    expect(last).toBeLessThan(0.5 * first);
    await page.click("#gradcheck");
    await page.waitForFunction(() => (globalThis as unknown as DemoGlobal).purediffDemo.state.check !== undefined, undefined, { timeout: 30_000 });
    await page.click("#stop");
    await page.click("#save");
    await page.waitForFunction(() => (globalThis as unknown as DemoGlobal).purediffDemo.state.saved !== undefined, undefined, { timeout: 30_000 });
    await page.click("#load");
    await page.waitForFunction(() => (globalThis as unknown as DemoGlobal).purediffDemo.state.loaded !== undefined, undefined, { timeout: 30_000 });
    const after = await demoState(page);
    expect(after.check).toMatchObject({ passed: true, checked: 24 });
    expect(after.check?.maxAbsoluteError).toBeLessThan(1e-6);
    expect(after.loaded).toEqual(expect.objectContaining({ ok: true, message: "params restored" }));
    await page.screenshot({ path: join(images, "browser-demo-digits.png") });
    expect(pageErrors).toEqual([]);
  });
});
