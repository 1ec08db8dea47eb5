/**
 * The adding problem (Hochreiter & Schmidhuber, "Long Short-Term Memory", 1997): a task
 * that needs a memory across a long time lag.
 *
 * Each input is a sequence of T = 100 steps with two channels: a random number in [0, 1)
 * and a marker that is 1 at exactly two steps (one in each half of the sequence) and 0
 * elsewhere. The target is the sum of the two marked numbers. Predicting the mean (1)
 * whatever the input gives a mean squared error of Var(u₁ + u₂) = 2/12 ≈ 0.167; doing
 * better means carrying the first marked number across up to 99 steps.
 *
 * Two networks of the same size read the sequences: an LSTM of 32 units and a simple
 * recurrent network (Elman) of 32 units, each followed by a dense readout, trained with
 * Adam on fresh batches. The LSTM's gated cell state carries the number and its error
 * falls far below the baseline; the simple RNN's gradient vanishes across the lag and it
 * stays at the baseline. Each training step is one jitted program (the scan over the 100
 * steps, its gradient and the update), traced once.
 *
 * Run: `npx tsx examples/adding-problem.ts` (or `npm run example:adding-problem`).
 * @module
 */
import { add, jit, mean, mul, nn, oneHot, optim, random, reshape, square, stack, sub, sum, train, valueAndGrad, type Tensor } from "../src/index";

/** A batch of the adding problem: inputs [n, T, 2] (number, marker) and targets [n, 1]. */
export interface AddingBatch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/**
 * `n` sequences of length `t` drawn from `key`: numbers uniform in [0, 1), one marker in
 * each half of the sequence, the target the sum of the two marked numbers.
 * @example const { x, y } = addingBatch(random.key(0), 64, 100); // x [64, 100, 2], y [64, 1]
 */
export function addingBatch(key: Tensor, n: number, t: number): AddingBatch {
  if (!(Number.isInteger(t) && t >= 2)) throw new Error(`addingBatch: the length must be an integer ≥ 2, got ${t}`);
  const [kv, ki, kj] = random.split(key, 3);
  const values = random.uniform(kv, [n, t]);
  const half = Math.floor(t / 2);
  const first = random.randint(ki, [n], 0, half);
  const second = random.randint(kj, [n], half, t);
  const markers = add(oneHot(first, t), oneHot(second, t));
  return { x: stack([values, markers], -1), y: reshape(sum(mul(values, markers), -1), [n, 1]) };
}

/**
 * Options of {@link trainAdding}.
 * @example trainAdding({ cell: "lstm", steps: 500 })
 */
export interface AddingOptions {
  /** The recurrent cell: "lstm" or "simpleRnn". */
  readonly cell: "lstm" | "simpleRnn";
  /** Sequence length (default 100). */
  readonly length?: number;
  /** Units of the cell (default 32). */
  readonly units?: number;
  /** Training steps at most (default 2000). */
  readonly steps?: number;
  /** Sequences per step (default 64). */
  readonly batchSize?: number;
  /** Adam's learning rate (default 3e-3), after clipping the gradient's global norm at 1. */
  readonly learningRate?: number;
  /** Measure the test MSE every this many steps (default 250). */
  readonly evalEvery?: number;
  /** Stop once the test MSE is below this (default 0: train all the steps). */
  readonly stopBelow?: number;
  /** Seed of the initialization and the data (default 0). */
  readonly seed?: number;
}

/**
 * What {@link trainAdding} measured: the test MSE (on 1000 held-out sequences) after each
 * `evalEvery` steps, and the last one.
 * @example const { curve, finalMse } = trainAdding({ cell: "lstm" });
 */
export interface AddingResult {
  readonly curve: readonly { readonly step: number; readonly mse: number }[];
  readonly finalMse: number;
  readonly seconds: number;
}

/** The mean squared error of predicting the mean whatever the input: Var(u₁ + u₂) = 1/6. */
export const BASELINE_MSE = 1 / 6;

/**
 * Trains a recurrent network of the chosen cell and a dense readout on fresh batches of
 * the adding problem, measuring the test MSE along the way.
 * @example
 * trainAdding({ cell: "lstm", stopBelow: 0.01 }).finalMse; // < 0.01
 */
export function trainAdding(options: AddingOptions): AddingResult {
  const { cell, length = 100, units = 32, steps = 2000, batchSize = 64, learningRate = 3e-3, evalEvery = 250, stopBelow = 0, seed = 0 } = options;
  if (cell !== "lstm" && cell !== "simpleRnn") throw new Error(`trainAdding: cell must be "lstm" or "simpleRnn", got ${JSON.stringify(cell)}`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`trainAdding: steps must be an integer ≥ 1, got ${steps}`);
  const t0 = performance.now();
  const [initKey, dataKey, testKey] = random.split(random.key(seed), 3);
  const recurrent = cell === "lstm" ? nn.rnn(nn.lstmCell(units)) : nn.rnn(nn.simpleRnnCell(units));
  const net = nn.serial(recurrent, nn.dense(1));
  const [, initial] = net.init(initKey, [-1, length, 2]);
  type Params = typeof initial;
  const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adam(learningRate));
  type State = ReturnType<typeof opt.init<Params>>;
  const mse = (p: Params, batch: AddingBatch) => mean(square(sub(net.apply(p, batch.x) as Tensor, batch.y)));
  const step = jit((p: Params, s: State, key: Tensor) => {
    const [loss, grads] = valueAndGrad((q: Params) => mse(q, addingBatch(key, batchSize, length)))(p);
    const [updates, next] = opt.update(grads, s, p);
    return [optim.applyUpdates(p, updates), next, loss] as const;
  });
  const test = addingBatch(testKey, 1000, length);
  const evaluate = jit(mse);
  let params = initial;
  let state = opt.init(params);
  const curve: { step: number; mse: number }[] = [];
  for (let i = 1; i <= steps; i++) {
    [params, state] = step(params, state, random.foldIn(dataKey, i));
    if (i % evalEvery === 0 || i === steps) {
      curve.push({ step: i, mse: evaluate(params, test).item() });
      if (curve[curve.length - 1].mse < stopBelow) break;
    }
  }
  return { curve, finalMse: curve[curve.length - 1].mse, seconds: (performance.now() - t0) / 1000 };
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  console.log(`adding problem, T = 100: predicting the mean gives test MSE ${BASELINE_MSE.toFixed(3)}`);
  const lstm = trainAdding({ cell: "lstm" });
  const rnn = trainAdding({ cell: "simpleRnn" });
  console.log("\nstep    LSTM MSE   simple RNN MSE");
  lstm.curve.forEach((p, i) => console.log(`${String(p.step).padStart(4)}    ${p.mse.toFixed(4)}     ${(rnn.curve[i]?.mse ?? NaN).toFixed(4)}`));
  const series = [
    { name: "LSTM", points: lstm.curve.map((p) => [p.step, p.mse] as const) },
    { name: "simple RNN", points: rnn.curve.map((p) => [p.step, p.mse] as const) },
  ];
  console.log(`\n${train.lineChartTerminal(series, { title: "test MSE", xLabel: "step", width: 64, height: 12, logY: true })}\n`);
  console.log(
    `LSTM: test MSE ${lstm.finalMse.toFixed(4)} (${lstm.seconds.toFixed(0)} s); simple RNN: ${rnn.finalMse.toFixed(4)} (${rnn.seconds.toFixed(0)} s); baseline ${BASELINE_MSE.toFixed(3)}`,
  );
}
