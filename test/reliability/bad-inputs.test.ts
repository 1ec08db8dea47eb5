/**
 * Bad inputs a new user tries (from the adoption issue's list): each is an error that
 * names the function, the argument and what is wrong, and leaves its inputs unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLeft } from "fp-ts/Either";
import { afterAll, describe, expect, it } from "vitest";
import * as pd from "../../src/index";

const {
  tensor,
  tensorE,
  zeros,
  ones,
  full,
  scalar,
  astype,
  broadcastTo,
  arange,
  linspace,
  take,
  oneHot,
  add,
  mul,
  sum,
  concat,
  stack,
  grad,
  jit,
  vmap,
  optim,
  train,
  tree,
  nn,
} = pd;

const dir = mkdtempSync(join(tmpdir(), "purediff-bad-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Calls with deliberately wrong argument types, as an untyped caller would. */
const loose = <F>(f: F) => f as unknown as (...args: unknown[]) => unknown;
const values = (t: pd.Tensor): number[] => Array.from(t.data(), Number);

describe("dtypes", () => {
  const dtypes = '"bool", "int32", "uint32", "float32", "float64"';
  it.each([
    ["tensor", () => loose(tensor)([1], "float16")],
    ["zeros", () => loose(zeros)([2], "float16")],
    ["ones", () => loose(ones)([2], "float16")],
    ["full", () => loose(full)([2], 1, "float16")],
    ["scalar", () => loose(scalar)(1, "float16")],
    ["astype", () => loose(astype)(tensor([1]), "float16")],
    ["arange", () => loose(arange)(0, 3, 1, "float16")],
  ])("%s names an unknown dtype and lists the known ones", (op, f) => {
    expect(f).toThrow(`${op}: unknown dtype "float16"; the dtypes are ${dtypes}`);
  });

  it("tensorE returns its Left instead of throwing", () => {
    const r = loose(tensorE)([1], "float16") as ReturnType<typeof tensorE>;
    expect(isLeft(r) && r.left.message).toBe(`tensor: unknown dtype "float16"; the dtypes are ${dtypes}`);
  });

  it("an options object where the dtype string goes gets a hint", () => {
    expect(() => loose(zeros)([2], { dtype: "float64" })).toThrow('zeros: the dtype is passed as a string, not an options object: write zeros(..., "float64")');
    expect(() => loose(tensor)([1], { dtype: "float64" })).toThrow(
      'tensor: the dtype is passed as a string, not an options object: write tensor(..., "float64")',
    );
  });
});

describe("shapes and lengths", () => {
  it("a number as a shape says shapes are arrays", () => {
    expect(() => loose(zeros)(3)).toThrow(
      "zeros: the shape must be an array of dimensions, got the number 3 (write zeros([3]), or zeros([3, n]) for a matrix)",
    );
    expect(() => loose(ones)(2, 3)).toThrow("ones: the shape must be an array of dimensions, got the number 2");
    expect(() => loose(full)(3, 1)).toThrow("full: the shape must be an array of dimensions, got the number 3");
  });

  it("negative, fractional and non-finite dimensions and lengths are refused", () => {
    expect(() => tensor([1, 2, 3, 4], "float32", [-2, -2])).toThrow("tensor: shape [-2,-2] must hold non-negative integers");
    expect(() => tensor([1, 2, 3, 4], "float32", [0.5, 8])).toThrow("tensor: shape [0.5,8] must hold non-negative integers");
    expect(() => broadcastTo(tensor([1, 2, 3]), [-1])).toThrow("broadcastTo: shape [-1] must hold non-negative integers");
    expect(() => arange(0, Infinity)).toThrow("arange: start and stop must be finite numbers, got 0 and Infinity");
    expect(() => arange(NaN)).toThrow("arange: start and stop must be finite numbers, got 0 and NaN");
    expect(() => linspace(0, NaN, 3)).toThrow("linspace: start and stop must be finite numbers, got 0 and NaN");
  });

  it("a shape with nested values reshapes them, and must be filled", () => {
    const x = tensor([1, 2, 3, 4], "float32", [2, 2]);
    expect(x.shape).toEqual([2, 2]);
    expect(values(x)).toEqual([1, 2, 3, 4]);
    expect(() => tensor([1, 2, 3], "float32", [2, 2])).toThrow("tensor: 3 values of shape [3] do not fill shape [2,2]");
  });

  it("an allocation too large names the op and the size", () => {
    expect(() => zeros([1e6, 1e6])).toThrow("zeros: shape [1000000,1000000] has 1.000e+12 elements, more than the 4294967295 a tensor can hold");
  });
});

describe("indices and labels", () => {
  const x = tensor([10, 20, 30]);
  it("non-integer indices and labels are refused, not truncated", () => {
    expect(() => take(x, [0.5])).toThrow("take: indices must be integers, got 0.5 at flat position 0");
    expect(() => oneHot([0.5, 1.7], 3)).toThrow("oneHot: indices must be integers, got 0.5 at flat position 0");
    expect(() => oneHot(tensor([1, 1.5]), 3)).toThrow("oneHot: indices must be integers, got 1.5 at flat position 1");
    expect(values(oneHot(tensor([2, 0]), 3))).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it("an out-of-range negative index is reported as given", () => {
    expect(() => take(x, [1, -5])).toThrow("take: index -5 (at flat position 1 of the indices) is out of range [-3, 3) for axis 0 of size 3 of x [3]");
    expect(values(take(x, [-1, 0]))).toEqual([30, 10]);
  });

  it("out-of-range labels give a NaN loss under jit instead of a silent 0", () => {
    const loss = jit((z: pd.Tensor, y: pd.Tensor) => nn.sparseCategoricalCrossEntropyWithLogits(z, y));
    const logits = tensor([
      [2, 0],
      [0, 1],
    ]);
    expect(Number.isNaN(loss(logits, tensor([0, 5], "int32")).item())).toBe(true);
    expect(Number.isNaN(loss(logits, tensor([-1, 1], "int32")).item())).toBe(true);
    expect(loss(logits, tensor([0, 1], "int32")).item()).toBeCloseTo(nn.sparseCategoricalCrossEntropyWithLogits(logits, tensor([0, 1], "int32")).item(), 6);
    expect(() => nn.sparseCategoricalCrossEntropyWithLogits(logits, tensor([0, 5], "int32"))).toThrow("label 5 at index 1 is out of range for 2 classes");
  });
});

describe("errors that name the op", () => {
  const x = tensor([1, 2, 3]);
  it.each([
    [() => loose(add)(x, "1"), 'add: b must be a tensor or a number, got the string "1"'],
    [() => loose(mul)(x, undefined), "mul: b must be a tensor or a number, got undefined"],
    [
      () => loose(sum)(x, { axis: 1 }),
      'sum: axes must be an axis number or an array of them, got an object {"axis":1}; options come after the axes, e.g. sum(x, 1, { keepDims: true })',
    ],
    [() => loose(concat)([x, [1, 2, 3]]), "concat: element 1 of the list is an array of length 3 (wrap it with tensor(...)), not a tensor"],
    [() => loose(stack)([x, undefined]), "stack: element 1 of the list is undefined, not a tensor"],
    [() => loose(grad)(3), "grad: f must be a function (e.g. grad((x) => sum(x))), got a number"],
    [() => loose(jit)({}), "jit: f must be a function (e.g. jit((x) => sum(x))), got an object"],
    [() => loose(vmap)(3), "vmap: f must be a function (e.g. vmap((x) => sum(x))), got a number"],
    [() => loose(tensor)([1n, 2n]), "tensor: non-numeric value 1n at [0] (convert BigInts with Number(...))"],
  ])("%#", (f, message) => {
    expect(f).toThrow(message);
    expect(values(x)).toEqual([1, 2, 3]);
  });
});

describe("samplers' dtype", () => {
  it("a dtype string where the options go is JAX's positional dtype, not silently float32", () => {
    const k = pd.random.key(0);
    expect(pd.random.normal(k, [3], "float64").dtype).toBe("float64");
    expect(values(pd.random.normal(k, [3], "float64"))).toEqual(values(pd.random.normal(k, [3], { dtype: "float64" })));
    expect(pd.random.uniform(k, [2], "float64").dtype).toBe("float64");
    expect(pd.random.gamma(k, 2, [2], "float64").dtype).toBe("float64");
    expect(() => loose(pd.random.normal)(k, [3], "float16")).toThrow('random.normal: dtype must be "float32" or "float64", got "float16"');
  });
});

describe("hyperparameters", () => {
  it("NaN and negative momentum, NaN and negative learning rates are refused", () => {
    expect(() => optim.sgd(0.1, { momentum: NaN })).toThrow("sgd: momentum must be a finite number >= 0 (0: no momentum), got NaN");
    expect(() => optim.sgd(0.1, { momentum: -0.5 })).toThrow("sgd: momentum must be a finite number >= 0 (0: no momentum), got -0.5");
    expect(() => optim.momentum(0.1, NaN)).toThrow("sgd: momentum must be a finite number >= 0 (0: no momentum), got NaN");
    expect(() => optim.adam(NaN)).toThrow("scaleByLearningRate: lr must be a finite number or a schedule, got NaN");
    expect(() => optim.sgd(-1)).toThrow(
      "scaleByLearningRate: lr must be at least 0 (to climb a function, take the gradient of its negation, or use flipSign: false), got -1",
    );
  });
});

describe("persistence", () => {
  it("a corrupted length field in a whole file is reported as corrupt, not truncated", () => {
    const bytes = train.encode({ w: tensor([1, 2]) });
    const damaged = bytes.slice();
    const view = new DataView(damaged.buffer);
    view.setUint32(8, view.getUint32(8, true) + 16, true);
    view.setUint32(damaged.length - 4, train.crc32(damaged.subarray(0, damaged.length - 4)), true);
    const r = train.decodeE(damaged);
    expect(isLeft(r) && r.left.message).toMatch(
      /^decode: corrupt: a length field of the preamble is wrong: the file is whole \(its checksum matches\) at \d+ bytes, but the preamble announces \d+/,
    );
    const cut = train.decodeE(bytes.subarray(0, bytes.length - 1));
    expect(isLeft(cut) && cut.left.message).toMatch(/^decode: truncated: /);
  });

  it("the JSON format has a checksum: a flipped digit is reported", () => {
    const text = train.toJson({ w: tensor([1.5, 2]) });
    expect(JSON.parse(text).checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    const r = train.fromJsonE(text.replace("1.5", "1.6"));
    expect(isLeft(r) && r.left.message).toMatch(/^fromJson: corrupt: checksum mismatch \(stored "crc32:[0-9a-f]{8}", computed "crc32:[0-9a-f]{8}"\)/);
    expect(values((train.fromJson(text) as { w: pd.Tensor }).w)).toEqual([1.5, 2]);
  });

  it("saving under a path whose directory is a file returns a Left naming it", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const r = train.saveParamsE(join(file, "p.pdif"), { w: tensor([1]) });
    expect(isLeft(r) && r.left.message).toMatch(/^saveParams .*a-file\/p\.pdif: ENOTDIR/);
  });

  it("a circular tree is an error naming the path of the cycle", () => {
    const a: { w: pd.Tensor; inner: { list: unknown[] } } = { w: tensor([1]), inner: { list: [1, 2] } };
    a.inner.list.push(a);
    const message =
      "tree.flatten: the tree contains itself: the container at .inner.list[2] is one of its own ancestors (a circular reference); trees must be acyclic";
    expect(() => tree.flatten(a)).toThrow(message);
    const r = train.saveParamsE(join(dir, "c.pdif"), a);
    expect(isLeft(r) && r.left.message).toContain(message);
    expect(a.inner.list.length).toBe(3);
  });
});
