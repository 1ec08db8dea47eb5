// Trains in a Web Worker, so the page stays responsive: purediff's API is synchronous, and a
// worker is where a long synchronous computation belongs. The page sends { type: "start" },
// "stop", "save", "load" and "gradcheck"; the worker posts the progress (loss, accuracy and
// what to draw), the saved bytes and the gradient check's report.
import * as pd from "/purediff/purediff.js";
import { gradCheck } from "/purediff/laws.js";
import { makeNetwork, makeOptimizer } from "./networks.js";

const { astype, random, softmax, tensor, train, tree } = pd;

/** Side of the grid the decision boundary is evaluated on. */
const GRID = 64;
/** Milliseconds between two progress messages. */
const POST_EVERY = 80;

let runId = 0;
/** The current run: network, params, data; set by start. */
let current;

const isTensor = (t) => t instanceof pd.Tensor;

async function loadData(name) {
  const response = await fetch(`/data/${name}.json`);
  if (!response.ok) throw new Error(`cannot fetch /data/${name}.json: ${response.status}`);
  const d = await response.json();
  const x = tensor(d.x, "float32").reshape(d.shape);
  const y = tensor(d.y, "int32");
  return { ...d, x, y, inputShape: d.shape.slice(1) };
}

/** Standardized features in a box around the data, as a GRID×GRID batch (2-D data only). */
function boundaryGrid(x) {
  const [lo0, hi0, lo1, hi1] = [
    pd.min(x.slice([0, 0], [x.shape[0], 1])).item(),
    pd.max(x.slice([0, 0], [x.shape[0], 1])).item(),
    pd.min(x.slice([0, 1], [x.shape[0], 2])).item(),
    pd.max(x.slice([0, 1], [x.shape[0], 2])).item(),
  ];
  const pad = 0.5;
  const box = [lo0 - pad, hi0 + pad, lo1 - pad, hi1 + pad];
  const points = new Float32Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const i = r * GRID + c;
      points[2 * i] = box[0] + ((c + 0.5) / GRID) * (box[1] - box[0]);
      points[2 * i + 1] = box[3] - ((r + 0.5) / GRID) * (box[3] - box[2]);
    }
  }
  return { box, grid: tensor(points, "float32").reshape([GRID * GRID, 2]) };
}

/** What the page draws: class probabilities over the grid, or the first layer's weights. */
function view(run, params) {
  if (run.boundary) {
    const probs = softmax(run.net.apply(params, run.boundary.grid), -1);
    return { kind: "boundary", side: GRID, box: run.boundary.box, classes: run.classes, probs: probs.data() };
  }
  const w = params[0].W;
  return { kind: "weights", shape: w.shape, weights: w.data() };
}

async function start(spec, id) {
  const data = await loadData(spec.dataset);
  if (id !== runId) return;
  const [x] = spec.dataset === "iris" ? train.standardize(data.x) : [data.x];
  const classes = data.classNames.length;
  const inputShape = spec.network === "cnn" ? [8, 8, 1] : data.inputShape;
  const xs = spec.network === "cnn" ? x.reshape([x.shape[0], 8, 8, 1]) : x;
  const net = makeNetwork(pd, spec.network, inputShape, classes);
  const [initKey, shuffleKey] = random.split(random.key(spec.seed), 2);
  const [, params0] = net.init(initKey, [-1, ...inputShape]);
  const optimizer = makeOptimizer(pd, spec.optimizer, spec.learningRate);
  const step = train.makeStep({ model: net, optimizer });
  const run = { net, params: params0, x: xs, y: data.y, classes, points: spec.dataset === "iris" ? { x: x.data(), y: data.y.data() } : undefined };
  run.boundary = data.inputShape.length === 1 && data.inputShape[0] === 2 ? boundaryGrid(x) : undefined;
  current = run;
  let state = optimizer.init(run.params);
  let steps = 0;
  let lossSum = 0;
  let batches = 0;
  let correct = 0;
  let seen = 0;
  let lastPost = performance.now();
  const t0 = lastPost;
  postMessage({
    type: "started",
    network: spec.network,
    dataset: spec.dataset,
    points: run.points,
    classNames: data.classNames,
    featureNames: data.featureNames,
    view: view(run, run.params),
  });
  for (let epoch = 0; id === runId; epoch++) {
    for (const idx of train.batches(random.foldIn(shuffleKey, epoch), data.y.shape[0], spec.batchSize)) {
      const batch = { x: train.takeRows(xs, idx), y: train.takeRows(data.y, idx) };
      let metrics;
      [run.params, state, metrics] = step(run.params, state, batch);
      steps++;
      lossSum += metrics.loss;
      batches++;
      correct += (metrics.accuracy ?? 0) * idx.shape[0];
      seen += idx.shape[0];
      const now = performance.now();
      if (now - lastPost >= POST_EVERY) {
        postMessage({
          type: "progress",
          step: steps,
          epoch,
          seconds: (now - t0) / 1000,
          loss: lossSum / batches,
          accuracy: correct / seen,
          view: view(run, run.params),
        });
        lossSum = batches = correct = seen = 0;
        lastPost = now;
        await new Promise((resolve) => setTimeout(resolve, 0)); // let "stop", "save" and the rest in
        if (id !== runId) return;
      }
    }
  }
}

/** The gradient check of the first layer: its params in float64 against finite differences of the loss. */
function checkFirstLayer(run) {
  const to64 = (t) => (isTensor(t) && (t.dtype === "float32" || t.dtype === "float64") ? astype(t, "float64") : t);
  const params = tree.map(to64, run.params);
  const n = Math.min(16, run.y.shape[0]);
  const x = astype(run.x.slice([0, ...run.x.shape.slice(1).map(() => 0)], [n, ...run.x.shape.slice(1)]), "float64");
  const y = run.y.slice([0], [n]);
  const loss = (first) => pd.nn.sparseCategoricalCrossEntropyWithLogits(run.net.apply([first, ...params.slice(1)], x), y);
  const report = gradCheck(loss, [params[0]], { sampled: 24, seed: 1 });
  return {
    passed: report.passed,
    checked: report.checked,
    maxAbsoluteError: report.maxAbsoluteError,
    maxRelativeError: report.maxRelativeError,
    worst: report.worst === undefined ? undefined : { path: report.worst.path, analytic: report.worst.analytic, numeric: report.worst.numeric },
  };
}

self.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === "start") {
      const id = ++runId;
      start(message.spec, id).catch((e) => postMessage({ type: "error", message: String(e?.message ?? e) }));
    } else if (message.type === "stop") {
      runId++;
    } else if (message.type === "save" && current) {
      const bytes = train.paramsToBytes(current.params);
      postMessage({ type: "saved", bytes }, [bytes.buffer]);
    } else if (message.type === "load" && current) {
      const loaded = train.paramsFromBytesE(message.bytes, { like: current.params });
      if (loaded._tag === "Right") current.params = loaded.right;
      postMessage({
        type: "loaded",
        ok: loaded._tag === "Right",
        message: loaded._tag === "Right" ? "params restored" : loaded.left.message,
        view: view(current, current.params),
      });
    } else if (message.type === "gradcheck" && current) {
      postMessage({ type: "gradcheck", report: checkFirstLayer(current) });
    }
  } catch (e) {
    postMessage({ type: "error", message: String(e?.message ?? e) });
  }
};
