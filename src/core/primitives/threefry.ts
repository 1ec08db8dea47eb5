import { threefryKernel } from "../../tensor/kernels/threefry";
import { threefryOneKeyWasm } from "../../tensor/kernels/wasm/threefry-wasm";
import { wasmAvailable } from "../../tensor/kernels/wasm/matmul-wasm";
import { broadcastToKernel } from "../../tensor/kernels/broadcast";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { broadcastShapes, sameShape, showShape } from "../../tensor/shape";
import type { Empty, PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { bind } from "../bind";
import { arity } from "./common";

/** Fewest counter pairs worth the copies into and out of WebAssembly memory. */
const WASM_MIN_PAIRS = 64;

/**
 * Threefry-2x32 as one primitive (as JAX's `threefry2x32_p`): inputs `k0, k1, x0, x1`,
 * uint32 and broadcasting; the output stacks the two encrypted words on a new leading
 * axis of 2. One kernel instead of the hundred-odd integer primitives of its rounds, so
 * random bits cost the same eagerly and under `jit`. Not differentiable (integers).
 */
const threefry2x32: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("threefry2x32", inputs, 4);
    inputs.forEach((x, i) => {
      if (x.dtype !== "uint32")
        throw new Error(`threefry2x32: input ${["k0", "k1", "x0", "x1"][i]} must be uint32, got ${x.dtype} (shape ${showShape(x.shape)})`);
    });
    const shape = inputs.map((x) => x.shape).reduce((a, b) => broadcastShapes("threefry2x32", a, b));
    return { shape: [2, ...shape], dtype: "uint32" };
  },
  impl(inputs, _p, out) {
    const shape = out.shape.slice(1);
    // Inputs already of the output's shape are read in place (the kernels only read them).
    const full = (x: (typeof inputs)[number]) =>
      (sameShape(x.shape, shape) ? dataOf(x) : broadcastToKernel(dataOf(x), x.shape, shape, "uint32")) as Uint32Array;
    const [x0, x1] = [full(inputs[2]), full(inputs[3])];
    const data = new Uint32Array(2 * x0.length);
    const [k0, k1] = [dataOf(inputs[0]), dataOf(inputs[1])];
    // One key for many counters (random.bits): the SIMD kernel, eight pairs per step.
    if (k0.length === 1 && k1.length === 1 && x0.length >= WASM_MIN_PAIRS && wasmAvailable()) threefryOneKeyWasm(k0[0], k1[0], x0, x1, data);
    else threefryKernel(full(inputs[0]), full(inputs[1]), x0, x1, data);
    return new ConcreteTensor(data, out.shape, "uint32");
  },
  jvp: () => null,
  vjp: () => [null, null, null, null],
  // Elementwise in its inputs, with the words' axis in front: move the batch back to axis 0.
  batch: (args, params, size, name) => {
    const y = elementwise(args, params, size, name);
    return bind("transpose", [y], { perm: [1, 0, ...y.shape.slice(2).map((_, i) => i + 2)] });
  },
};

/** The counter-based block cipher behind the PRNG. */
export const threefryRules = { threefry2x32 };

declare module "../primitive" {
  interface PrimitiveParams {
    threefry2x32: Empty;
  }
}
