import { describe, expect, it } from "vitest";
import { expandDims, grad, jit, matmul, mul, squeeze, sum, tanh, tensor, transpose, vmap, where, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads, functionsAgree } from "../../laws";
import { expectClose, values } from "./helpers";
import { refRnn, refStep, type Kind, type RefParams } from "./recurrent-reference";

const k = random.key(0);
const w = nn.initializers.normal(0.5);
const f64 = { kernelInit: w, recurrentInit: w, biasInit: w, dtype: "float64" } as const;
const B = 3;
const T = 5;
const F = 2;
const U = 3;

type AnyParams = nn.SimpleRnnParams | nn.LstmParams | nn.GruParams;
const cells: { kind: Kind; make: () => nn.RnnCell<AnyParams> }[] = [
  { kind: "simple", make: () => nn.simpleRnnCell(U, f64) },
  { kind: "lstm", make: () => nn.lstmCell(U, f64) },
  { kind: "gru", make: () => nn.gruCell(U, f64) },
  { kind: "gruBefore", make: () => nn.gruCell(U, { ...f64, resetAfter: false }) },
];

const toRef = (p: AnyParams): RefParams => ({
  kernel: p.kernel.toArray() as number[][],
  recurrentKernel: p.recurrentKernel.toArray() as number[][],
  bias: p.bias.toArray() as number[] | number[][],
});
const xs = random.normal(random.key(7), [B, T, F], { dtype: "float64" }) as Tensor;
const xsArr = xs.toArray() as number[][][];
const lengths = [5, 2, 0];
const mask = nn.sequenceMask(lengths, T);
const maskArr = mask.toArray() as boolean[][];

describe("recurrent cells: Keras's layout and initialisation", () => {
  it("lstmCell: kernel [in, 4u], recurrentKernel [u, 4u] orthogonal, bias [4u] with the forget slice at 1", () => {
    const p = nn.lstmCell(4).init(k, 3);
    expect(p.kernel.shape).toEqual([3, 16]);
    expect(p.recurrentKernel.shape).toEqual([4, 16]);
    expect(p.bias.toArray()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // rows of a [4, 16] orthogonal matrix are orthonormal
    expectClose(
      matmul(p.recurrentKernel, transpose(p.recurrentKernel)),
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
      1e-5,
    );
    const limit = Math.sqrt(6 / (3 + 16));
    expect(values(p.kernel).every((v) => Math.abs(v) <= limit)).toBe(true);
    expect(nn.lstmCell(2, { unitForgetBias: false }).init(k, 3).bias.toArray()).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it("gruCell: bias [2, 3u] with resetAfter (default), [3u] without; simpleRnnCell [in, u], [u, u], [u]", () => {
    const g = nn.gruCell(4).init(k, 3);
    expect([g.kernel.shape, g.recurrentKernel.shape, g.bias.shape]).toEqual([
      [3, 12],
      [4, 12],
      [2, 12],
    ]);
    expect(nn.gruCell(4, { resetAfter: false }).init(k, 3).bias.shape).toEqual([12]);
    const s = nn.simpleRnnCell(4, { dtype: "float64" }).init(k, 3);
    expect([s.kernel.shape, s.recurrentKernel.shape, s.bias.shape, s.kernel.dtype]).toEqual([[3, 4], [4, 4], [4], "float64"]);
    expectClose(
      matmul(transpose(s.recurrentKernel), s.recurrentKernel),
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
      1e-5,
    );
  });

  it("initialState is zeros: [h] or [h, c], each [batch, units]", () => {
    expect(
      nn
        .lstmCell(4)
        .initialState(2, "float64")
        .map((s) => [s.shape, s.dtype, values(s).every((v) => v === 0)]),
    ).toEqual([
      [[2, 4], "float64", true],
      [[2, 4], "float64", true],
    ]);
    expect(nn.gruCell(4).initialState(2, "float32").length).toBe(1);
  });

  for (const { kind, make } of cells) {
    it(`${kind}: one step equals the plain-JavaScript Keras formulas`, () => {
      const cell = make();
      const p = cell.init(random.key(3), F);
      const x = random.normal(random.key(4), [B, F], { dtype: "float64" }) as Tensor;
      const s0 = cell.initialState(B, "float64").map((_, i) => random.normal(random.key(10 + i), [B, U], { dtype: "float64" }) as Tensor);
      const [s1, y] = cell.step(p, s0, x);
      const xa = x.toArray() as number[][];
      const sa = s0.map((s) => s.toArray() as number[][]);
      for (let b = 0; b < B; b++) {
        const [rs, ry] = refStep(
          kind,
          toRef(p),
          sa.map((s) => s[b]),
          xa[b],
        );
        expectClose(squeeze(sliceRow(y, b), 0), ry, 1e-12);
        s1.forEach((s, i) => expectClose(squeeze(sliceRow(s, b), 0), rs[i], 1e-12));
      }
    });

    it(`${kind}: step gradients match finite differences (float64)`, () => {
      const cell = make();
      const p = cell.init(random.key(3), F);
      const x = random.normal(random.key(4), [2, F], { dtype: "float64" }) as Tensor;
      const s0 = cell.initialState(2, "float64").map((_, i) => random.normal(random.key(10 + i), [2, U], { dtype: "float64" }) as Tensor);
      checkGrads(
        (pp: AnyParams, s: Tensor[], xx: Tensor) => {
          const [next, y] = cell.step(pp, s, xx);
          return [y, ...next];
        },
        [p, s0, x],
      );
    });
  }
});

describe("recurrent cells: second derivatives", () => {
  it("lstm and gru steps have correct second derivatives (float64)", () => {
    for (const make of [() => nn.lstmCell(2, f64), () => nn.gruCell(2, f64)]) {
      const cell = make();
      const p = cell.init(random.key(3), F);
      const x = random.normal(random.key(4), [1, F], { dtype: "float64" }) as Tensor;
      const s0 = cell.initialState(1, "float64").map((_, i) => random.normal(random.key(10 + i), [1, 2], { dtype: "float64" }) as Tensor);
      checkGrads((xx: Tensor, s: Tensor[]) => cell.step(p, s, xx)[1], [x, s0], { order: 2 });
    }
  });
});

function sliceRow(t: Tensor, b: number): Tensor {
  return expandDims(tensor((t.toArray() as number[][])[b], "float64"), 0);
}

describe("rnn: a cell over the time axis with lax.scan", () => {
  for (const { kind, make } of cells) {
    it(`${kind}: last output and sequences equal Keras's loop, forwards and backwards, with and without a mask`, () => {
      for (const reverse of [false, true]) {
        const seqLayer = nn.rnn(make(), { returnSequences: true, reverse });
        const lastLayer = nn.rnn(make(), { reverse });
        const [shape, p] = seqLayer.init(random.key(5), [-1, T, F]);
        expect(shape).toEqual([-1, T, U]);
        expect(lastLayer.init(random.key(5), [-1, T, F])[0]).toEqual([-1, U]);
        const ref = refRnn(kind, toRef(p), xsArr, { reverse });
        expectClose(seqLayer.apply(p, xs), ref.seq, 1e-12);
        expectClose(lastLayer.apply(p, xs), ref.last, 1e-12);
        const refM = refRnn(kind, toRef(p), xsArr, { reverse, mask: maskArr });
        expectClose(seqLayer.apply(p, [xs, mask]), refM.seq, 1e-12);
        expectClose(lastLayer.apply(p, [xs, mask]), refM.last, 1e-12);
      }
    });
  }

  it("float32 with the default initialisers: close to the float64 reference, and finite", () => {
    for (const make of [() => nn.lstmCell(4), () => nn.gruCell(4), () => nn.simpleRnnCell(4)]) {
      const layer = nn.rnn(make(), { returnSequences: true });
      const [, p] = layer.init(k, [-1, T, F]);
      const y = layer.apply(p, xs);
      expect(y.dtype).toBe("float32");
      const kind: Kind = p.bias.shape.length === 2 ? "gru" : p.kernel.shape[1] === 16 ? "lstm" : "simple";
      expectClose(y, refRnn(kind, toRef(p), xsArr).seq, 1e-5);
    }
  });

  it("a sequence with no valid step gives zeros; a 0/1 float mask works like a bool one", () => {
    const layer = nn.rnn(nn.lstmCell(U, f64));
    const [, p] = layer.init(k, [-1, T, F]);
    const y = layer.apply(p, [xs, mask]);
    expect((y.toArray() as number[][])[2]).toEqual([0, 0, 0]);
    const m01 = tensor(
      maskArr.map((r) => r.map((v) => (v ? 1 : 0))),
      "float64",
    );
    expectClose(layer.apply(p, [xs, m01]), y, 1e-15);
  });

  it("initialState: [units] tensors shared by the batch, or [batch, units]", () => {
    const h0 = [0.5, -0.2, 0.1];
    const c0 = [0.3, 0.3, -1];
    const init = [tensor(h0, "float64"), tensor(c0, "float64")];
    const layer = nn.rnn(nn.lstmCell(U, f64), { returnSequences: true, initialState: init });
    const [, p] = layer.init(k, [-1, T, F]);
    const ref = refRnn("lstm", toRef(p), xsArr, { initial: [h0, c0] });
    expectClose(layer.apply(p, xs), ref.seq, 1e-12);
    const batched = nn.rnn(nn.lstmCell(U, f64), {
      returnSequences: true,
      initialState: init.map((s) =>
        tensor(
          Array.from({ length: B }, () => s.toArray() as number[]),
          "float64",
        ),
      ),
    });
    expectClose(batched.apply(p, xs), ref.seq, 1e-12);
  });

  it("init accepts the pair of shapes [[B, T, F], [B, T]]", () => {
    expect(
      nn.rnn(nn.gruCell(4)).init(k, [
        [8, 10, 3],
        [8, 10],
      ])[0],
    ).toEqual([8, 4]);
    expect(
      nn.rnn(nn.gruCell(4), { returnSequences: true }).init(k, [
        [-1, 10, 3],
        [-1, 10],
      ])[0],
    ).toEqual([-1, 10, 4]);
  });

  it("composes with serial: rnn then dense", () => {
    const net = nn.serial(nn.rnn(nn.gruCell(U, f64)), nn.dense(1, { dtype: "float64" }));
    const [shape, [pr, pd]] = net.init(k, [
      [-1, T, F],
      [-1, T],
    ]);
    expect(shape).toEqual([-1, 1]);
    const h = nn.rnn(nn.gruCell(U, f64)).apply(pr, [xs, mask]);
    expectClose(net.apply([pr, pd], [xs, mask]) as Tensor, nn.dense(1).apply(pd, h), 1e-12);
  });

  it("gradients of the whole layer match finite differences (float64), with a mask", () => {
    for (const { make } of cells) {
      const layer = nn.rnn(make(), { returnSequences: true });
      const [, p] = layer.init(random.key(2), [-1, T, F]);
      const x = random.normal(random.key(9), [2, T, F], { dtype: "float64" }) as Tensor;
      checkGrads((pp: AnyParams, xx: Tensor) => layer.apply(pp, [xx, nn.sequenceMask([T, 3], T)]), [p, x], { sampled: 20 });
    }
  });

  it("mask invariance: changing x at padded steps changes neither the outputs nor the gradients", () => {
    const x2 = where(expandDims(mask, 2), xs, mul(xs, -7)) as Tensor;
    expect(values(x2)).not.toEqual(values(xs));
    for (const { make } of cells) {
      for (const reverse of [false, true]) {
        const layer = nn.rnn(make(), { returnSequences: true, reverse });
        const [, p] = layer.init(random.key(2), [-1, T, F]);
        const loss = (x: Tensor) => (pp: AnyParams) => sum(tanh(layer.apply(pp, [x, mask])));
        expectClose(layer.apply(p, [xs, mask]), layer.apply(p, [x2, mask]), 1e-15);
        const g1 = grad(loss(xs))(p);
        const g2 = grad(loss(x2))(p);
        for (const name of ["kernel", "recurrentKernel", "bias"] as const) {
          expectClose(g1[name], g2[name], 1e-13);
          expect(values(g1[name]).some((v) => v !== 0)).toBe(true);
        }
      }
    }
  });

  it("vmap over examples [T, F] equals applying to the batch [B, T, F]", () => {
    for (const { make } of cells) {
      const layer = nn.rnn(make(), { returnSequences: true });
      const [, p] = layer.init(random.key(2), [-1, T, F]);
      const one = (x: Tensor, m: Tensor) => squeeze(layer.apply(p, [expandDims(x, 0), expandDims(m, 0)]), 0);
      expectClose(vmap(one)(xs, mask), layer.apply(p, [xs, mask]), 1e-12);
      const r = functionsAgree(
        (x: Tensor) => vmap((e: Tensor) => squeeze(layer.apply(p, expandDims(e, 0)), 0))(x),
        (x: Tensor) => layer.apply(p, x),
        [xs],
      );
      expect(r.ok).toBe(true);
    }
  });

  it("jit(apply) ≡ apply and grad(jit(loss)) ≡ grad(loss)", () => {
    for (const { make } of cells) {
      const layer = nn.rnn(make(), { reverse: true });
      const [, p] = layer.init(random.key(2), [-1, T, F]);
      const f = (pp: AnyParams, x: Tensor) => layer.apply(pp, [x, mask]);
      expect(functionsAgree(jit(f), f, [p, xs]).ok).toBe(true);
      const loss = (pp: AnyParams, x: Tensor) => sum(tanh(f(pp, x)));
      expect(functionsAgree(grad(jit(loss)), grad(loss), [p, xs] as [AnyParams, Tensor]).ok).toBe(true);
    }
  });

  it("bad input: errors name the layer, the argument and the shapes, and change nothing", () => {
    const layer = nn.rnn(nn.lstmCell(4));
    const [, p] = layer.init(k, [-1, 6, 3]);
    expect(() => layer.apply(p, tensor([[1, 2, 3]]))).toThrow("rnn(lstmCell(4)): input x of shape [1,3] must have rank 3, [batch, time, features]");
    expect(() => layer.apply(p, tensor([[[1, 2]]]))).toThrow("rnn(lstmCell(4)): input x of shape [1,1,2] has 2 features, but the layer was built for 3");
    const x = tensor([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect(() => layer.apply(p, [x, tensor([[true, true, false]])])).toThrow(
      "rnn(lstmCell(4)): mask of shape [1,3] does not match [batch, time] = [1,2] of input x of shape [1,2,3]",
    );
    expect(() => layer.apply(p, [x, x, x])).toThrow(/rnn\(lstmCell\(4\)\): expects x \[batch, time, features\] or the pair \[x, mask\], got a tuple of 3/);
    expect(() => layer.init(k, [-1, 3])).toThrow("rnn(lstmCell(4)): input shape [-1,3] must have rank 3, [batch, time, features]");
    expect(() => layer.init(k, [-1, 5, -1])).toThrow("rnn(lstmCell(4)): the number of features (last dimension) of input shape [-1,5,-1] must be known");
    expect(() =>
      layer.init(k, [
        [-1, 5, 3],
        [-1, 4],
      ]),
    ).toThrow("rnn(lstmCell(4)): mask shape [-1,4] does not match [batch, time] of input shape [-1,5,3]");
    expect(() => nn.lstmCell(0)).toThrow("lstmCell: units must be a positive integer, got 0");
    expect(() => nn.gruCell(2).init(k, 0)).toThrow("gruCell(2): inputSize must be a positive integer, got 0");
    expect(() => nn.rnn(nn.gruCell(4), { initialState: [tensor([1, 2])] }).apply(nn.gruCell(4).init(k, 3), x)).toThrow(
      "rnn(gruCell(4)): initialState[0] of shape [2] must be [4] or [1, 4] (batch 1)",
    );
    expect(() => nn.lstmCell(4).step(p, nn.lstmCell(4).initialState(1, "float32"), tensor([[1, 2]]))).toThrow(
      "lstmCell(4): step input x of shape [1,2] must be [batch, 3] (the kernel is [3,16])",
    );
    expect(x.toArray()).toEqual([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect(Object.isFrozen(p)).toBe(true);
  });
});

describe("sequenceMask", () => {
  it("is true below each length", () => {
    expect(nn.sequenceMask([2, 0, 3], 3).toArray()).toEqual([
      [true, true, false],
      [false, false, false],
      [true, true, true],
    ]);
    expect(nn.sequenceMask(tensor([1], "int32"), 2).toArray()).toEqual([[true, false]]);
    expect(() => nn.sequenceMask([1.5], 2)).toThrow("sequenceMask: lengths must be non-negative integers, got [1.5]");
  });
});

describe("bidirectional", () => {
  it("concatenates the forward and the time-ordered backward outputs on the feature axis (Keras merge_mode concat)", () => {
    for (const { kind, make } of cells) {
      const seq = nn.bidirectional(nn.rnn(make(), { returnSequences: true }));
      const [shape, p] = seq.init(random.key(6), [-1, T, F]);
      expect(shape).toEqual([-1, T, 2 * U]);
      const fwd = refRnn(kind, toRef(p.forward), xsArr, { mask: maskArr });
      const bwd = refRnn(kind, toRef(p.backward), xsArr, { mask: maskArr, reverse: true });
      const expectedSeq = fwd.seq.map((ex, b) => ex.map((y, t) => [...y, ...bwd.seq[b][T - 1 - t]]));
      expectClose(seq.apply(p, [xs, mask]), expectedSeq, 1e-12);
      const last = nn.bidirectional(nn.rnn(make()));
      expect(last.init(random.key(6), [-1, T, F])[0]).toEqual([-1, 2 * U]);
      expectClose(
        last.apply(p, [xs, mask]),
        fwd.last.map((y, b) => [...y, ...bwd.last[b]]),
        1e-12,
      );
    }
  });

  it("forward and backward params differ; gradients match finite differences", () => {
    const layer = nn.bidirectional(nn.rnn(nn.gruCell(U, f64), { returnSequences: true }));
    const [, p] = layer.init(k, [-1, T, F]);
    expect(values(p.forward.kernel)).not.toEqual(values(p.backward.kernel));
    checkGrads((pp: typeof p) => layer.apply(pp, [xs, mask]), [p], { sampled: 20 });
  });

  it("jit and vmap agree with the eager layer", () => {
    const layer = nn.bidirectional(nn.rnn(nn.lstmCell(U, f64), { returnSequences: true }));
    const [, p] = layer.init(k, [-1, T, F]);
    const f = (pp: typeof p, x: Tensor) => layer.apply(pp, [x, mask]);
    expect(functionsAgree(jit(f), f, [p, xs] as [typeof p, Tensor]).ok).toBe(true);
    const one = (x: Tensor, m: Tensor) => squeeze(layer.apply(p, [expandDims(x, 0), expandDims(m, 0)]), 0);
    expectClose(vmap(one)(xs, mask), f(p, xs), 1e-12);
  });

  it("errors name the layer", () => {
    const layer = nn.bidirectional(nn.rnn(nn.lstmCell(2)));
    const [, p] = layer.init(k, [-1, 4, 3]);
    expect(() => layer.apply(p, tensor([[[1, 2]]]))).toThrow(
      "bidirectional(rnn(lstmCell(2))): input x of shape [1,1,2] has 2 features, but the layer was built for 3",
    );
  });
});
