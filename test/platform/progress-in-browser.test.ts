/**
 * Progress reporting with the browser platform in place (as in the bundle): no terminal, so
 * barProgress and defaultProgress print plain lines, and isCI reads no environment.
 */
import { describe, expect, it, vi } from "vitest";
import { barProgress, defaultProgress, isCI } from "../../src/train/progress";

// Hoisted above the imports: progress.ts then sees the browser platform.
vi.mock("../../src/platform", async () => await import("../../src/platform/browser/index"));

describe("progress in a browser", () => {
  it("falls back to plain lines on the console", () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      let t = 0;
      for (const progress of [barProgress({ now: () => (t += 500) }), defaultProgress({ now: () => (t += 500) })]) {
        progress.start(4, "epoch 1/1");
        progress.update(4, { loss: 0.25 });
        progress.stop();
      }
    } finally {
      log.mockRestore();
    }
    // The clock advances 500 ms per reading: start reads it once, stop twice (rate, then duration).
    const line = "epoch 1/1: 4/4 steps · loss 0.25 · 8.00 steps/s · 1.00 s";
    expect(lines).toEqual([line, line]);
    expect(isCI()).toBe(false);
  });
});
