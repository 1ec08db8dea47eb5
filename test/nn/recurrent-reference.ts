/**
 * Plain-JavaScript references of Keras's recurrent cells and of `keras.layers.RNN`'s loop
 * (masking, go_backwards, return_sequences), written from the Keras formulas with loops
 * over numbers, to check the library's layers without TensorFlow.
 */
export type Kind = "simple" | "lstm" | "gru" | "gruBefore";
export interface RefParams {
  readonly kernel: number[][];
  readonly recurrentKernel: number[][];
  readonly bias: number[] | number[][];
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/** x·W for a vector x and a matrix W (rows = x's entries). */
function vecMat(x: readonly number[], w: readonly number[][]): number[] {
  const out = new Array<number>(w[0].length).fill(0);
  x.forEach((xi, i) => w[i].forEach((wij, j) => (out[j] += xi * wij)));
  return out;
}

/** One step of a cell for one example: Keras's formulas. */
export function refStep(kind: Kind, p: RefParams, state: number[][], x: readonly number[]): [number[][], number[]] {
  const u = p.recurrentKernel.length;
  const xk = vecMat(x, p.kernel);
  if (kind === "simple") {
    const hk = vecMat(state[0], p.recurrentKernel);
    const h = xk.map((v, j) => Math.tanh(v + hk[j] + (p.bias as number[])[j]));
    return [[h], h];
  }
  if (kind === "lstm") {
    const [h, c] = state;
    const hk = vecMat(h, p.recurrentKernel);
    const z = xk.map((v, j) => v + hk[j] + (p.bias as number[])[j]);
    const c2: number[] = [];
    const h2: number[] = [];
    for (let j = 0; j < u; j++) {
      const i = sig(z[j]);
      const f = sig(z[u + j]);
      const cc = Math.tanh(z[2 * u + j]);
      const o = sig(z[3 * u + j]);
      c2.push(f * c[j] + i * cc);
      h2.push(o * Math.tanh(c2[j]));
    }
    return [[h2, c2], h2];
  }
  const h = state[0];
  const h2: number[] = [];
  if (kind === "gru") {
    const [bx, bh] = p.bias as number[][];
    const hk = vecMat(h, p.recurrentKernel);
    for (let j = 0; j < u; j++) {
      const z = sig(xk[j] + bx[j] + hk[j] + bh[j]);
      const r = sig(xk[u + j] + bx[u + j] + hk[u + j] + bh[u + j]);
      const hh = Math.tanh(xk[2 * u + j] + bx[2 * u + j] + r * (hk[2 * u + j] + bh[2 * u + j]));
      h2.push(z * h[j] + (1 - z) * hh);
    }
    return [[h2], h2];
  }
  // reset before: h̃ = tanh(x_h + (r ⊙ h)·U_h)
  const b = p.bias as number[];
  const hk = vecMat(h, p.recurrentKernel);
  const z = Array.from({ length: u }, (_, j) => sig(xk[j] + b[j] + hk[j]));
  const r = Array.from({ length: u }, (_, j) => sig(xk[u + j] + b[u + j] + hk[u + j]));
  const rh = h.map((v, j) => v * r[j]);
  const rhk = vecMat(rh, p.recurrentKernel);
  for (let j = 0; j < u; j++) h2.push(z[j] * h[j] + (1 - z[j]) * Math.tanh(xk[2 * u + j] + b[2 * u + j] + rhk[2 * u + j]));
  return [[h2], h2];
}

/**
 * Keras's RNN loop for a batch: returns the last output and the outputs in processing
 * order (go_backwards reverses the input first). Masked steps keep the state and output zeros.
 */
export function refRnn(
  kind: Kind,
  p: RefParams,
  xs: number[][][],
  options: { mask?: boolean[][]; reverse?: boolean; initial?: number[][] } = {},
): { last: number[][]; seq: number[][][] } {
  const u = p.recurrentKernel.length;
  const nState = kind === "lstm" ? 2 : 1;
  const last: number[][] = [];
  const seq: number[][][] = [];
  xs.forEach((x, b) => {
    let state = Array.from({ length: nState }, (_, i) => options.initial?.[i].slice() ?? new Array<number>(u).fill(0));
    let lastOut = new Array<number>(u).fill(0);
    const outs: number[][] = [];
    const order = x.map((_, t) => t);
    if (options.reverse) order.reverse();
    for (const t of order) {
      if (options.mask && !options.mask[b][t]) {
        outs.push(new Array<number>(u).fill(0));
        continue;
      }
      const [s, y] = refStep(kind, p, state, x[t]);
      state = s;
      lastOut = y;
      outs.push(y);
    }
    last.push(lastOut);
    seq.push(outs);
  });
  return { last, seq };
}
