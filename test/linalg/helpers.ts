// Shared helpers of the linear-algebra tests: seeded matrices with the structure each op
// needs, central finite differences one coordinate at a time, and tolerant comparison.
import { expect } from "vitest";
import { Tensor, tensor, grad, jvp, vjp, sum, mul, type Shape } from "../../src/index";

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float64 tensor of `shape` from row-major values. */
export function f64(values: ArrayLike<number>, shape: Shape): Tensor {
  return tensor(Float64Array.from(values), "float64", shape);
}

/** Uniform values in [-1, 1) of `shape`, float64. */
export function randomTensor(shape: Shape, seed: number): Tensor {
  const r = rng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return f64(
    Array.from({ length: n }, () => 2 * r() - 1),
    shape,
  );
}

/** Per-matrix construction over batch axes: `make(seed)` gives one n×n matrix row-major. */
function batched(batch: Shape, n: number, seed: number, make: (r: () => number) => number[]): Tensor {
  const r = rng(seed);
  const count = batch.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let t = 0; t < count; t++) values.push(...make(r));
  return f64(values, [...batch, n, n]);
}

/** A well-conditioned general (non-symmetric) n×n matrix: random plus n on the diagonal. */
export function wellConditioned(n: number, seed: number, batch: Shape = []): Tensor {
  return batched(batch, n, seed, (r) => {
    const m: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.push(2 * r() - 1 + (i === j ? n : 0));
    return m;
  });
}

/** A symmetric positive-definite n×n matrix M·Mᵀ + n·I (M random). */
export function spd(n: number, seed: number, batch: Shape = []): Tensor {
  return batched(batch, n, seed, (r) => {
    const m = Array.from({ length: n * n }, () => 2 * r() - 1);
    const a: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
        a.push(s);
      }
    }
    return a;
  });
}

/**
 * A square matrix whose diagonal entries have magnitude 1 to 2 and whose other entries are
 * in [-1, 1): a well-conditioned triangle, whichever one a triangular solve reads, with
 * junk in the other that it must ignore.
 */
export function triangular(n: number, seed: number, batch: Shape = []): Tensor {
  return batched(batch, n, seed, (r) => {
    const m: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = 2 * r() - 1;
        m.push(i === j ? (v < 0 ? -1 : 1) * (1 + Math.abs(v)) : v);
      }
    }
    return m;
  });
}

/** The values of a tensor as a plain array. */
export function values(t: Tensor): number[] {
  return Array.from(t.data(), Number);
}

/** Expects `actual` close to `expected` elementwise: |a − e| ≤ atol + rtol·|e|. */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, rtol = 1e-9, atol = 1e-9): void {
  const a = actual instanceof Tensor ? values(actual) : Array.from(actual);
  const e = expected instanceof Tensor ? values(expected) : Array.from(expected);
  if (actual instanceof Tensor && expected instanceof Tensor) expect(actual.shape).toEqual(expected.shape);
  expect(a.length).toBe(e.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
    if (!(excess <= worst)) {
      worst = Number.isNaN(excess) ? Infinity : excess;
      at = i;
    }
  }
  if (at >= 0) {
    throw new Error(`not close at ${at}: ${a[at]} vs ${e[at]} (|diff| ${Math.abs(a[at] - e[at])})\nactual:   ${a.join(", ")}\nexpected: ${e.join(", ")}`);
  }
}

/** ⟨a, b⟩ over all elements. */
export function inner(a: Tensor, b: Tensor): number {
  const x = values(a);
  const y = values(b);
  expect(x.length).toBe(y.length);
  return x.reduce((s, v, i) => s + v * y[i], 0);
}

/** `t` with element `index` moved by `delta`. */
function perturbed(t: Tensor, index: number, delta: number): Tensor {
  const v = Float64Array.from(t.data(), Number);
  v[index] += delta;
  return f64(v, t.shape);
}

/**
 * The gradient of the scalar function `f` with respect to argument `argnum`, by central
 * differences one coordinate at a time.
 */
export function numericGrad(f: (...args: Tensor[]) => number, args: readonly Tensor[], argnum: number, h = 1e-6): Tensor {
  const x = args[argnum];
  const out = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const at = (d: number): number => f(...args.map((a, k) => (k === argnum ? perturbed(a, i, d) : a)));
    out[i] = (at(h) - at(-h)) / (2 * h);
  }
  return f64(out, x.shape);
}

/** Scalarises a tensor-valued function with a fixed random cotangent: x ↦ ⟨f(x), c⟩ (as a tensor). */
export function scalarised(f: (...args: Tensor[]) => Tensor, c: Tensor): (...args: Tensor[]) => Tensor {
  return (...args) => sum(mul(f(...args), c));
}

/** The value of a scalar tensor function as a number. */
export function asNumber(f: (...args: Tensor[]) => Tensor): (...args: Tensor[]) => number {
  return (...args) => f(...args).item();
}

/**
 * Checks reverse mode (grad of ⟨f, c⟩ for a random c) against central differences for each
 * argument in `argnums`.
 */
export function checkGrad(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], argnums: readonly number[], seed = 1, tol = 1e-6): void {
  const c = randomTensor(f(...args).shape, seed);
  const g = scalarised(f, c);
  for (const k of argnums) {
    const analytic = grad(g, { argnums: k })(...args);
    const numeric = numericGrad(asNumber(g), args, k);
    expectClose(analytic, numeric, tol, tol);
  }
}

/** Checks forward mode along a random direction against a central difference of f along it. */
export function checkJvp(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], seed = 2, tol = 1e-6, h = 1e-6): void {
  const tangents = args.map((a, i) => randomTensor(a.shape, seed * 31 + i));
  const [, dy] = jvp(f, [...args], tangents);
  const moved = (s: number): Tensor =>
    f(
      ...args.map((a, i) =>
        f64(
          values(a).map((v, j) => v + s * values(tangents[i])[j]),
          a.shape,
        ),
      ),
    );
  const plus = values(moved(h));
  const minus = values(moved(-h));
  expectClose(
    dy,
    f64(
      plus.map((p, i) => (p - minus[i]) / (2 * h)),
      dy.shape,
    ),
    tol,
    tol,
  );
}

/** ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩ with `jvp` and `vjp` for random t and c. */
export function checkDuality(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], seed = 3, tol = 1e-10): void {
  const tangents = args.map((a, i) => randomTensor(a.shape, seed * 17 + i));
  const [y, dy] = jvp(f, [...args], tangents);
  const c = randomTensor(y.shape, seed * 101);
  const [, pullback] = vjp(f, ...args);
  const cts = pullback(c);
  const left = inner(dy, c);
  const right = cts.reduce((s: number, ct: Tensor, i: number) => s + inner(tangents[i], ct), 0);
  expect(Math.abs(left - right)).toBeLessThanOrEqual(tol * (1 + Math.abs(left)));
}

/**
 * Second derivatives: the gradient of x ↦ ⟨∇ₖ⟨f, c⟩(x), d⟩ with respect to argument `m`
 * (reverse over reverse) against central differences of that directional gradient.
 */
export function checkSecondOrder(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], k: number, m: number, seed = 4, tol = 1e-5): void {
  const c = randomTensor(f(...args).shape, seed);
  const d = randomTensor(args[k].shape, seed + 1);
  const first = (...xs: Tensor[]): Tensor => sum(mul(grad(scalarised(f, c), { argnums: k })(...xs), d));
  const analytic = grad(first, { argnums: m })(...args);
  const numeric = numericGrad(asNumber(first), args, m, 1e-5);
  expectClose(analytic, numeric, tol, tol);
}
