import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { barProgress, defaultProgress, formatMetrics, isCI, plainProgress, recordProgress, silentProgress, type ProgressReporter } from "../../src/train";

/** A fake clock advanced by hand. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** A stream that keeps what is written to it. */
function sink(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; cursorTo?: unknown };
  stream.isTTY = isTTY;
  return { stream, text: () => chunks.join("") };
}

function epoch(p: ProgressReporter, clock: { advance: (ms: number) => void }, steps: number): void {
  p.start(steps, "epoch 1/3");
  for (let s = 1; s <= steps; s++) {
    clock.advance(10);
    p.update(s, { loss: 1 / s });
  }
  p.stop({ loss: 0.25, "val loss": 0.3 });
}

describe("plain progress (CI)", () => {
  it("prints one line per epoch with the summary, throughput and time", () => {
    const lines: string[] = [];
    const clock = fakeClock();
    epoch(plainProgress({ write: (l) => lines.push(l), now: clock.now, batchSize: 32 }), clock, 200);
    expect(lines).toEqual(["epoch 1/3: 200/200 steps · loss 0.25 · val loss 0.3 · 100 steps/s · 3200 examples/s · 2.00 s"]);
  });

  it("also prints every N steps when asked", () => {
    const lines: string[] = [];
    const clock = fakeClock();
    epoch(plainProgress({ write: (l) => lines.push(l), now: clock.now, every: 50 }), clock, 120);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("epoch 1/3: step 50/120 · loss 0.02 · 100 steps/s");
    expect(lines[1]).toMatch(/^epoch 1\/3: step 100\/120 · loss 0\.01 ·/);
    expect(lines[2]).toMatch(/^epoch 1\/3: 120\/120 steps · loss 0\.25/);
  });

  it("shows the last metrics when stop gets no summary", () => {
    const lines: string[] = [];
    const p = plainProgress({ write: (l) => lines.push(l), unit: "batches" });
    p.start(3);
    p.update(3, { loss: 0.123456, accuracy: 0.9 });
    p.stop();
    expect(lines[0]).toMatch(/^3\/3 batches · loss 0\.1235 · accuracy 0\.9/);
  });
});

describe("bar progress (TTY)", () => {
  it("draws with cli-progress and prints the summary line at stop", () => {
    const out = sink(true);
    const clock = fakeClock();
    epoch(barProgress({ stream: out.stream, now: clock.now }), clock, 20);
    expect(out.text()).toContain("epoch 1/3: loss 0.25 · val loss 0.3 · 100 steps/s · 0.20 s\n");
    expect(out.text()).toMatch(/epoch 1\/3 [░█]+ 20\/20 \| loss 0\.05 \| 100 steps\/s/);
  });
});

describe("choosing a reporter and silent reporters", () => {
  it("uses plain lines without a TTY", () => {
    const lines: string[] = [];
    const p = defaultProgress({ stream: sink(false).stream, write: (l) => lines.push(l) });
    p.start(1, "e");
    p.update(1, { loss: 1 });
    p.stop();
    expect(lines).toHaveLength(1);
  });

  it("knows CI from the environment", () => {
    expect(isCI({ CI: "true" })).toBe(true);
    expect(isCI({ CI: "1" })).toBe(true);
    expect(isCI({ CI: "false" })).toBe(false);
    expect(isCI({})).toBe(false);
  });

  it("silent does nothing, record keeps every call", () => {
    const s = silentProgress();
    expect(() => {
      s.start(1);
      s.update(1, { loss: 1 });
      s.stop();
    }).not.toThrow();
    const { reporter, events } = recordProgress();
    reporter.start(2, "epoch 1");
    reporter.update(1, { loss: 0.5 });
    reporter.stop({ loss: 0.4 });
    expect(events).toEqual([
      { kind: "start", total: 2, label: "epoch 1" },
      { kind: "update", step: 1, metrics: { loss: 0.5 } },
      { kind: "stop", summary: { loss: 0.4 } },
    ]);
  });

  it("formats metrics with 4 significant digits", () => {
    expect(formatMetrics({ loss: 0.123456, acc: 0.5, big: 1.5e7, skip: undefined })).toBe("loss 0.1235 · acc 0.5 · big 1.500e+7");
  });
});
