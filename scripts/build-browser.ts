/**
 * Builds the browser bundle: `dist/browser/purediff.js` (the package) and
 * `dist/browser/laws.js` (`purediff/laws`), ES modules sharing their common code in
 * `dist/browser/chunk-*.js`, minified, with source maps. The Node platform module is
 * replaced by the browser one (`src/platform/browser`), and the thread pool's Node worker
 * host by the Web Worker host, so nothing in the bundle needs Node. Prints the size of the
 * bundle, minified and gzipped.
 *
 * Run: `npm run build:browser`.
 */
import { build, type Plugin } from "esbuild";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(__dirname, "..");
const outdir = join(root, "dist", "browser");
const browserDir = join(root, "src", "platform", "browser");

/** Points imports of the Node platform and of the thread pool's Node worker host at their browser versions. */
export const browserPlatform: Plugin = {
  name: "purediff-browser-platform",
  setup(b) {
    b.onResolve({ filter: /\/node\/index$/ }, (args) =>
      args.resolveDir === join(root, "src", "platform") ? { path: join(browserDir, "index.ts") } : undefined,
    );
    b.onResolve({ filter: /^\.\/worker-host-node$/ }, (args) =>
      args.resolveDir === join(root, "src", "tensor", "kernels", "wasm") ? { path: join(browserDir, "worker-host-node.ts") } : undefined,
    );
  },
};

/** Total bytes of the bundle's files, raw and gzipped. */
export function bundleSize(dir: string): { readonly minified: number; readonly gzip: number } {
  let minified = 0;
  let gzip = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".js")) continue;
    const bytes = readFileSync(join(dir, file));
    minified += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { minified, gzip };
}

/**
 * Builds the bundle into `dist/browser`.
 * @example await buildBrowser()
 */
export async function buildBrowser(): Promise<void> {
  // Built beside the bundle, then swapped in: whoever serves or reads dist/browser meanwhile
  // (a test running in parallel) sees the old bundle or the new one, never half of one.
  const fresh = `${outdir}.${process.pid}.${Date.now()}.tmp`;
  const stale = `${fresh}.old`;
  await build({
    absWorkingDir: root,
    entryPoints: { purediff: "src/index.ts", laws: "laws/index.ts" },
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome109", "firefox115", "safari16"],
    minify: true,
    sourcemap: true,
    legalComments: "linked",
    plugins: [browserPlatform],
    logLevel: "warning",
  });
  if (existsSync(outdir)) renameSync(outdir, stale);
  renameSync(fresh, outdir);
  rmSync(stale, { recursive: true, force: true });
}

if (require.main === module) {
  buildBrowser().then(
    () => {
      const { minified, gzip } = bundleSize(outdir);
      console.log(`dist/browser: ${(minified / 1024).toFixed(0)} KiB minified, ${(gzip / 1024).toFixed(0)} KiB minified + gzip`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
