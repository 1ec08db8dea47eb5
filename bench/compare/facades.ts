/**
 * The parts of TensorFlow.js and jax-js that the comparison uses, as small typed facades.
 *
 * The libraries live in bench/compare/node_modules (installed by `npm run bench:compare`,
 * never a dependency of purediff), so they are loaded at run time with `require` and checked
 * against these interfaces: the project type-checks without them installed, and no `any`
 * leaks into our code. Only the members listed here are used.
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A TF.js tensor (only what the benchmarks touch). */
export interface TfTensor {
  readonly shape: readonly number[];
  dispose(): void;
  dataSync(): Float32Array | Int32Array | Uint8Array;
}

/** A TF.js op operand: a tensor or a number. */
export type TfOperand = TfTensor | number;

/** The TF.js API used (`@tensorflow/tfjs`). */
export interface Tf {
  readonly version: Readonly<Record<string, string>>;
  tensor(values: Float32Array, shape: readonly number[], dtype: "float32"): TfTensor;
  scalar(value: number, dtype: "float32"): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  add(a: TfOperand, b: TfOperand): TfTensor;
  mul(a: TfOperand, b: TfOperand): TfTensor;
  neg(x: TfTensor): TfTensor;
  sin(x: TfTensor): TfTensor;
  tanh(x: TfTensor): TfTensor;
  sum(x: TfTensor, axis?: number): TfTensor;
  mean(x: TfTensor, axis?: number): TfTensor;
  logSoftmax(x: TfTensor, axis?: number): TfTensor;
  sub(a: TfOperand, b: TfOperand): TfTensor;
  div(a: TfOperand, b: TfOperand): TfTensor;
  sqrt(x: TfTensor): TfTensor;
  sigmoid(x: TfTensor): TfTensor;
  softmax(x: TfTensor, axis?: number): TfTensor;
  zeros(shape: readonly number[]): TfTensor;
  reshape(x: TfTensor, shape: readonly number[]): TfTensor;
  transpose(x: TfTensor, perm?: readonly number[]): TfTensor;
  split(x: TfTensor, sections: number, axis?: number): TfTensor[];
  moments(x: TfTensor, axis?: number, keepDims?: boolean): { readonly mean: TfTensor; readonly variance: TfTensor };
  relu(x: TfTensor): TfTensor;
  /** NHWC images, HWIO filters. */
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: "same" | "valid"): TfTensor;
  maxPool(x: TfTensor, filterSize: readonly [number, number], strides: readonly [number, number], pad: "same" | "valid"): TfTensor;
  // biome-ignore lint/suspicious/noConfusingVoidType: TensorFlow.js's own signature
  tidy<T extends TfTensor | TfTensor[] | void>(fn: () => T): T;
  grad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => TfTensor;
  valueAndGrad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => { value: TfTensor; grad: TfTensor };
  valueAndGrads(f: (...args: TfTensor[]) => TfTensor): (args: TfTensor[]) => { value: TfTensor; grads: TfTensor[] };
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  ready(): Promise<void>;
  enableProdMode(): void;
  env(): { set(flag: string, value: boolean | number): void; getAsync(flag: string): Promise<boolean | number> };
  memory(): { readonly numTensors: number };
}

/** The TF.js WebAssembly backend's setup functions (`@tensorflow/tfjs-backend-wasm`). */
export interface TfWasm {
  setWasmPaths(prefix: string): void;
  getThreadsCount(): number;
}

/** A jax-js array: reference counted, lazily evaluated. */
export interface JaxArray {
  readonly shape: readonly number[];
  /** The same array with its reference count raised by one (every op consumes one reference). */
  readonly ref: JaxArray;
  dispose(): void;
  blockUntilReady(): Promise<JaxArray>;
  dataSync(): Float32Array | Int32Array | Uint8Array;
}

/** A jax-js op operand: an array or a number. */
export type JaxOperand = JaxArray | number;

/** A jax-js pytree of arrays ("JsTree"). */
export type JaxTree = JaxArray | readonly JaxTree[] | { readonly [key: string]: JaxTree };

/** The jax-js `numpy` namespace (the ops used). */
export interface JaxNumpy {
  array(values: Float32Array | number, options?: { readonly shape?: readonly number[] }): JaxArray;
  matmul(a: JaxOperand, b: JaxOperand): JaxArray;
  add(a: JaxOperand, b: JaxOperand): JaxArray;
  multiply(a: JaxOperand, b: JaxOperand): JaxArray;
  negative(x: JaxOperand): JaxArray;
  sin(x: JaxOperand): JaxArray;
  tanh(x: JaxOperand): JaxArray;
  sum(x: JaxOperand, axis?: number): JaxArray;
  mean(x: JaxOperand, axis?: number, options?: { readonly keepdims?: boolean }): JaxArray;
  subtract(a: JaxOperand, b: JaxOperand): JaxArray;
  divide(a: JaxOperand, b: JaxOperand): JaxArray;
  square(x: JaxOperand): JaxArray;
  sqrt(x: JaxOperand): JaxArray;
  zeros(shape: number[]): JaxArray;
  reshape(x: JaxOperand, shape: number[]): JaxArray;
  transpose(x: JaxOperand, perm?: number[]): JaxArray;
  split(x: JaxOperand, sections: number, axis?: number): JaxArray[];
  max(x: JaxOperand, axis?: number): JaxArray;
}

/** The jax-js `nn` namespace (the functions used). */
export interface JaxNn {
  logSoftmax(x: JaxOperand, axis?: number): JaxArray;
  sigmoid(x: JaxOperand): JaxArray;
  gelu(x: JaxOperand, options?: { readonly approximate?: boolean }): JaxArray;
  softmax(x: JaxOperand, axis?: number): JaxArray;
  relu(x: JaxOperand): JaxArray;
}

/** The jax-js `lax` namespace (the functions used). */
export interface JaxLax {
  /** NCHW images, OIHW kernels. */
  convGeneralDilated(lhs: JaxArray, rhs: JaxArray, windowStrides: number[], padding: "SAME" | "VALID"): JaxArray;
  /** `computation` reduces one window (vmapped over the output positions). */
  reduceWindow(operand: JaxArray, computation: (window: JaxArray) => JaxArray, windowDimensions: number[], windowStrides?: number[]): JaxArray;
}

/** A function returned by jax-js `jit`: call it, and `dispose` it after the last call. */
export type JaxJitted<A extends readonly JaxTree[], R extends JaxTree> = ((...args: A) => R) & { dispose(): void };

/** The jax-js API used (`@jax-js/jax`). */
export interface Jax {
  readonly numpy: JaxNumpy;
  readonly nn: JaxNn;
  readonly lax: JaxLax;
  /** Tree helpers: a reference to every leaf, and disposal of every leaf. */
  readonly tree: { ref<T extends JaxTree>(tree: T): T; dispose(tree: JaxTree): void };
  init(...devices: string[]): Promise<string[]>;
  defaultDevice(device?: string): string;
  grad(f: (...args: never[]) => JaxArray): (...args: JaxTree[]) => JaxTree;
  valueAndGrad(f: (...args: never[]) => JaxArray): (...args: JaxTree[]) => [JaxArray, JaxTree];
  jit<A extends readonly JaxTree[], R extends JaxTree>(f: (...args: A) => R): JaxJitted<A, R>;
  blockUntilReady(x: JaxTree): Promise<JaxTree>;
}

/** Where the comparison's own packages are installed. */
export const COMPARE_DIR = __dirname;

/** Why a library could not be loaded, or the loaded module. */
export type Loaded<T> = { readonly ok: true; readonly module: T; readonly version: string } | { readonly ok: false; readonly error: string };

function isRecord(x: unknown): x is Record<string, unknown> {
  return (typeof x === "object" || typeof x === "function") && x !== null;
}

/** The installed version of `name` in bench/compare/node_modules (read from its package.json). */
export function installedVersion(name: string): string {
  const file = path.join(COMPARE_DIR, "node_modules", ...name.split("/"), "package.json");
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return isRecord(pkg) && typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "not installed";
  }
}

/**
 * Loads `name` from bench/compare/node_modules and checks that it has the listed members
 * (functions or namespaces) before treating it as `T`.
 */
export function loadModule<T>(name: string, members: readonly string[]): Loaded<T> {
  let mod: unknown;
  try {
    const resolved = require.resolve(name, { paths: [COMPARE_DIR] });
    mod = require(resolved);
  } catch (e) {
    return { ok: false, error: `${name} is not installed (npm --prefix bench/compare install): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
  }
  if (!isRecord(mod)) return { ok: false, error: `${name} did not load as a module` };
  const missing = members.filter((m) => !(m in mod) || !isRecord(mod[m]));
  if (missing.length > 0) return { ok: false, error: `${name} lacks ${missing.join(", ")}` };
  return { ok: true, module: mod as T, version: installedVersion(name) };
}

/** The folder holding `name`'s main file (e.g. TF.js wasm's dist/ with its .wasm binaries). */
export function moduleDir(name: string): string {
  return path.dirname(require.resolve(name, { paths: [COMPARE_DIR] }));
}

/** Loads `@tensorflow/tfjs`. */
export function loadTf(): Loaded<Tf> {
  return loadModule<Tf>("@tensorflow/tfjs", ["matMul", "tidy", "valueAndGrads", "grad", "setBackend", "logSoftmax", "env"]);
}

/** Loads `@tensorflow/tfjs-backend-wasm` (registers the "wasm" backend). */
export function loadTfWasm(): Loaded<TfWasm> {
  return loadModule<TfWasm>("@tensorflow/tfjs-backend-wasm", ["setWasmPaths", "getThreadsCount"]);
}

/** Loads `@jax-js/jax`. */
export function loadJax(): Loaded<Jax> {
  return loadModule<Jax>("@jax-js/jax", ["numpy", "nn", "lax", "tree", "init", "grad", "valueAndGrad", "jit", "blockUntilReady"]);
}
