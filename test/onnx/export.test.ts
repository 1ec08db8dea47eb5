/**
 * ONNX export: exported models run in ONNX Runtime and agree with purediff; their
 * structure (opset, IR version, input and output names, types and shapes) decodes as
 * written; primitives without an ONNX form are reported by name.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLeft, isRight } from "fp-ts/Either";
import { InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { bind } from "../../src/core/bind";
import { lenet5 } from "../../examples/lenet";
import {
  abs,
  add,
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctanh,
  ceil,
  cosh,
  exp2,
  floor,
  fmod,
  round,
  sinh,
  tan,
  argmax,
  argsort,
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  shiftLeft,
  cholesky,
  concat,
  neg,
  scalar,
  cumsum,
  decodeOnnxModel,
  div,
  expm1,
  exportOnnx,
  exportOnnxE,
  flip,
  grad,
  greater,
  less,
  lessEqual,
  jit,
  lax,
  log1p,
  matmul,
  astype,
  max,
  maximum,
  min,
  minimum,
  mul,
  nn,
  notEqual,
  random,
  reshape,
  saveOnnx,
  slice,
  softmax,
  sort,
  sum,
  take,
  tanh,
  tensor,
  transpose,
  tree,
  where,
  type Tensor,
} from "../../src/index";

type Feeds = Readonly<Record<string, Tensor>>;

/** A tree path (`[0].W`) as the dotted name exportOnnx gives the leaf (`.0.W`). */
const dotted = (path: string): string => path.replace(/\[(\d+)\]/g, ".$1");

const ortTensor = (t: Tensor): OrtTensor => new OrtTensor(t.dtype === "float64" ? "float64" : t.dtype, t.data() as Float32Array, t.shape.slice());

/** Runs the model in ONNX Runtime on the given inputs. */
async function runOnnx(
  bytes: Uint8Array,
  feeds: Feeds,
): Promise<Record<string, { readonly data: ArrayLike<number | boolean>; readonly dims: readonly number[] }>> {
  // Every initializer feeds a node (no dead constants).
  const { graph } = decodeOnnxModel(bytes);
  const used = new Set(graph.node.flatMap((n) => n.input));
  expect(graph.initializer.map((t) => t.name).filter((name) => !used.has(name as string))).toEqual([]);
  const session = await InferenceSession.create(bytes);
  const ortFeeds: Record<string, OrtTensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = ortTensor(t);
  const results = await session.run(ortFeeds);
  const out: Record<string, { data: ArrayLike<number | boolean>; dims: readonly number[] }> = {};
  for (const [name, t] of Object.entries(results)) out[name] = { data: t.data as ArrayLike<number>, dims: t.dims };
  return out;
}

/** ONNX Runtime's output equals purediff's: same shape, values within 1e-5 relative (float32; absolute below 1), infinities and NaNs equal. */
function expectClose(actual: { readonly data: ArrayLike<number | boolean>; readonly dims: readonly number[] }, expected: Tensor, rtol = 1e-5): void {
  expect(actual.dims).toEqual(expected.shape);
  const want = Array.from(expected.data(), Number);
  const got = Array.from(actual.data, Number);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) =>
    Number.isFinite(want[i]) ? expect(Math.abs(g - want[i])).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i]))) : expect(g).toBe(want[i]),
  );
}

describe("exportOnnx", () => {
  const net = nn.serial(nn.dense(16), nn.activation(nn.relu), nn.dense(10));
  const [, params] = net.init(random.key(0), [-1, 8]);
  const classify = (x: Tensor) => softmax(net.apply(params, x), -1);
  const images = random.normal(random.key(1), [4, 8]);

  it("exports the README MLP (dense → relu → dense → softmax), which ONNX Runtime runs to purediff's outputs", async () => {
    const bytes = exportOnnx(classify, images);
    const out = await runOnnx(bytes, { arg0: images });
    expectClose(out.output, classify(images));
    // Rows of a softmax sum to 1, in ONNX Runtime too.
    const probs = Array.from(out.output.data, Number);
    for (let r = 0; r < 4; r++) expect(probs.slice(10 * r, 10 * r + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it("writes opset 18, IR version 8, inputs named by argument path and typed outputs, parameters as initializers", () => {
    const model = decodeOnnxModel(exportOnnx(classify, images));
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport).toEqual([{ domain: "", version: 18 }]);
    expect(model.producerName).toBe("purediff");
    const info = (v: (typeof model.graph.input)[number]) => [v.name, v.type.tensorType.elemType, v.type.tensorType.shape.dim.map((d) => d.dimValue)];
    expect(model.graph.input.map(info)).toEqual([["arg0", 1, [4, 8]]]);
    expect(model.graph.output.map(info)).toEqual([["output", 1, [4, 10]]]);
    // The two weight matrices and two biases are initializers of their shapes (1 = FLOAT).
    const dims = model.graph.initializer.filter((t) => t.dataType === 1 && t.dims.length > 0).map((t) => t.dims);
    expect(dims).toEqual(expect.arrayContaining([[8, 16], [16], [16, 10], [10]]));
    const ops = model.graph.node.map((n) => n.opType);
    expect(ops.filter((o) => o === "MatMul")).toHaveLength(2);
    // relu is a customJvp call, inlined to its max.
    expect(ops).toContain("Max");
  });

  it("exports the LeNet-5 example (conv, relu, max pooling, dense) and strided, dilated, grouped and depthwise convolutions, which ONNX Runtime runs to purediff's outputs", async () => {
    const lenet = lenet5();
    const [, p] = lenet.init(random.key(11), [-1, 28, 28, 1]);
    const f = (x: Tensor) => softmax(lenet.apply(p, x), -1);
    const x = random.uniform(random.key(12), [2, 28, 28, 1]);
    const bytes = exportOnnx(f, x);
    const ops = decodeOnnxModel(bytes).graph.node.map((n) => n.opType);
    expect(ops.filter((o) => o === "Conv")).toHaveLength(2);
    expect(ops.filter((o) => o === "MaxPool")).toHaveLength(4); // two pools, each with its NaN mask
    const out = await runOnnx(bytes, { arg0: x });
    expectClose(out.output, f(x));
    // Convolutions with strides, dilation, groups and a depthwise one.
    const convs = nn.serial(
      nn.depthwiseConv2d(3, { depthMultiplier: 2, padding: "SAME" }),
      nn.conv2d(4, [2, 3], { strides: [2, 1], dilation: [1, 2], groups: 2 }),
    );
    const [, q] = convs.init(random.key(13), [-1, 9, 8, 3]);
    const g = (x: Tensor) => convs.apply(q, x);
    const images = random.normal(random.key(14), [2, 9, 8, 3]);
    expectClose((await runOnnx(exportOnnx(g, images), { arg0: images })).output, g(images));
  });

  it("exports a gradient: the parameter tree is the input, the gradient tree the output", async () => {
    const labels = tensor([3, 0, 9, 1], "int32");
    const loss = (p: typeof params) => nn.sparseCategoricalCrossEntropyWithLogits(net.apply(p, images), labels);
    const bytes = exportOnnx(grad(loss), params);
    const model = decodeOnnxModel(bytes);
    expect(model.graph.input.map((v) => v.name)).toEqual(["arg0.0.W", "arg0.0.b", "arg0.2.W", "arg0.2.b"]);
    expect(model.graph.output.map((v) => v.name)).toEqual(["output.0.W", "output.0.b", "output.2.W", "output.2.b"]);
    const feeds: Record<string, Tensor> = {};
    for (const [path, leaf] of tree.flattenWithPath(params)) feeds[`arg0${dotted(path)}`] = leaf as Tensor;
    const out = await runOnnx(bytes, feeds);
    for (const [path, leaf] of tree.flattenWithPath(grad(loss)(params))) expectClose(out[`output${dotted(path)}`], leaf as Tensor);
  });

  it("exports scatterAdd (the gradient of take) along the first and a middle axis", async () => {
    const rows = tensor(
      [
        [2, 0, 2],
        [1, 1, 3],
      ],
      "int32",
    );
    const f = (table: Tensor, x: Tensor) => ({
      table: grad((t: Tensor) => sum(mul(take(t, rows, 0), tensor([1, 2, 3]))))(table), // [4, 3] from [2, 3, 3] updates
      middle: grad((y: Tensor) => sum(mul(take(y, tensor([1, 1, 0], "int32"), 1), tensor([[[1], [10], [100]]]))))(x), // [2, 2, 2]
    });
    const table = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    const bytes = exportOnnx(f, table, x);
    expect(decodeOnnxModel(bytes).graph.node.filter((n) => n.opType === "ScatterND")).toHaveLength(2);
    const out = await runOnnx(bytes, { arg0: table, arg1: x });
    // Hand-computed: each take of a row adds [1, 2, 3] to it; rows 1 and 2 are taken twice, rows 0 and 3 once.
    expect(Array.from(out["output.table"].data, Number)).toEqual([1, 2, 3, 2, 4, 6, 2, 4, 6, 1, 2, 3]);
    // Middle axis: index 1 taken with weights 1 and 10, index 0 with 100.
    expect(Array.from(out["output.middle"].data, Number)).toEqual([100, 100, 11, 11, 100, 100, 11, 11]);
    for (const [name, t] of Object.entries(f(table, x))) expectClose(out[`output.${name}`], t);
  });

  it("exports an MLP with layer norm, gelu, tanh, softplus and sigmoid", async () => {
    const deep = nn.serial(
      nn.dense(12),
      nn.layerNorm(),
      nn.activation(nn.gelu),
      nn.dense(12),
      nn.activation(nn.tanh),
      nn.activation(nn.softplus),
      nn.dense(3),
      nn.activation(nn.sigmoid),
    );
    const [, p] = deep.init(random.key(2), [-1, 6]);
    const f = (x: Tensor) => deep.apply(p, x);
    const x = random.normal(random.key(3), [5, 6]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    expectClose(out.output, f(x));
  });

  it("exports batch norm with batch statistics (and its running averages) and with running statistics", async () => {
    const bn = nn.batchNorm();
    const [, p, state] = bn.init(random.key(6), [-1, 3]);
    const x = random.normal(random.key(7), [6, 3]);
    const [, trainedState] = bn.apply(p, add(x, 1), { state, train: true });
    const training = (x: Tensor) => bn.apply(p, x, { state, train: true });
    const inference = (x: Tensor) => bn.apply(p, x, { state: trainedState })[0];
    const trainOut = await runOnnx(exportOnnx(training, x), { arg0: x });
    const [y, next] = training(x);
    expectClose(trainOut["output.0"], y);
    const stateLeaves = tree.flattenWithPath(next);
    expect(stateLeaves.length).toBeGreaterThan(0);
    for (const [path, leaf] of stateLeaves) expectClose(trainOut[`output.1${dotted(path)}`], leaf as Tensor);
    const evalOut = await runOnnx(exportOnnx(inference, x), { arg0: x });
    expectClose(evalOut.output, inference(x));
  });

  it("exports exact gelu (erf)", async () => {
    const f = (x: Tensor) => nn.gelu(x, { approximate: false });
    const x = tensor([[-2, -0.5, 0, 0.5, 3]]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    expectClose(out.output, f(x));
  });

  it("exports log1p, expm1 and softplus accurate to a relative 1e-5 down to tiny values, and at the edges", async () => {
    const f = (x: Tensor) => ({ log1p: log1p(x), expm1: expm1(x), softplus: nn.softplus(mul(x, -20)) });
    const x = tensor([1e-10, -3e-8, 1e-4, 0.5, -0.9, 3, 0, -1, Infinity, -Infinity]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    const want = f(x);
    // Relative error, however small the value (log(1 + x) would give 0 for 1e-10, and softplus(−60) = 8.8e-27 would be 0).
    for (const name of ["log1p", "expm1", "softplus"] as const) {
      const got = Array.from(out[`output.${name}`].data, Number);
      Array.from(want[name].data(), Number).forEach((w, i) =>
        Number.isFinite(w) ? expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-5 * Math.abs(w)) : expect(got[i]).toBe(w),
      );
    }
    // Hand-checked edges: log1p(-1) = -∞, log1p(∞) = ∞, expm1(-∞) = -1, expm1(∞) = ∞.
    expect(Array.from(out["output.log1p"].data, Number).slice(7)).toEqual([-Infinity, Infinity, NaN]);
    expect(Array.from(out["output.expm1"].data, Number).slice(7)).toEqual([Math.expm1(-1), Infinity, -1].map(Math.fround));
  });

  it("exports a LeNet-like NHWC network: max pooling, average pooling (SAME, with and without the padding counted), min pooling, dense", async () => {
    const lenet = nn.serial(
      nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
      nn.avgPoolLayer([3, 3], { padding: "SAME" }),
      nn.avgPoolLayer([2, 2], { padding: "SAME", countIncludePad: false }),
      nn.flatten(),
      nn.dense(4),
      nn.activation(nn.relu),
      nn.dense(3),
    );
    const [, p] = lenet.init(random.key(4), [-1, 8, 6, 2]);
    const f = (x: Tensor) => {
      const minPooled = lax.reduceWindow(x, Infinity, "min", [1, 3, 2, 1], [1, 1, 2, 1], "VALID");
      return [softmax(lenet.apply(p, x), -1), minPooled] as const;
    };
    const x = random.normal(random.key(5), [2, 8, 6, 2]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    const [probs, minPooled] = f(x);
    expectClose(out["output.0"], probs);
    expectClose(out["output.1"], minPooled);
    expect(out["output.1"].dims).toEqual([2, 6, 3, 2]);
  });

  it("exports pooling of float64 and int32 tensors and pooling with negative padding (strided slices, without pooling operators)", async () => {
    const pools = (x: Tensor) => ({
      avg: nn.avgPool(x, [2, 3], { strides: [2, 1], padding: "SAME" }),
      max: nn.maxPool(x, [3, 2], {
        padding: [
          [1, 1],
          [0, 1],
        ],
      }),
      min: lax.reduceWindow(
        x,
        Infinity,
        "min",
        [1, 2, 2, 1],
        [1, 1, 1, 1],
        [
          [0, 0],
          [-1, 0],
          [0, 0],
          [0, 0],
        ],
        { windowDilation: [1, 1, 2, 1] },
      ),
    });
    const x64 = random.normal(random.key(8), [2, 5, 4, 3], { dtype: "float64" });
    const out64 = await runOnnx(exportOnnx(pools, x64), { arg0: x64 });
    for (const [name, t] of Object.entries(pools(x64))) expectClose(out64[`output.${name}`], t, 1e-12);
    const x32 = random.normal(random.key(8), [2, 5, 4, 3]);
    const out32 = await runOnnx(exportOnnx(pools, x32), { arg0: x32 });
    for (const [name, t] of Object.entries(pools(x32))) expectClose(out32[`output.${name}`], t);
    const ints = (x: Tensor) => ({
      sum: lax.reduceWindow(x, 0, "add", [2, 2], [1, 2], "SAME"),
      max: lax.reduceWindow(
        x,
        -2147483648,
        "max",
        [3, 1],
        [1, 1],
        [
          [1, 1],
          [0, 0],
        ],
      ),
    });
    const xi = tensor(
      [
        [1, -2, 3, 4],
        [5, 6, -7, 8],
        [9, 10, 11, -12],
      ],
      "int32",
    );
    const outi = await runOnnx(exportOnnx(ints, xi), { arg0: xi });
    // Hand-computed: windows of 2×2 at columns 0 and 2, the last row padded with 0.
    expect(Array.from(outi["output.sum"].data, Number)).toEqual([10, 8, 30, 0, 19, -1]);
    expect(Array.from(outi["output.max"].data, Number)).toEqual([5, 6, 3, 8, 9, 10, 11, 8, 9, 10, 11, 8]);
  });

  it("exports broadcasting, slicing, concatenation, gather, where, flips, cumsum, argmax and transposed products, with tree arguments and outputs", async () => {
    const f = (p: { readonly a: Tensor; readonly b: Tensor }, idx: Tensor) => {
      const c = add(p.a, p.b); // [3, 4] + [4]
      const picked = take(c, idx, 0); // rows by int32 index
      const joined = concat([slice(c, [0, 1], [2, 4]), slice(flip(picked, 1), [0, 0], [2, 4], [1, 2])], 1); // [2, 3 + 2]
      const masked = where(greater(joined, 0), joined, mul(joined, 0.1));
      const gram = matmul(transpose(c), c); // [4, 4]
      return {
        masked,
        gram,
        running: cumsum(c, 1),
        fromEnd: cumsum(c, 0, { reverse: true }),
        best: argmax(c, 1),
        nonzero: notEqual(idx, 0),
        total: sum(div(maximum(c, 0), 2)),
        reshaped: reshape(c, [2, 6]),
      };
    };
    const p = {
      a: tensor([
        [1, -2, 3, -4],
        [0.5, 6, -7, 8],
        [-9, 10, 0.25, 12],
      ]),
      b: tensor([0.5, -1, 2, 0]),
    };
    const idx = tensor([2, 0], "int32");
    const bytes = exportOnnx(f, p, idx);
    const model = decodeOnnxModel(bytes);
    expect(model.graph.input.map((v) => v.name)).toEqual(["arg0.a", "arg0.b", "arg1"]);
    expect(model.graph.input.map((v) => v.type.tensorType.elemType)).toEqual([1, 1, 6]);
    expect(model.graph.output.map((v) => [v.name, v.type.tensorType.elemType])).toEqual([
      // Object keys in sorted order, as tree.flatten orders them.
      ["output.best", 6],
      ["output.fromEnd", 1],
      ["output.gram", 1],
      ["output.masked", 1],
      ["output.nonzero", 9],
      ["output.reshaped", 1],
      ["output.running", 1],
      ["output.total", 1],
    ]);
    const out = await runOnnx(bytes, { "arg0.a": p.a, "arg0.b": p.b, arg1: idx });
    const want = f(p, idx);
    for (const [name, t] of Object.entries(want)) expectClose(out[`output.${name}`], t);
    // Hand-computed: the rows of a + b are [1.5, -3, 5, -4], [1, 5, -5, 8], [-8.5, 9, 2.25, 12].
    expect(Array.from(out["output.best"].data, Number)).toEqual([2, 3, 3]);
  });

  it("exports bitwise and logical operations on int32 and bool", async () => {
    const f = (a: Tensor, b: Tensor, m: Tensor, n: Tensor) => ({
      and: bitwiseAnd(a, b),
      or: bitwiseOr(a, b),
      xor: bitwiseXor(a, b),
      not: bitwiseNot(a),
      land: bitwiseAnd(m, n),
      lor: bitwiseOr(m, n),
      lxor: bitwiseXor(m, n),
      lnot: bitwiseNot(m),
    });
    const args = [
      tensor([12, -7, 0, 255], "int32"),
      tensor([10, 3, -1, 15], "int32"),
      tensor([true, true, false, false], "bool"),
      tensor([true, false, true, false], "bool"),
    ] as const;
    const out = await runOnnx(exportOnnx(f, ...args), { arg0: args[0], arg1: args[1], arg2: args[2], arg3: args[3] });
    for (const [name, t] of Object.entries(f(...args))) expectClose(out[`output.${name}`], t);
    // Hand-computed (two's complement): 12 & 10 = 8, -7 & 3 = 1, 0 & -1 = 0, 255 & 15 = 15; ~12 = -13.
    expect(Array.from(out["output.and"].data, Number)).toEqual([8, 1, 0, 15]);
    expect(Array.from(out["output.not"].data, Number)).toEqual([-13, 6, -1, -256]);
    expect(Array.from(out["output.lxor"].data, Boolean)).toEqual([false, true, true, false]);
    const ordered = (m: Tensor, n: Tensor) => ({ gt: greater(m, n), le: lessEqual(m, n) });
    const cmp = await runOnnx(exportOnnx(ordered, args[2], args[3]), { arg0: args[2], arg1: args[3] });
    // Hand-computed: true > false only in position 1; ≤ everywhere else.
    expect(Array.from(cmp["output.gt"].data, Boolean)).toEqual([false, true, false, false]);
    expect(Array.from(cmp["output.le"].data, Boolean)).toEqual([true, false, true, true]);
    expect(() => exportOnnx((x: Tensor) => shiftLeft(x, 1), args[0])).toThrow(
      /equation \d+ \(bitwise of int32\[4\], int32\[\]\): bitwise\[op=shiftLeft\] has no ONNX form here/,
    );
  });

  it("exports sort and argsort (TopK), ascending and descending, ties in their original order", async () => {
    const f = (x: Tensor) => ({
      up: sort(x, 1),
      down: sort(x, 0, { descending: true }),
      order: argsort(x, 1),
      reverseOrder: argsort(x, 1, { descending: true }),
    });
    const x = tensor([
      [3, 1, 2, 1],
      [0, -1, 5, 0],
    ]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    for (const [name, t] of Object.entries(f(x))) expectClose(out[`output.${name}`], t);
    // Hand-computed: the tied 1s (columns 1, 3) and 0s (columns 0, 3) keep their order both ways.
    expect(Array.from(out["output.order"].data, Number)).toEqual([1, 3, 2, 0, 1, 0, 3, 2]);
    expect(Array.from(out["output.reverseOrder"].data, Number)).toEqual([0, 2, 1, 3, 2, 0, 3, 1]);
  });

  it("keeps purediff's semantics for NaN and out-of-range values: propagating max, min and reductions, saturating casts", async () => {
    const f = (x: Tensor, y: Tensor) => ({
      most: maximum(x, y),
      least: minimum(x, y),
      top: max(x),
      bottom: min(x),
      rowTop: max(reshape(x, [2, 3]), 1),
      toInt: astype(x, "int32"),
      best: argmax(x, 0),
    });
    const x = tensor([1, NaN, 3e10, -3e10, 2.7, -2.7]);
    const y = tensor([NaN, 1, 0, 0, 0, 0]);
    const out = await runOnnx(exportOnnx(f, x, y), { arg0: x, arg1: y });
    for (const [name, t] of Object.entries(f(x, y))) expectClose(out[`output.${name}`], t);
    // Hand-computed: NaN wins max and min; casts truncate toward zero and saturate, NaN becoming 0.
    expect(Array.from(out["output.top"].data, Number)).toEqual([NaN]);
    expect(Array.from(out["output.rowTop"].data, Number)).toEqual([NaN, Math.fround(2.7)]);
    expect(Array.from(out["output.toInt"].data, Number)).toEqual([1, 0, 2147483647, -2147483648, 2, -2]);
    // Pooling: the windows over the NaN give NaN, max and min alike.
    const pools = (x: Tensor) => ({ max: nn.maxPool(x, [2, 2]), min: lax.reduceWindow(x, Infinity, "min", [1, 2, 2, 1], [1, 1, 1, 1], "VALID") });
    const image = tensor([
      [
        [[1], [NaN], [3]],
        [[4], [5], [6]],
      ],
    ]);
    const pooled = await runOnnx(exportOnnx(pools, image), { arg0: image });
    expect(Array.from(pooled["output.max"].data, Number)).toEqual([NaN, NaN]);
    expect(Array.from(pooled["output.min"].data, Number)).toEqual([NaN, NaN]);
    const image2 = tensor([
      [
        [[1], [2], [NaN]],
        [[4], [5], [6]],
      ],
    ]);
    const pooled2 = await runOnnx(exportOnnx(pools, image2), { arg0: image2 });
    expect(Array.from(pooled2["output.max"].data, Number)).toEqual([5, NaN]);
    expect(Array.from(pooled2["output.min"].data, Number)).toEqual([1, NaN]);
  });

  it("exports int32 division and remainder as purediff computes them: truncated, 0 for a zero divisor, -2^31 / -1 wrapped", async () => {
    const f = (a: Tensor, b: Tensor) => bind("div", [a, b], {});
    const a = tensor([7, -7, 5, -2147483648, 0, 9], "int32");
    const b = tensor([2, 2, 0, -1, 0, -1], "int32");
    const out = await runOnnx(exportOnnx(f, a, b), { arg0: a, arg1: b });
    expectClose(out.output, f(a, b));
    expect(Array.from(out.output.data, Number)).toEqual([3, -3, 0, -2147483648, 0, -9]);
    // The remainder likewise: the dividend's sign, 0 for a zero divisor and for -2^31 % -1.
    const g = (a: Tensor, b: Tensor) => bind("rem", [a, b], {});
    const remainders = await runOnnx(exportOnnx(g, a, b), { arg0: a, arg1: b });
    expectClose(remainders.output, g(a, b));
    expect(Array.from(remainders.output.data, Number)).toEqual([1, -1, 0, 0, 0, 0]);
  });

  it("exports scans unrolled: recurrent layers (an LSTM, then a GRU run backwards), a reverse scan with stacked outputs, foriLoop", async () => {
    const seq = nn.serial(nn.rnn(nn.lstmCell(5), { returnSequences: true }), nn.rnn(nn.gruCell(4), { reverse: true }), nn.dense(2));
    const [, p] = seq.init(random.key(9), [-1, 6, 3]);
    const f = (x: Tensor) => seq.apply(p, x);
    const x = random.normal(random.key(10), [2, 6, 3]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    expectClose(out.output, f(x));
    const scans = (xs: Tensor, h: Tensor) => {
      const [last, ys] = lax.scan((c: Tensor, xt: Tensor) => [add(mul(c, 0.5), xt), { twice: mul(xt, 2), running: c }] as const, h, xs, { reverse: true });
      return { last, ys, counted: lax.foriLoop(0, 4, (i: Tensor, acc: Tensor) => add(acc, astype(i, "float32")), h) };
    };
    const xs = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const h = tensor([0, 10]);
    const scanned = await runOnnx(exportOnnx(scans, xs, h), { arg0: xs, arg1: h });
    const want = scans(xs, h);
    expectClose(scanned["output.last"], want.last);
    expectClose(scanned["output.ys.running"], want.ys.running);
    expectClose(scanned["output.ys.twice"], want.ys.twice);
    // Hand-computed: from the end, c = [0, 10] → [5, 11] → [5.5, 9.5] → [3.75, 6.75]; foriLoop adds 0 + 1 + 2 + 3.
    expect(Array.from(scanned["output.last"].data, Number)).toEqual([3.75, 6.75]);
    expect(Array.from(scanned["output.ys.running"].data, Number)).toEqual([5.5, 9.5, 5, 11, 0, 10]);
    expect(Array.from(scanned["output.counted"].data, Number)).toEqual([6, 16]);
  });

  it("exports cond and switch as a selection among their branches, out-of-range indices clamped", async () => {
    const f = (x: Tensor, i: Tensor) => ({
      safeLog: lax.cond(
        greater(sum(x), 0),
        (v: Tensor) => log1p(v),
        (v: Tensor) => mul(v, 0),
        x,
      ),
      picked: lax.switch(i, [(v: Tensor) => add(v, 1), (v: Tensor) => mul(v, 10), (v: Tensor) => neg(v)], x),
    });
    const x = tensor([1, 2]);
    const bytes = exportOnnx(f, x, scalar(1, "int32"));
    for (const [index, expected] of [
      [-5, [2, 3]],
      [0, [2, 3]],
      [1, [10, 20]],
      [2, [-1, -2]],
      [7, [-1, -2]],
    ] as const) {
      const i = scalar(index, "int32");
      const out = await runOnnx(bytes, { arg0: x, arg1: i });
      expect(Array.from(out["output.picked"].data, Number)).toEqual(expected);
      expectClose(out["output.picked"], f(x, i).picked);
    }
    const negative = tensor([-1, -2]);
    for (const v of [x, negative])
      expectClose((await runOnnx(bytes, { arg0: v, arg1: scalar(0, "int32") }))["output.safeLog"], f(v, scalar(0, "int32")).safeLog);
  });

  it("exports rounding, trigonometric and hyperbolic functions, exp2 and rem", async () => {
    const f = (x: Tensor, y: Tensor) => ({
      floor: floor(x),
      ceil: ceil(x),
      round: round(x),
      tan: tan(x),
      asin: arcsin(div(x, 4)),
      acos: arccos(div(x, 4)),
      atan: arctan(x),
      sinh: sinh(x),
      cosh: cosh(x),
      asinh: arcsinh(x),
      acosh: arccosh(add(abs(x), 1)),
      atanh: arctanh(div(x, 4)),
      exp2: exp2(x),
      rem: fmod(x, y),
    });
    const x = tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.25]);
    const y = tensor([2, -1, 0.3, 0.2, 1, 2, -3]);
    const out = await runOnnx(exportOnnx(f, x, y), { arg0: x, arg1: y });
    for (const [name, t] of Object.entries(f(x, y))) expectClose(out[`output.${name}`], t);
    // Hand-computed: halves round to even; rem takes the dividend's sign (-2.5 % 2 = -0.5).
    expect(Array.from(out["output.round"].data, Number)).toEqual([-2, -2, -0, 0, 2, 2, 3]);
    expect(Array.from(out["output.rem"].data, Number)[0]).toBe(-0.5);
  });

  it("exports lax.pad with edges, negative edges and interior padding", async () => {
    const f = (x: Tensor) =>
      lax.pad(x, 0, [
        [1, -1, 2],
        [0, 2, 1],
      ]);
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const out = await runOnnx(exportOnnx(f, x), { arg0: x });
    expectClose(out.output, f(x));
    // Hand-computed: rows are a zero row, x's row 0, two interior zero rows (x's row 1 is cut by the −1);
    // columns are each element followed by one interior zero, then two zeros.
    expect(out.output.dims).toEqual([4, 7]);
    expect(Array.from(out.output.data, Number)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("exports float64 programs and inlines jit calls", async () => {
    const inner = jit((x: Tensor) => tanh(mul(x, x)));
    const f = (x: Tensor) => add(inner(x), 1);
    const x = tensor([0.1, -0.7, 2], "float64");
    const bytes = exportOnnx(f, x);
    const model = decodeOnnxModel(bytes);
    expect(model.graph.input[0].type.tensorType.elemType).toBe(11);
    expect(model.graph.node.map((n) => n.opType)).toEqual(["Mul", "Tanh", "Add", "Identity"]);
    const out = await runOnnx(bytes, { arg0: x });
    expectClose(out.output, f(x), 1e-12);
  });

  it("names the primitive without an ONNX form, its equation and the supported primitives", () => {
    const noisy = (x: Tensor) => add(x, random.normal(random.key(0), x.shape));
    expect(() => exportOnnx(noisy, tensor([1, 2]))).toThrow(
      /^exportOnnx: equation \d+ \(threefry2x32 of uint32\[\], uint32\[\], uint32\[1\], uint32\[1\]\): the primitive threefry2x32 has no ONNX form; supported: .*matmul.*reduceWindow/,
    );
    const chol = (a: Tensor) => cholesky(a);
    expect(() =>
      exportOnnx(
        chol,
        tensor([
          [4, 2],
          [2, 3],
        ]),
      ),
    ).toThrow("exportOnnx: equation 0 (cholesky of float32[2,2]): the primitive cholesky has no ONNX form");
    const loop = (x: Tensor) =>
      lax.whileLoop(
        (acc: Tensor) => less(sum(acc), 100),
        (acc: Tensor) => mul(acc, 2),
        x,
      );
    expect(() => exportOnnx(loop, tensor([1]))).toThrow(
      /^exportOnnx: equation 0 \(whileLoop of float32\[1\]\): the higher-order primitive whileLoop has no ONNX form; supported: .*; scan, unrolled; cond, selected$/,
    );
    const underGrad = (w: Tensor) => {
      exportOnnx((x: Tensor) => mul(x, w), tensor([1, 2]));
      return sum(w);
    };
    expect(() => grad(underGrad)(tensor([3, 4]))).toThrow(
      "exportOnnx: equation 0 (mul of float32[2], float32[2]): the function closes over a value traced by an outer transform (call exportOnnx outside grad, jit, vmap...)",
    );
    expect(() => exportOnnx(3 as unknown as () => Tensor)).toThrow("exportOnnx: f must be a function, got number");
    expect(() => exportOnnx((x: Tensor) => ({ "a.b": x, a: { b: x } }), tensor([1]))).toThrow(
      'exportOnnx: output leaves 0 and 1 both get the name "output.a.b" (a key contains a dot?)',
    );
    const either = exportOnnxE(
      chol,
      tensor([
        [4, 2],
        [2, 3],
      ]),
    );
    expect(isLeft(either) && either.left.message).toMatch(/cholesky has no ONNX form/);
  });

  it("reports pooling geometry ONNX cannot express", () => {
    const dilated = (x: Tensor) => lax.reduceWindow(x, -Infinity, "max", [2], [1], "VALID", { baseDilation: [2] });
    expect(() => exportOnnx(dilated, tensor([1, 2, 3]))).toThrow(
      "exportOnnx: equation 0 (reduceWindow of float32[3]): reduceWindow[op=max] on float32[3]: baseDilation [2] has no ONNX form (only 1s)",
    );
  });

  it("exportOnnxE returns the model; saveOnnx writes it to a file", () => {
    const either = exportOnnxE(classify, images);
    expect(isRight(either) && either.right).toEqual(exportOnnx(classify, images));
    const dir = mkdtempSync(join(tmpdir(), "purediff-onnx-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "mlp.onnx");
    saveOnnx(path, classify, images);
    expect(existsSync(path)).toBe(true);
    expect(new Uint8Array(readFileSync(path))).toEqual(exportOnnx(classify, images));
  });
});
