import { describe, expect, it } from "vitest";
import { add, log, mul, optim, scalar, tensor, type Tensor } from "../../../src/index";
import * as nn from "../../../src/nn";
import * as random from "../../../src/random";
import { evaluate, fit, historySeries, recordProgress, TrainingDivergedError, type FitOptions } from "../../../src/train";
import type { GradientTransformation, StateFn } from "../../../src/optim";
import { digits, labels, mlp } from "./helpers";

/** An optimizer that counts its calls. */
function counting<F extends StateFn>(opt: GradientTransformation<F>): { opt: GradientTransformation<F>; calls: { init: number; update: number } } {
  const calls = { init: 0, update: 0 };
  return {
    calls,
    opt: {
      init: (p) => {
        calls.init++;
        return opt.init(p);
      },
      update: (g, s, p, e) => {
        calls.update++;
        return opt.update(g, s, p, e);
      },
    },
  };
}

describe("fit", () => {
  it("trains with validation, reshuffles each epoch and records the history", () => {
    const { net, params } = mlp(16);
    const data = digits(200);
    const { reporter, events } = recordProgress();
    const result = fit({
      model: net,
      params,
      optimizer: optim.adam(1e-2),
      data,
      validation: { fraction: 0.25 },
      epochs: 4,
      batchSize: 32,
      key: random.key(1),
      progress: reporter,
    });
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.history.every((r) => r.steps === 5 && r.seconds >= 0)).toBe(true); // 150 rows / 32 → 5 steps
    const losses = result.history.map((r) => r.loss);
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(result.history[3].valAccuracy).toBeGreaterThan(0.6);
    expect(result.stoppedEarly).toBe(false);
    expect(result.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.kind === "start").map((e) => (e.kind === "start" ? e.label : ""))).toEqual([
      "epoch 1/4",
      "epoch 2/4",
      "epoch 3/4",
      "epoch 4/4",
    ]);
    expect(events.filter((e) => e.kind === "update")).toHaveLength(20);
    const { loss, accuracy } = historySeries(result.history);
    expect(loss.map((s) => s.name)).toEqual(["train loss", "validation loss"]);
    expect(accuracy[1].points).toHaveLength(4);
  });

  it("is deterministic: the same key gives the same params", () => {
    const { net, params } = mlp(8);
    const data = digits(64);
    const run = (seed: number) => fit({ model: net, params, optimizer: optim.sgd(0.1), data, epochs: 2, batchSize: 16, key: random.key(seed) });
    const a = run(3);
    const b = run(3);
    const c = run(4);
    expect(a.params[0].W.toArray()).toEqual(b.params[0].W.toArray());
    expect(a.params[0].W.toArray()).not.toEqual(c.params[0].W.toArray()); // another order of batches
  });

  it("stops early and restores the best params", () => {
    const { net, params } = mlp(16);
    const data = digits(120);
    const validation = digits(200); // rows 0–119 are training rows: the val loss keeps falling, then overfits or stalls
    const snapshots: Tensor[] = [];
    const result = fit({
      model: net,
      params,
      optimizer: optim.adam(0.05),
      data,
      validation,
      epochs: 60,
      batchSize: 8,
      key: random.key(0),
      earlyStopping: { patience: 2, restoreBest: true, monitor: "valLoss" },
      onEpoch: (_r, s) => void snapshots.push(s.params[0].W),
    });
    expect(result.stoppedEarly).toBe(true);
    const last = result.history[result.history.length - 1].epoch;
    expect(result.history.length).toBeLessThan(60);
    expect(result.bestEpoch).toBe(last - 2);
    expect(result.params[0].W).toBe(snapshots[result.bestEpoch - 1]);
    const valLosses = result.history.map((r) => r.valLoss as number);
    expect(Math.min(...valLosses)).toBe(valLosses[result.bestEpoch - 1]);
  });

  it("counts accuracy for a lossFn that returns [loss, predictions], and feeds dropout a key per step", () => {
    const { net, params } = mlp(16);
    const data = digits(96);
    const lossFn = (p: typeof params, batch: { x: Tensor; y: Tensor }) => {
      const logits = net.apply(p, batch.x) as Tensor;
      return [nn.sparseCategoricalCrossEntropyWithLogits(logits, batch.y), logits] as const;
    };
    const a = fit({ lossFn, params, optimizer: optim.adam(1e-2), data, epochs: 4, batchSize: 16, key: random.key(0) });
    expect(a.history[0].accuracy).toBeDefined();
    expect(a.history[3].accuracy).toBeGreaterThan(a.history[0].accuracy as number);
    const dropoutNet = nn.serial(nn.dense(16), nn.activation(nn.relu), nn.dropout(0.2), nn.dense(10));
    const [, p0] = dropoutNet.init(random.key(0), [-1, 64]);
    const b = fit({ model: dropoutNet, params: p0, optimizer: optim.adam(1e-2), data, epochs: 2, batchSize: 32, key: random.key(0), randomness: true });
    expect(b.history[1].loss).toBeLessThan(b.history[0].loss);
    expect(() => fit({ model: dropoutNet, params: p0, optimizer: optim.adam(1e-2), data, epochs: 1, batchSize: 32, key: random.key(0) })).toThrow(
      /needs a key/,
    );
  });

  it("stops when onEpoch says so", () => {
    const { net, params } = mlp(8);
    const result = fit({
      model: net,
      params,
      optimizer: optim.sgd(0.1),
      data: digits(32),
      epochs: 5,
      batchSize: 16,
      key: random.key(0),
      onEpoch: (r) => (r.epoch === 2 ? "stop" : undefined),
    });
    expect(result.history).toHaveLength(2);
    expect(result.stoppedEarly).toBe(true);
  });

  describe("bad input is caught before any training", () => {
    const setup = () => {
      const { net, params } = mlp(8);
      const { opt, calls } = counting(optim.sgd(0.1));
      const { reporter, events } = recordProgress();
      const base = { model: net, params, optimizer: opt, epochs: 3, batchSize: 4, key: random.key(0), progress: reporter };
      return { base, calls, events };
    };

    it("a batch whose shape does not match the model", () => {
      const { base, calls, events } = setup();
      const x = tensor(Array.from({ length: 20 }, () => Array.from({ length: 63 }, () => 0.5)));
      const y = labels(Array.from({ length: 20 }, (_, i) => i % 10));
      expect(() => fit({ ...base, data: { x, y } })).toThrow(
        /^fit: input of shape \[20,63\] does not match the model's first layer expecting \[-1,64\]: dense\(8\): input of shape \[1,63\]/,
      );
      expect(calls.update).toBe(0);
      expect(events).toHaveLength(0);
    });

    it("labels out of range, in the data and in the validation data", () => {
      const { base, calls, events } = setup();
      const { x } = digits(8);
      expect(() => fit({ ...base, data: { x, y: labels([0, 1, 2, 3, 4, 12, 6, 7]) } })).toThrow("fit: label 12 at row 5 is outside [0, 10)");
      expect(() => fit({ ...base, data: { x, y: labels([0, 1, 2, 3, 4, -1, 6, 7]) } })).toThrow("fit: label -1 at row 5 is outside [0, 10)");
      expect(() => fit({ ...base, data: digits(8), validation: { x, y: labels([0, 1, 10, 3, 4, 5, 6, 7]) } })).toThrow(
        "fit: validation label 10 at row 2 is outside [0, 10)",
      );
      expect(calls.update).toBe(0);
      expect(events).toHaveLength(0);
    });

    it("rows that differ, targets the loss cannot take, bad counts", () => {
      const { base, calls } = setup();
      const { x, y } = digits(8);
      expect(() => fit({ ...base, data: { x, y: labels([0, 1, 2]) } })).toThrow("fit: data.x has 8 rows but data.y has 3");
      expect(() => fit({ ...base, data: { x, y: tensor(Array.from({ length: 8 }, () => [1, 0])) } })).toThrow(
        /^fit: the loss does not accept the model's output of shape \[1,10\]/,
      );
      expect(() => fit({ ...base, data: { x, y }, batchSize: 0 })).toThrow("fit: batchSize must be an integer ≥ 1, got 0");
      expect(calls.update).toBe(0);
    });
  });

  describe("a NaN loss stops training with the last good params", () => {
    type P = { readonly w: Tensor };
    // loss = w + 0·log(w): finite while w > 0, NaN once w < 0. SGD with lr 0.3 moves w by −0.3 per step:
    // w = 1, 0.7, 0.4, 0.1, −0.2 → the 5th step's loss is NaN.
    const lossFn = (p: P) => add(p.w, mul(0, log(p.w)));
    const data = { x: tensor(Array.from({ length: 10 }, (_, i) => [i])), y: tensor(Array.from({ length: 10 }, (_, i) => [i])) };
    const options: FitOptions<P, StateFn> = { lossFn, params: { w: scalar(1) }, optimizer: optim.sgd(0.3), data, epochs: 10, batchSize: 5, key: random.key(0) };

    it("names the epoch and the step and keeps the params of the last finite loss", () => {
      let error: unknown;
      const epochs: number[] = [];
      try {
        fit({ ...options, onEpoch: (r) => void epochs.push(r.epoch) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingDivergedError);
      const e = error as TrainingDivergedError<P>;
      expect(e.message).toMatch(/^fit: the loss became NaN at epoch 3, step 1 of 2: training diverged/);
      expect([e.epoch, e.step, e.steps]).toEqual([3, 1, 2]);
      expect(e.loss).toBeNaN();
      expect(e.lastGoodParams.w.item()).toBeCloseTo(0.1, 5);
      expect(e.history.map((r) => r.epoch)).toEqual([1, 2]);
      expect(epochs).toEqual([1, 2]);
    });

    it("with a model and a learning rate that blows up", () => {
      const { net, params } = mlp(16);
      let error: unknown;
      try {
        fit({ model: net, params, optimizer: optim.sgd(1e12), data: digits(64), epochs: 5, batchSize: 16, key: random.key(0) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingDivergedError);
      const e = error as TrainingDivergedError<typeof params>;
      expect(e.message).toMatch(/the loss became (NaN|Infinity|-Infinity) at epoch \d+, step \d+ of 4/);
      const { loss } = evaluate({ model: net }, e.lastGoodParams, digits(64).x, digits(64).y);
      expect(Number.isFinite(loss)).toBe(true);
    });
  });
});
