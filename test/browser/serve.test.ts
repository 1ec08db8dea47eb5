/**
 * The demo's server (examples/browser/serve.ts), over HTTP from Node, no browser needed: the
 * isolation headers, the datasets as JSON, the page and the bundle, and nothing else.
 */
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDemo, type PageDataset } from "../../examples/browser/serve";

let server: Server;
let url: string;

beforeAll(async () => {
  ({ server, url } = await serveDemo(0));
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("npm run demo:browser's server", () => {
  it("serves the page and its modules cross-origin isolated, and without isolation on request", async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(page.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(await page.text()).toContain('<script type="module" src="./page.js"></script>');
    const module = await fetch(`${url}page.js`);
    expect(module.status).toBe(200);
    expect(module.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const plain = await fetch(`${url}?isolation=off`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cross-origin-embedder-policy")).toBeNull();
  });

  it("serves iris's petal length and width and the digits scaled to [0, 1] as JSON", async () => {
    const iris = (await (await fetch(`${url}data/iris.json`)).json()) as PageDataset;
    expect(iris.shape).toEqual([150, 2]);
    // Row 1 of data/iris.csv: 5.1, 3.5, 1.4, 0.2, setosa; as float32.
    expect(iris.x.slice(0, 2)).toEqual([Math.fround(1.4), Math.fround(0.2)]);
    expect(iris.y.slice(0, 1)).toEqual([0]);
    expect(iris.featureNames).toEqual(["petal length (cm)", "petal width (cm)"]);
    expect(iris.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    const digits = (await (await fetch(`${url}data/digits.json`)).json()) as PageDataset;
    expect(digits.shape).toEqual([1797, 64]);
    // The first digit's first row of pixel counts is 0 0 5 13 9 1 0 0 (of 16).
    expect(digits.x.slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0].map((v) => v / 16));
    expect(Math.max(...digits.x)).toBe(1);
  });

  it("answers 404 for sources, unknown datasets and paths outside its folders", async () => {
    for (const path of ["serve.ts", "checks.d.ts", "data/mnist.json", "nothing.js", "..%2F..%2Fpackage.json", "purediff/..%2F..%2Fpackage.json"]) {
      const response = await fetch(`${url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });
});
