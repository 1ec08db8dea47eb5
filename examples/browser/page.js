// The page: controls, the worker that trains, and the drawing of the loss curve, the decision
// boundary (2-D data) or the first layer's weights. Exposes window.purediffDemo for tests.
import * as pd from "/purediff/purediff.js";
import * as laws from "/purediff/laws.js";
import { fixedCase, saveAndReload } from "./checks.js";

const $ = (id) => document.getElementById(id);
const COLORS = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

const worker = new Worker("./train-worker.js", { type: "module" });
const state = {
  losses: [],
  accuracy: undefined,
  steps: 0,
  points: undefined,
  saved: undefined,
  check: undefined,
  loaded: undefined,
  error: undefined,
  view: undefined,
};

function spec() {
  return {
    dataset: $("dataset").value,
    network: $("network").value,
    optimizer: $("optimizer").value,
    learningRate: Number($("lr").value),
    batchSize: Number($("batch").value),
    seed: Number($("seed").value),
  };
}

function drawLoss() {
  const canvas = $("loss");
  const g = canvas.getContext("2d");
  const { width, height } = canvas;
  const m = { l: 48, r: 10, t: 10, b: 28 };
  g.clearRect(0, 0, width, height);
  g.strokeStyle = "#999";
  g.strokeRect(m.l, m.t, width - m.l - m.r, height - m.t - m.b);
  const points = state.losses.filter((p) => p.loss > 0 && Number.isFinite(p.loss));
  if (points.length < 2) return;
  // A logarithmic loss axis: the early drop and the late slow progress both show.
  const logs = points.map((p) => Math.log10(p.loss));
  const [lo, hi] = [Math.floor(Math.min(...logs)), Math.ceil(Math.max(...logs))];
  const xMax = points[points.length - 1].step;
  const X = (s) => m.l + (s / xMax) * (width - m.l - m.r);
  const Y = (v) => m.t + (1 - (v - lo) / Math.max(1, hi - lo)) * (height - m.t - m.b);
  g.fillStyle = "#555";
  g.font = "11px system-ui";
  for (let e = lo; e <= hi; e++) g.fillText(`1e${e}`, 8, Y(e) + 4);
  g.fillText(`step ${xMax}`, width - 70, height - 8);
  g.strokeStyle = "#1f77b4";
  g.lineWidth = 2;
  g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(X(p.step), Y(logs[i])) : g.lineTo(X(p.step), Y(logs[i]))));
  g.stroke();
}

function drawBoundary(v) {
  const canvas = $("view");
  const g = canvas.getContext("2d");
  const { width, height } = canvas;
  const image = g.createImageData(v.side, v.side);
  for (let i = 0; i < v.side * v.side; i++) {
    let best = 0;
    for (let c = 1; c < v.classes; c++) if (v.probs[i * v.classes + c] > v.probs[i * v.classes + best]) best = c;
    const confidence = v.probs[i * v.classes + best];
    const [r, gr, b] = COLORS[best];
    const a = 0.25 + (0.6 * (confidence - 1 / v.classes)) / (1 - 1 / v.classes);
    image.data.set([255 - a * (255 - r), 255 - a * (255 - gr), 255 - a * (255 - b), 255], 4 * i);
  }
  const tile = document.createElement("canvas");
  tile.width = tile.height = v.side;
  tile.getContext("2d").putImageData(image, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(tile, 0, 0, width, height);
  if (state.points) {
    const [x0, x1, y0, y1] = v.box;
    for (let i = 0; i < state.points.y.length; i++) {
      const px = ((state.points.x[2 * i] - x0) / (x1 - x0)) * width;
      const py = (1 - (state.points.x[2 * i + 1] - y0) / (y1 - y0)) * height;
      const [r, gr, b] = COLORS[state.points.y[i]];
      g.fillStyle = `rgb(${r},${gr},${b})`;
      g.strokeStyle = "#222";
      g.beginPath();
      g.arc(px, py, 3.5, 0, 2 * Math.PI);
      g.fill();
      g.stroke();
    }
  }
  $("viewTitle").textContent = "decision boundary (standardized petal length → , width ↑)";
}

/** The first layer's filters as tiles: 8×8 input weights of a dense layer, or the conv kernels. */
function drawWeights(v) {
  const canvas = $("view");
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  const conv = v.shape.length === 4;
  const side = conv ? v.shape[0] : 8;
  const units = Math.min(conv ? v.shape[3] : v.shape[1], 32);
  const cols = Math.min(units, 8);
  const cell = Math.floor(Math.min((canvas.width - 10) / cols, (canvas.height - 10) / Math.ceil(units / cols)));
  const stride = conv ? v.shape[3] : v.shape[1];
  for (let u = 0; u < units; u++) {
    let scale = 1e-12;
    for (let p = 0; p < side * side; p++) scale = Math.max(scale, Math.abs(v.weights[p * stride + u]));
    const px = cell - 4;
    for (let p = 0; p < side * side; p++) {
      const w = v.weights[p * stride + u] / scale;
      const c = Math.round(255 * (1 - Math.abs(w)));
      g.fillStyle = w > 0 ? `rgb(${c},${c},255)` : `rgb(255,${c},${c})`;
      g.fillRect(
        5 + (u % cols) * cell + ((p % side) * px) / side,
        5 + Math.floor(u / cols) * cell + (Math.floor(p / side) * px) / side,
        Math.ceil(px / side),
        Math.ceil(px / side),
      );
    }
  }
  $("viewTitle").textContent = `first layer's weights (${units} ${conv ? "3×3 kernels" : "units, 8×8 inputs"}; blue +, red −)`;
}

function drawView(v) {
  state.view = v.kind;
  if (v.kind === "boundary") drawBoundary(v);
  else drawWeights(v);
}

worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === "started") {
    state.losses = [];
    state.steps = 0;
    state.points = m.points;
    drawView(m.view);
  } else if (m.type === "progress") {
    state.losses.push({ step: m.step, loss: m.loss });
    state.accuracy = m.accuracy;
    state.steps = m.step;
    $("status").textContent =
      `epoch ${m.epoch + 1} · step ${m.step} · loss ${m.loss.toFixed(4)} · accuracy ${(100 * m.accuracy).toFixed(1)}% · ${(m.step / m.seconds).toFixed(0)} steps/s`;
    drawLoss();
    drawView(m.view);
  } else if (m.type === "saved") {
    state.saved = m.bytes;
    const link = $("download");
    link.href = URL.createObjectURL(new Blob([m.bytes], { type: "application/octet-stream" }));
    link.hidden = false;
    $("status").textContent = `saved ${m.bytes.length} bytes (.pdif, checksummed)`;
  } else if (m.type === "loaded") {
    state.loaded = m;
    $("status").textContent = `load: ${m.message}`;
    drawView(m.view);
  } else if (m.type === "gradcheck") {
    state.check = m.report;
    const r = m.report;
    $("check").textContent = [
      `passed: ${r.passed}`,
      `coordinates checked: ${r.checked}`,
      `max |analytic − numeric|: ${r.maxAbsoluteError.toExponential(2)}`,
      `max relative error: ${r.maxRelativeError.toExponential(2)}`,
      r.worst ? `worst: ${r.worst.path}  ${r.worst.analytic.toPrecision(8)} vs ${r.worst.numeric.toPrecision(8)}` : "",
    ].join("\n");
  } else if (m.type === "error") {
    state.error = m.message;
    $("status").textContent = `error: ${m.message}`;
  }
};

$("train").onclick = () => worker.postMessage({ type: "start", spec: spec() });
$("stop").onclick = () => worker.postMessage({ type: "stop" });
$("save").onclick = () => worker.postMessage({ type: "save" });
$("load").onclick = () => state.saved && worker.postMessage({ type: "load", bytes: state.saved.slice() });
$("gradcheck").onclick = () => worker.postMessage({ type: "gradcheck" });
$("dataset").onchange = () => {
  if ($("dataset").value === "iris" && $("network").value === "cnn") $("network").value = "mlp";
};
$("isolation").textContent = `cross-origin isolated: ${globalThis.crossOriginIsolated === true} · WebAssembly SIMD kernels in the page and the worker`;

/** Runs threads-worker.js once: the thread pool inside a Web Worker, and its product on one thread. */
function threadsCheck() {
  return new Promise((resolve, reject) => {
    const w = new Worker("./threads-worker.js", { type: "module" });
    w.onmessage = (event) => {
      resolve(event.data);
      w.terminate();
    };
    w.onerror = (event) => reject(new Error(event.message));
    w.postMessage("go");
  });
}

/** For the browser test: the page's state, and the checks run on the page's own thread or in a worker. */
window.purediffDemo = { state, pd, laws, fixedCase: () => fixedCase(pd, laws), saveAndReload: (params) => saveAndReload(pd, params), threadsCheck };
