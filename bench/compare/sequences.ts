/**
 * The sequence workloads of `npm run bench` written for each library of the comparison:
 * B6 (value and gradient of an LSTM over 28 steps, batch 128, 128 units, dense readout,
 * softmax cross-entropy; bench/lstm.ts) and B7 (value and gradient of one pre-norm
 * transformer block, batch 16, 64 tokens, width 128, 4 heads, MLP 512 with tanh-GELU;
 * bench/attention.ts), on the same parameter and input numbers.
 *
 * purediff runs B6's loop as `lax.scan`; TF.js runs it as a JavaScript loop of its ops
 * (what `tf.layers.lstm` does inside); jax-js has no scan, so its loop is unrolled (under
 * its `jit`, one program of 28 copies of the cell). The fingerprint is the loss and the
 * mean absolute value of every gradient.
 * @module
 */
import { jit, valueAndGrad, type Tensor } from "../../src/index";
import { attentionInputs, attentionWorkload } from "../attention";
import { lstmInputs, lstmLossScan, lstmWorkload } from "../lstm";
import { meanAbs, timed } from "./fingerprint";
import type { Prepared } from "./harness";
import type { Jax, JaxArray, JaxTree, Tf, TfTensor } from "./facades";

/** The sequence benchmark ids. */
export const SEQUENCE_BENCHES = ["B6-lstm", "B7-attention"] as const;

/** B6's time steps (as sequential MNIST). */
const STEPS = 28;

/** A parameter as plain numbers, for the other libraries. */
interface Leaf {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

const leaf = (t: Tensor): Leaf => ({ values: Float32Array.from(t.data(), Number), shape: t.shape });

/** The B6 parameter names, in fingerprint order. */
const LSTM_KEYS = ["kernel", "recurrentKernel", "bias", "readout", "readoutBias"] as const;

/** The B7 parameters flattened to `group.name` keys, in fingerprint order. */
const BLOCK_KEYS = [
  "norm1.scale",
  "norm1.bias",
  "attention.query.W",
  "attention.query.b",
  "attention.key.W",
  "attention.key.b",
  "attention.value.W",
  "attention.value.b",
  "attention.out.W",
  "attention.out.b",
  "norm2.scale",
  "norm2.bias",
  "mlpIn.W",
  "mlpIn.b",
  "mlpOut.W",
  "mlpOut.b",
] as const;
type BlockKey = (typeof BLOCK_KEYS)[number];

/** Reads `a.b.c` out of a nested record of tensors. */
function at(tree: unknown, path: string): Tensor {
  let node = tree;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  return node as Tensor;
}

/** The B6 inputs as plain numbers: parameters, time-major inputs, one-hot labels. */
function lstmLeaves(): { readonly params: Record<(typeof LSTM_KEYS)[number], Leaf>; readonly xs: Leaf; readonly y: Leaf } {
  const { params, xs, y } = lstmInputs(STEPS);
  return { params: Object.fromEntries(LSTM_KEYS.map((k) => [k, leaf(params[k])])) as Record<(typeof LSTM_KEYS)[number], Leaf>, xs: leaf(xs), y: leaf(y) };
}

/** The B7 inputs as plain numbers. */
function blockLeaves(): { readonly params: Record<BlockKey, Leaf>; readonly x: Leaf } {
  const { params, x } = attentionInputs();
  return { params: Object.fromEntries(BLOCK_KEYS.map((k) => [k, leaf(at(params, k))])) as Record<BlockKey, Leaf>, x: leaf(x) };
}

// ---------------------------------------------------------------------------------------
// purediff

/** purediff's B6 (scan) and B7, eager or under `jit`. */
export function purediffSequencePrepare(bench: string, jitted: boolean): Prepared {
  if (bench === "B6-lstm") {
    const { params, xs, y } = lstmInputs(STEPS);
    const vg = jitted ? jit(valueAndGrad(lstmLossScan)) : valueAndGrad(lstmLossScan);
    const first = timed(() => vg(params, xs, y));
    const [value, g] = first.result;
    return { run: () => vg(params, xs, y), fingerprint: [value.item(), ...LSTM_KEYS.map((k) => meanAbs(g[k].data()))], firstMs: first.ms };
  }
  const { params, x, loss } = attentionInputs();
  const vg = jitted ? jit(valueAndGrad(loss)) : valueAndGrad(loss);
  const first = timed(() => vg(params, x));
  const [value, g] = first.result;
  return { run: () => vg(params, x), fingerprint: [value.item(), ...BLOCK_KEYS.map((k) => meanAbs(at(g, k).data()))], firstMs: first.ms };
}

// ---------------------------------------------------------------------------------------
// TensorFlow.js

/** TF.js's B6 and B7 (eager: TF.js has no jit). */
export function tfSequencePrepare(tf: Tf, bench: string): Prepared {
  const t = (l: Leaf): TfTensor => tf.tensor(l.values, l.shape, "float32");
  const dense = (x: TfTensor, W: TfTensor, b: TfTensor): TfTensor => tf.add(tf.matMul(x, W), b);
  const lossOf = (logits: TfTensor, y: TfTensor): TfTensor => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits, -1)), -1)));
  let keys: readonly string[];
  let params: TfTensor[];
  let inputs: TfTensor[];
  let loss: (...p: TfTensor[]) => TfTensor;
  if (bench === "B6-lstm") {
    const u = lstmWorkload.units;
    const { params: p, xs, y } = lstmLeaves();
    keys = LSTM_KEYS;
    params = LSTM_KEYS.map((k) => t(p[k]));
    const [xsT, yT] = [t(xs), t(y)];
    inputs = [xsT, yT];
    const [steps, batch, input] = xs.shape;
    loss = (kernel, recurrentKernel, bias, readout, readoutBias) => {
      const zs = tf.reshape(dense(tf.reshape(xsT, [steps * batch, input]), kernel, bias), [steps, batch, 4 * u]);
      const zSteps = tf.split(zs, steps, 0);
      let h = tf.zeros([batch, u]);
      let c = tf.zeros([batch, u]);
      for (let s = 0; s < steps; s++) {
        const z = tf.add(tf.reshape(zSteps[s], [batch, 4 * u]), tf.matMul(h, recurrentKernel));
        const [i, f, g, o] = tf.split(z, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      }
      return lossOf(dense(h, readout, readoutBias), yT);
    };
  } else {
    const { batch, tokens, width, heads } = attentionWorkload;
    const headDim = width / heads;
    const { params: p, x } = blockLeaves();
    keys = BLOCK_KEYS;
    params = BLOCK_KEYS.map((k) => t(p[k]));
    const xT = t(x);
    inputs = [xT];
    const layerNorm = (v: TfTensor, scale: TfTensor, bias: TfTensor): TfTensor => {
      const { mean, variance } = tf.moments(v, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(v, mean), tf.sqrt(tf.add(variance, 1e-6))), scale), bias);
    };
    const heads4 = (v: TfTensor): TfTensor => tf.transpose(tf.reshape(v, [batch, tokens, heads, headDim]), [0, 2, 1, 3]); // [B, N, T, H]
    loss = (...w: TfTensor[]) => {
      const [n1s, n1b, qW, qb, kW, kb, vW, vb, oW, ob, n2s, n2b, inW, inb, outW, outb] = w;
      const x2 = tf.reshape(xT, [batch * tokens, width]);
      const normed = layerNorm(x2, n1s, n1b);
      const [q, k, v] = [dense(normed, qW, qb), dense(normed, kW, kb), dense(normed, vW, vb)].map(heads4);
      const probs = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headDim)), -1);
      const attended = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [batch * tokens, width]);
      const h = tf.add(x2, dense(attended, oW, ob));
      const m = dense(layerNorm(h, n2s, n2b), inW, inb);
      const gelu = tf.mul(tf.mul(m, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(m, tf.mul(tf.mul(m, tf.mul(m, m)), 0.044715)), Math.sqrt(2 / Math.PI)))));
      return tf.sum(tf.add(h, dense(gelu, outW, outb)));
    };
  }
  const vg = tf.valueAndGrads((...args: TfTensor[]) => loss(...args));
  const first = timed(() => vg(params));
  const fingerprint = [first.result.value.dataSync()[0], ...first.result.grads.map((g) => meanAbs(g.dataSync()))];
  [first.result.value, ...first.result.grads].forEach((g) => g.dispose());
  if (fingerprint.length !== keys.length + 1) throw new Error(`TF.js ${bench}: ${fingerprint.length - 1} gradients for ${keys.length} parameters`);
  return {
    run: () => tf.tidy(() => void vg(params)),
    fingerprint,
    firstMs: first.ms,
    dispose: () => [...params, ...inputs].forEach((z) => z.dispose()),
  };
}

// ---------------------------------------------------------------------------------------
// jax-js

/** Reads every leaf of a jax-js result out, in the order of `keys` (paths into the tree). */
function readPaths(tree: JaxTree, keys: readonly string[]): number[] {
  return keys.map((k) => {
    let node: JaxTree = tree;
    for (const part of k.split(".")) node = (node as { readonly [key: string]: JaxTree })[part];
    return meanAbs((node as JaxArray).dataSync());
  });
}

/** A nested record of jax-js arrays built from `group.name` keys. */
function nest(entries: readonly (readonly [string, JaxArray])[]): { [key: string]: JaxTree } {
  const root: { [key: string]: JaxTree } = {};
  for (const [path, value] of entries) {
    const parts = path.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as { [key: string]: JaxTree };
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

/**
 * jax-js's B6 (loop unrolled) and B7, eager or under its `jit`. jax-js arrays are
 * reference counted and every op consumes one reference: a value used n times is passed
 * as `.ref` n times and disposed once.
 */
export function jaxSequencePrepare(jax: Jax, bench: string, jitted: boolean): Prepared {
  const np = jax.numpy;
  const arr = (l: Leaf): JaxArray => np.array(l.values, { shape: [...l.shape] });
  const dense = (x: JaxArray, W: JaxArray, b: JaxArray): JaxArray => np.add(np.matmul(x, W.ref), b.ref);
  let keys: readonly string[];
  let params: { [key: string]: JaxTree };
  let inputs: JaxArray[];
  let loss: (p: { readonly [key: string]: JaxTree }, ...rest: JaxArray[]) => JaxArray;
  if (bench === "B6-lstm") {
    const u = lstmWorkload.units;
    const { params: p, xs, y } = lstmLeaves();
    keys = LSTM_KEYS;
    params = Object.fromEntries(LSTM_KEYS.map((k) => [k, arr(p[k])]));
    inputs = [arr(xs), arr(y)];
    const [steps, batch, input] = xs.shape;
    loss = (tree, xsA, yA) => {
      const w = tree as Readonly<Record<(typeof LSTM_KEYS)[number], JaxArray>>;
      const zs = np.reshape(dense(np.reshape(xsA, [steps * batch, input]), w.kernel, w.bias), [steps, batch, 4 * u]);
      const zSteps = np.split(zs, steps, 0);
      let h = np.zeros([batch, u]);
      let c = np.zeros([batch, u]);
      for (let s = 0; s < steps; s++) {
        const z = np.add(np.reshape(zSteps[s], [batch, 4 * u]), np.matmul(h, w.recurrentKernel.ref));
        const [i, f, g, o] = np.split(z, 4, 1);
        c = np.add(np.multiply(jax.nn.sigmoid(f), c), np.multiply(jax.nn.sigmoid(i), np.tanh(g)));
        h = np.multiply(jax.nn.sigmoid(o), np.tanh(c.ref));
      }
      c.dispose();
      const logits = dense(h, w.readout, w.readoutBias);
      const out = np.negative(np.mean(np.sum(np.multiply(yA, jax.nn.logSoftmax(logits, -1)), -1)));
      LSTM_KEYS.forEach((k) => w[k].dispose());
      return out;
    };
  } else {
    const { batch, tokens, width, heads } = attentionWorkload;
    const headDim = width / heads;
    const { params: p, x } = blockLeaves();
    keys = BLOCK_KEYS;
    params = nest(BLOCK_KEYS.map((k) => [k, arr(p[k])] as const));
    inputs = [arr(x)];
    const layerNorm = (v: JaxArray, scale: JaxArray, bias: JaxArray): JaxArray => {
      const centred = np.subtract(v.ref, np.mean(v, -1, { keepdims: true }));
      const variance = np.mean(np.square(centred.ref), -1, { keepdims: true });
      return np.add(np.multiply(np.divide(centred, np.sqrt(np.add(variance, 1e-6))), scale.ref), bias.ref);
    };
    // [B, N, T, H]; jax-js's nn.dotProductAttention parses einsum strings with iterator helpers that Node 20 lacks
    const heads4 = (v: JaxArray): JaxArray => np.transpose(np.reshape(v, [batch, tokens, heads, headDim]), [0, 2, 1, 3]);
    const attention = (q: JaxArray, k: JaxArray, v: JaxArray): JaxArray => {
      const probs = jax.nn.softmax(np.multiply(np.matmul(q, np.transpose(k, [0, 1, 3, 2])), 1 / Math.sqrt(headDim)), -1);
      return np.reshape(np.transpose(np.matmul(probs, v), [0, 2, 1, 3]), [batch * tokens, width]);
    };
    loss = (tree, xA) => {
      const w = (k: BlockKey): JaxArray => {
        let node: JaxTree = tree;
        for (const part of k.split(".")) node = (node as { readonly [key: string]: JaxTree })[part];
        return node as JaxArray;
      };
      const x2 = np.reshape(xA, [batch * tokens, width]);
      const normed = layerNorm(x2.ref, w("norm1.scale"), w("norm1.bias"));
      const q = heads4(dense(normed.ref, w("attention.query.W"), w("attention.query.b")));
      const k = heads4(dense(normed.ref, w("attention.key.W"), w("attention.key.b")));
      const v = heads4(dense(normed, w("attention.value.W"), w("attention.value.b")));
      const attended = attention(q, k, v);
      const h = np.add(x2, dense(attended, w("attention.out.W"), w("attention.out.b")));
      const m = dense(layerNorm(h.ref, w("norm2.scale"), w("norm2.bias")), w("mlpIn.W"), w("mlpIn.b"));
      const out = np.sum(np.add(h, dense(jax.nn.gelu(m, { approximate: true }), w("mlpOut.W"), w("mlpOut.b"))));
      BLOCK_KEYS.forEach((key) => w(key).dispose());
      return out;
    };
  }
  const eager = jax.valueAndGrad(loss);
  const compiled = jitted ? jax.jit(eager) : undefined;
  const vg = compiled ?? eager;
  const refs = (): JaxTree => jax.tree.ref(params);
  const run = (): [JaxArray, JaxTree] => {
    const [value, g] = vg(refs(), ...inputs.map((a) => a.ref));
    return [value, g];
  };
  const read = (result: [JaxArray, JaxTree]): number[] => [result[0].dataSync()[0], ...readPaths(result[1], keys)];
  const first = timed(() => read(run()));
  return {
    run: () => read(run()),
    fingerprint: first.result,
    firstMs: first.ms,
    dispose: () => {
      jax.tree.dispose(params);
      inputs.forEach((a) => a.dispose());
      compiled?.dispose();
    },
  };
}
