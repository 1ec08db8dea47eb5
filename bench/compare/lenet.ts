/**
 * B5 (value and gradient of LeNet-5 on a batch of 128 MNIST-sized images; bench/lenet.ts)
 * written for each library of the comparison, on the same parameter and input numbers.
 *
 * purediff and TF.js run NHWC images with HWIO kernels; jax-js's `convGeneralDilated`
 * takes no dimension numbers, so it runs NCHW with OIHW kernels (the same numbers,
 * transposed once outside the timing) and flattens the last feature maps in NHWC order so
 * the dense weights mean the same. TF.js's wasm backend has no kernel for the filter
 * gradient (`Conv2DBackpropFilter`): it runs, fails, and is reported as failing.
 * @module
 */
import { jit, transpose, valueAndGrad, type Tensor } from "../../src/index";
import { lenetInputs, lenetKeys, lenetLoss, lenetWorkload, type LenetKey } from "../lenet";
import { meanAbs, timed } from "./fingerprint";
import type { Prepared } from "./harness";
import type { Jax, JaxArray, JaxTree, Tf, TfTensor } from "./facades";

/** A tensor as plain numbers. */
interface Leaf {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

const leaf = (t: Tensor): Leaf => ({ values: Float32Array.from(t.data(), Number), shape: t.shape });

/** purediff's B5, eager or under `jit`. */
export function purediffLenetPrepare(jitted: boolean): Prepared {
  const { params, x, y } = lenetInputs();
  const vg = jitted ? jit(valueAndGrad(lenetLoss)) : valueAndGrad(lenetLoss);
  const first = timed(() => vg(params, x, y));
  const [value, g] = first.result;
  return { run: () => vg(params, x, y), fingerprint: [value.item(), ...lenetKeys.map((k) => meanAbs(g[k].data()))], firstMs: first.ms };
}

/** TF.js's B5 (eager), NHWC. */
export function tfLenetPrepare(tf: Tf): Prepared {
  const { params, x, y } = lenetInputs();
  const t = (v: Tensor): TfTensor => tf.tensor(Float32Array.from(v.data(), Number), v.shape, "float32");
  const ws = lenetKeys.map((k) => t(params[k]));
  const [xT, yT] = [t(x), t(y)];
  const pool = (v: TfTensor): TfTensor => tf.maxPool(v, [2, 2], [2, 2], "valid");
  const dense = (v: TfTensor, W: TfTensor, b: TfTensor): TfTensor => tf.add(tf.matMul(v, W), b);
  const loss = (...w: TfTensor[]): TfTensor => {
    const [conv1, bias1, conv2, bias2, dense1, bias3, dense2, bias4, dense3, bias5] = w;
    const c1 = pool(tf.relu(tf.add(tf.conv2d(xT, conv1, 1, "same"), bias1)));
    const c2 = pool(tf.relu(tf.add(tf.conv2d(c1, conv2, 1, "valid"), bias2)));
    const h1 = tf.relu(dense(tf.reshape(c2, [lenetWorkload.batch, 400]), dense1, bias3));
    const h2 = tf.relu(dense(h1, dense2, bias4));
    return tf.neg(tf.mean(tf.sum(tf.mul(yT, tf.logSoftmax(dense(h2, dense3, bias5), -1)), -1)));
  };
  const vg = tf.valueAndGrads((...args: TfTensor[]) => loss(...args));
  const first = timed(() => vg(ws));
  const fingerprint = [first.result.value.dataSync()[0], ...first.result.grads.map((g) => meanAbs(g.dataSync()))];
  [first.result.value, ...first.result.grads].forEach((g) => g.dispose());
  return { run: () => tf.tidy(() => void vg(ws)), fingerprint, firstMs: first.ms, dispose: () => [...ws, xT, yT].forEach((z) => z.dispose()) };
}

/**
 * jax-js's B5, eager or under its `jit`, NCHW/OIHW. Every op consumes one reference of
 * its inputs: a value used twice is passed as `.ref` once.
 */
export function jaxLenetPrepare(jax: Jax, jitted: boolean): Prepared {
  const np = jax.numpy;
  const { params, x, y } = lenetInputs();
  const arr = (l: Leaf): JaxArray => np.array(l.values, { shape: [...l.shape] });
  // kernels HWIO → OIHW, images NHWC → NCHW
  const weight = (k: LenetKey): JaxArray => arr(leaf(k === "conv1" || k === "conv2" ? transpose(params[k], [3, 2, 0, 1]) : params[k]));
  const tree: { [key: string]: JaxTree } = Object.fromEntries(lenetKeys.map((k) => [k, weight(k)]));
  const xA = arr(leaf(transpose(x, [0, 3, 1, 2])));
  const yA = arr(leaf(y));
  const pool = (v: JaxArray): JaxArray => jax.lax.reduceWindow(v, (window) => np.max(window), [2, 2], [2, 2]);
  const channelBias = (b: JaxArray): JaxArray => np.reshape(b, [1, -1, 1, 1]);
  const dense = (v: JaxArray, W: JaxArray, b: JaxArray): JaxArray => np.add(np.matmul(v, W), b);
  const loss = (p: { readonly [key: string]: JaxTree }, xb: JaxArray, yb: JaxArray): JaxArray => {
    const w = p as Readonly<Record<LenetKey, JaxArray>>;
    const c1 = pool(jax.nn.relu(np.add(jax.lax.convGeneralDilated(xb, w.conv1, [1, 1], "SAME"), channelBias(w.bias1))));
    const c2 = pool(jax.nn.relu(np.add(jax.lax.convGeneralDilated(c1, w.conv2, [1, 1], "VALID"), channelBias(w.bias2))));
    const flat = np.reshape(np.transpose(c2, [0, 2, 3, 1]), [lenetWorkload.batch, 400]);
    const h1 = jax.nn.relu(dense(flat, w.dense1, w.bias3));
    const h2 = jax.nn.relu(dense(h1, w.dense2, w.bias4));
    return np.negative(np.mean(np.sum(np.multiply(yb, jax.nn.logSoftmax(dense(h2, w.dense3, w.bias5), -1)), -1)));
  };
  const eager = jax.valueAndGrad(loss);
  const compiled = jitted ? jax.jit(eager) : undefined;
  const vg = compiled ?? eager;
  const read = ([value, g]: [JaxArray, JaxTree]): number[] => [
    value.dataSync()[0],
    ...lenetKeys.map((k) => meanAbs((g as Readonly<Record<LenetKey, JaxArray>>)[k].dataSync())),
  ];
  const run = (): number[] => read(vg(jax.tree.ref(tree), xA.ref, yA.ref));
  const first = timed(run);
  return {
    run,
    fingerprint: first.result,
    firstMs: first.ms,
    dispose: () => {
      jax.tree.dispose(tree);
      [xA, yA].forEach((a) => a.dispose());
      compiled?.dispose();
    },
  };
}
