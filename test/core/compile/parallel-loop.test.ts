/**
 * jit's fused WebAssembly loops on the thread pool: every loop sent over 2 and 3 threads (chunks
 * of 64 elements, workers woken) gives exactly the bits of one thread and of eager evaluation —
 * sums included (the caller adds the chunks up in element order), float32 vector math helpers
 * and float64 `Math` imports (which the workers must provide), broadcasts of odd rows, bool
 * and int32 outputs, odd sizes (a scalar tail), NaN, −0 and ±Infinity among the values — and
 * the workers really ran chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLoopParallelThreshold } from "../../../src/core/compile/parallel-loop";
import {
  add,
  cos,
  exp,
  greater,
  jit,
  log,
  makeJaxpr,
  maximum,
  mul,
  sigmoid,
  sin,
  sub,
  sum,
  tanh,
  tensor,
  where,
  type DType,
  type Tensor,
} from "../../../src/index";
import { compile } from "../../../src/core/compile/executable";
import { matmulThreadsReady, matmulThreadStats } from "../../../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads, setWorkerHost, threads as poolSize } from "../../../src/tensor/kernels/wasm/threads";
import { nodeWorkerHost } from "../../../src/tensor/kernels/wasm/worker-host-node";

/** Values as plain arrays, with −0 and 0 told apart and NaN equal to itself. */
const exact = (t: Tensor): (number | string)[] => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v));

/** Special values first, then a deterministic spread (a linear congruential sequence). */
function floats(n: number, seed: number, specials = true): number[] {
  const special = [NaN, -0, 0, Infinity, -Infinity, 0.5, -0.5, 1e-40, -3e38, 1, -1];
  let s = seed >>> 0;
  return Array.from({ length: n }, (_, i) => {
    if (specials && i < special.length) return special[i];
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 6;
  });
}

interface Case {
  readonly name: string;
  readonly f: (...xs: Tensor[]) => Tensor[];
  readonly args: () => Tensor[];
}

const cases = (dtype: DType): Case[] => [
  {
    name: `${dtype}: ${dtype === "float32" ? "vector math (tanh, sigmoid, exp)" : "exp, cos"} and two sums, 4099 elements`,
    f: (x, y) => {
      // float64 tanh and sigmoid keep the JavaScript loop (see wasm-codegen.ts)
      const t = dtype === "float32" ? add(mul(tanh(x), y), sigmoid(sub(y, x))) : add(mul(cos(x), y), exp(sub(y, x)));
      return [t, sum(t), sum(mul(exp(mul(x, 0.25)), y))];
    },
    // Finite values, so that the sums are finite and tell orders apart.
    args: () => [tensor(floats(4099, 1, false), dtype), tensor(floats(4099, 2, false), dtype)],
  },
  {
    name: `${dtype}: Math imports (sin, cos, log) and a sum, 1001 elements`,
    f: (x) => {
      const s = add(sin(x), mul(cos(x), log(maximum(x, 0.125))));
      return [s, sum(s)];
    },
    args: () => [tensor(floats(1001, 3, false), dtype)],
  },
  {
    name: `${dtype}: rows of 7 and a scalar broadcast, bool and select outputs, [131, 7]`,
    f: (x, row, c) => {
      const y = sub(mul(x, row), c);
      const g = greater(y, row);
      return [y, g, where(g, y, mul(x, 0.5))];
    },
    args: () => [tensor(floats(131 * 7, 4), dtype, [131, 7]), tensor(floats(7, 5, false), dtype), tensor(1.75, dtype)],
  },
];

/** Runs `f` jitted until the workers took part (up to 10 s), each result checked against `expected`. */
function sharedRunsAgree(f: (...xs: Tensor[]) => Tensor[], args: Tensor[], expected: (number | string)[][]): void {
  const g = jit(f);
  const before = matmulThreadStats().workerTasks;
  const end = Date.now() + 10000;
  do {
    const got = g(...args).map(exact);
    expect(got).toEqual(expected);
  } while (matmulThreadStats().workerTasks === before && Date.now() < end);
  expect(matmulThreadStats().workerTasks).toBeGreaterThan(before);
}

const fourCores = { ...nodeWorkerHost, cores: () => 4 };

describe("fused loops on the thread pool", () => {
  let before = 1;
  beforeAll(() => {
    before = poolSize();
    setWorkerHost(fourCores);
    setLoopParallelThreshold(0);
  });
  afterAll(() => {
    setLoopParallelThreshold(1 << 19);
    setWorkerHost(nodeWorkerHost);
    setThreads(before);
  });

  for (const dtype of ["float32", "float64"] as DType[]) {
    for (const c of cases(dtype)) {
      it(`${c.name}: 1, 2 and 3 threads and eager agree bit for bit`, () => {
        const args = c.args();
        expect(compile(makeJaxpr(c.f)(...args)).stats.wasmLoops).toBeGreaterThan(0);
        const eager = c.f(...args).map(exact);
        setThreads(1);
        expect(jit(c.f)(...args).map(exact)).toEqual(eager);
        for (const n of [2, 3]) {
          setThreads(n);
          expect(matmulThreadsReady()).toBe(true);
          sharedRunsAgree(c.f, args, eager);
        }
      });
    }
  }

  it("int32 arithmetic over the pool agrees with one thread", () => {
    const x = tensor(
      Array.from({ length: 2053 }, (_, i) => (i * 7919) % 65537),
      "int32",
    );
    const f = (a: Tensor): Tensor[] => [add(mul(a, a), sub(a, 3)), greater(a, 30000)];
    const eager = f(x).map(exact);
    setThreads(2);
    expect(matmulThreadsReady()).toBe(true);
    sharedRunsAgree(f, [x], eager);
  });
});
