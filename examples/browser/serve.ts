/**
 * The live teaching page's server: a tiny static server for `examples/browser/` with the
 * bundle under `/purediff/` (built first if missing) and the bundled datasets as JSON under
 * `/data/` (iris's petal length and width, a 2-D problem; the 8×8 digits scaled to [0, 1]).
 * It sends the COOP/COEP headers that make the page cross-origin isolated
 * (`SharedArrayBuffer`, shared WebAssembly memory, the thread pool in Web Workers), except
 * for a request with `?isolation=off`.
 *
 * Run: `npm run demo:browser` (then open the printed address; `PORT=9000` picks the port).
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { div, train, type Tensor } from "../../src/index";
import { buildBrowser } from "../../scripts/build-browser";

const root = resolve(__dirname, "../..");
const pageDir = __dirname;
const bundleDir = join(root, "dist", "browser");

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** Headers that make the page cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/**
 * A dataset as the page fetches it: row-major features, their shape, integer labels.
 * @example const iris = (await (await fetch("/data/iris.json")).json()) as PageDataset;
 */
export interface PageDataset {
  readonly name: string;
  readonly shape: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly featureNames: readonly string[];
  readonly classNames: readonly string[];
}

function asJson(name: string, x: Tensor, y: Tensor, featureNames: readonly string[], classNames: readonly string[]): string {
  const dataset: PageDataset = { name, shape: x.shape, x: Array.from(x.data()), y: Array.from(y.data()), featureNames, classNames };
  return JSON.stringify(dataset);
}

/**
 * The datasets the page offers, as JSON text by name.
 * @example pageDatasets().iris // '{"name":"iris","shape":[150,2],...}'
 */
export function pageDatasets(): Readonly<Record<string, string>> {
  const iris = train.loadIris();
  const petals = iris.x.slice([0, 2], [iris.x.shape[0], 4]);
  const digits = train.loadDigits();
  return {
    iris: asJson("iris", petals, iris.y, iris.featureNames.slice(2), iris.classNames),
    digits: asJson("digits", div(digits.x, 16), digits.y, digits.featureNames, digits.classNames),
  };
}

/**
 * Options of {@link serveDemo}.
 * @example serveDemo(0, { rebuild: true, folders: { "/bench/": "out/bench-browser" } })
 */
export interface ServeOptions {
  /** Rebuild the bundle even when it exists (default false). */
  readonly rebuild?: boolean;
  /** More folders to serve, by URL prefix (`"/bench/"`). */
  readonly folders?: Readonly<Record<string, string>>;
}

/** The file a request path names, or undefined when it is outside the served folders. */
function fileFor(urlPath: string, folders: Readonly<Record<string, string>>): string | undefined {
  const path = normalize(decodeURIComponent(urlPath.split("?")[0]));
  if (path.includes("..")) return undefined;
  for (const [prefix, dir] of Object.entries(folders)) if (path.startsWith(prefix)) return join(dir, path.slice(prefix.length));
  return join(pageDir, path === "/" ? "index.html" : path);
}

/**
 * Starts the server on `port` (0: any free one), building the bundle first when it is missing.
 * @example const { url, server } = await serveDemo(0); // url "http://127.0.0.1:41234/"
 */
export async function serveDemo(port: number, options: ServeOptions = {}): Promise<{ readonly url: string; readonly server: Server }> {
  const folders = { "/purediff/": bundleDir, ...options.folders };
  if (options.rebuild === true || !existsSync(join(bundleDir, "purediff.js"))) await buildBrowser();
  const datasets = pageDatasets();
  const server = createServer((request, response) => {
    const urlPath = request.url ?? "/";
    // `?isolation=off` serves a page without COOP/COEP, to see it run on one thread.
    const headers = urlPath.includes("isolation=off") ? {} : ISOLATION_HEADERS;
    const dataset = /^\/data\/(\w+)\.json$/.exec(urlPath);
    const body = dataset !== null ? datasets[dataset[1]] : undefined;
    if (body !== undefined) {
      response.writeHead(200, { ...headers, "Content-Type": TYPES[".json"] });
      response.end(body);
      return;
    }
    const file = fileFor(urlPath, folders);
    if (file === undefined || !existsSync(file) || file.endsWith(".ts")) {
      response.writeHead(404, { ...headers, "Content-Type": TYPES[".txt"] });
      response.end(`not found: ${urlPath}`);
      return;
    }
    response.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${actual}/`, server };
}

if (require.main === module) {
  serveDemo(Number(process.env.PORT ?? 8080), { rebuild: true }).then(
    ({ url }) => console.log(`purediff's live page: ${url} (Ctrl-C stops)`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
