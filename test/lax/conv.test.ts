import { describe, expect, it } from "vitest";
import { add, astype, grad, jit, jvp, lax, mul, stack, sum, tanh, tensor, vjp, vmap, zeros, type Tensor } from "../../src/index";
import { convReference, withDefaults, type ReferenceConv } from "../kernels/conv-reference";
import { rng } from "../kernels/reference";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

/** A float64 tensor of `shape` with values in [−1, 1) from a seeded generator. */
function random(shape: readonly number[], seed: number): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, () => r() * 2 - 1),
    "float64",
    shape,
  );
}

function expectClose(got: Tensor | number[], expected: readonly number[], tol = 1e-12): void {
  const g = Array.isArray(got) ? got : values(got);
  expect(g.length).toBe(expected.length);
  g.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]))));
}

function reference(x: Tensor, w: Tensor, r: Partial<ReferenceConv>): { shape: number[]; values: number[] } {
  return convReference(values(x), x.shape, values(w), w.shape, withDefaults(x.shape.length, r));
}

describe("lax.conv and lax.convGeneralDilated: values", () => {
  it("1-D: [1, 2, 3, 4] by [1, −1] is the sequence of differences x[i] − x[i+1]", () => {
    const y = lax.conv(tensor([[[1, 2, 3, 4]]], "float64"), tensor([[[1, -1]]], "float64"), [1], "VALID");
    expect(y.shape).toEqual([1, 1, 3]);
    expect(values(y)).toEqual([-1, -1, -1]);
  });

  it("2-D SAME with a 3×3 window of ones gives each pixel's neighbourhood sum", () => {
    const image = tensor(
      [
        [
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ],
        ],
      ],
      "float64",
    );
    const y = lax.conv(
      image,
      tensor(
        [
          [
            [
              [1, 1, 1],
              [1, 1, 1],
              [1, 1, 1],
            ],
          ],
        ],
        "float64",
      ),
      [1, 1],
      "SAME",
    );
    // corners sum 4 pixels, edges 6, the centre all 9: 1+2+4+5 = 12, 1+2+3+4+5+6 = 21, ...
    expect(values(y)).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it("strides 2 with SAME pad the odd unit at the end (as JAX)", () => {
    // 1-D, input 4, window 2, stride 2: ⌈4/2⌉ = 2 outputs, padding 0 (total 0): [1+2, 3+4]
    expect(values(lax.conv(tensor([[[1, 2, 3, 4]]], "float64"), tensor([[[1, 1]]], "float64"), [2], "SAME"))).toEqual([3, 7]);
    // input 5, window 2, stride 2: 3 outputs, padding total 1 → [0, 1]: [1+2, 3+4, 5+0]
    expect(values(lax.conv(tensor([[[1, 2, 3, 4, 5]]], "float64"), tensor([[[1, 1]]], "float64"), [2], "SAME"))).toEqual([3, 7, 5]);
  });

  it("rhs dilation skips inputs; lhs dilation spreads them", () => {
    const x = tensor([[[1, 2, 3, 4, 5]]], "float64");
    // window [1, 1] dilated by 2 reads x[i] + x[i+2]
    expect(values(lax.convGeneralDilated(x, tensor([[[1, 1]]], "float64"), [1], "VALID", { rhsDilation: [2] }))).toEqual([4, 6, 8]);
    // lhs dilation 2 makes [1, 0, 2]; window [1, 10] gives [1 + 0, 0 + 20]
    expect(values(lax.convGeneralDilated(tensor([[[1, 2]]], "float64"), tensor([[[1, 10]]], "float64"), [1], [[0, 0]], { lhsDilation: [2] }))).toEqual([1, 20]);
  });

  it("depthwise (featureGroupCount = channels) convolves each channel with its own filter", () => {
    // NHWC input with channels [1, 10], HWIO depthwise kernel: channel 0 × 2, channel 1 × 3
    const x = tensor(
      [
        [
          [
            [1, 10],
            [2, 20],
          ],
        ],
      ],
      "float64",
    ); // [1, 1, 2, 2]
    const k = tensor([[[[2, 3]]]], "float64"); // [1, 1, 1, 2]
    const y = lax.convGeneralDilated(x, k, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(values(y)).toEqual([2, 30, 4, 60]);
  });

  it("agrees with the convolution by definition for every option (float32 and float64)", () => {
    const cases: [string, number[], number[], number[], lax.ConvPadding, lax.ConvGeneralDilatedOptions, Partial<ReferenceConv>][] = [
      ["3-D strided", [2, 2, 4, 5, 3], [3, 2, 2, 3, 2], [1, 2, 1], "VALID", {}, { windowStrides: [1, 2, 1] }],
      [
        "grouped, padded",
        [2, 6, 5, 5],
        [4, 3, 3, 3],
        [2, 1],
        [
          [1, 1],
          [2, 0],
        ],
        { featureGroupCount: 2 },
        {
          windowStrides: [2, 1],
          padding: [
            [1, 1],
            [2, 0],
          ],
          featureGroupCount: 2,
        },
      ],
      ["batch groups", [4, 2, 4, 4], [6, 2, 2, 2], [1, 1], "VALID", { batchGroupCount: 2 }, { batchGroupCount: 2 }],
      [
        "both dilations",
        [1, 2, 4, 4],
        [2, 2, 2, 2],
        [1, 1],
        [
          [1, 1],
          [0, 1],
        ],
        { lhsDilation: [2, 1], rhsDilation: [1, 2] },
        {
          padding: [
            [1, 1],
            [0, 1],
          ],
          lhsDilation: [2, 1],
          rhsDilation: [1, 2],
        },
      ],
    ];
    for (const [name, ls, rs, strides, padding, options, ref] of cases) {
      const [x, w] = [random(ls, 1), random(rs, 2)];
      const expected = reference(x, w, ref);
      const y = lax.convGeneralDilated(x, w, strides, padding, options);
      expect(y.shape, name).toEqual(expected.shape);
      expectClose(y, expected.values);
      const y32 = lax.convGeneralDilated(astype(x, "float32"), astype(w, "float32"), strides, padding, options);
      expect(y32.dtype).toBe("float32");
      expectClose(y32, expected.values, 1e-5);
    }
  });
});

describe("lax.convTranspose", () => {
  it("SAME with stride 2 doubles the length (hand-computed)", () => {
    // x = [1, 2] dilated to [1, 0, 2], padded [2, 1] (JAX's conv_transpose padding) to
    // [0, 0, 1, 0, 2, 0]; windows of [1, 1, 1]: [1, 1, 3, 2]
    const y = lax.convTranspose(tensor([[[1], [2]]], "float64"), tensor([[[1]], [[1]], [[1]]], "float64"), [2], "SAME");
    expect(y.shape).toEqual([1, 4, 1]);
    expect(values(y)).toEqual([1, 1, 3, 2]);
  });

  it("with transposeKernel it is the gradient of the forward convolution by the same kernel", () => {
    const nhwc = ["NHWC", "HWIO", "NHWC"] as const;
    const k = random([3, 3, 2, 4], 3); // HWIO: 2 channels in, 4 out
    const x = random([2, 8, 8, 2], 4);
    const forward = (u: Tensor): Tensor => lax.convGeneralDilated(u, k, [2, 2], "SAME", { dimensionNumbers: nhwc });
    const g = random([2, 4, 4, 4], 5);
    const [, pullback] = vjp(forward, x);
    const [expected] = pullback(g);
    const y = lax.convTranspose(g, k, [2, 2], "SAME", { transposeKernel: true });
    expect(y.shape).toEqual([2, 8, 8, 2]);
    expectClose(y, values(expected));
  });
});

describe("convolution errors name the op, the option and the shapes", () => {
  const x = zeros([2, 1, 8, 8], "float64");
  const k = zeros([4, 1, 3, 3], "float64");
  const cases: [string, () => unknown, RegExp][] = [
    [
      "channel mismatch",
      () => lax.conv(x, zeros([4, 3, 3, 3], "float64") as Tensor, [1, 1], "SAME"),
      /convGeneralDilated: channel mismatch: rhs input features \(3\) must equal lhs features \(1\); lhs \[2,1,8,8\], rhs \[4,3,3,3\]/,
    ],
    [
      "window larger than the padded input",
      () => lax.conv(zeros([1, 1, 4, 4], "float64"), zeros([1, 1, 5, 5], "float64") as Tensor, [1, 1], "VALID"),
      /window larger than the padded input on spatial axis 0: window 5 .* over input 4 .*lhs \[1,1,4,4\], rhs \[1,1,5,5\]/,
    ],
    ["zero stride", () => lax.conv(x, k, [1, 0], "VALID"), /conv: windowStrides \[1,0\] must be positive integers/],
    [
      "negative dilation",
      () => lax.convGeneralDilated(x, k, [1, 1], "VALID", { rhsDilation: [-1, 1] }),
      /convGeneralDilated: rhsDilation \[-1,1\] must be positive integers/,
    ],
    ["wrong number of strides", () => lax.conv(x, k, [1], "VALID"), /conv: windowStrides \[1\] must have one entry per spatial axis \(2\)/],
    [
      "groups that do not divide",
      () => lax.convGeneralDilated(zeros([1, 6, 5, 5], "float64"), zeros([4, 2, 3, 3], "float64"), [1, 1], "VALID", { featureGroupCount: 4 }),
      /featureGroupCount 4 does not divide the lhs features \(6\); lhs \[1,6,5,5\]/,
    ],
    [
      "batch groups that do not divide",
      () => lax.convGeneralDilated(zeros([3, 2, 5, 5], "float64"), zeros([4, 2, 3, 3], "float64"), [1, 1], "VALID", { batchGroupCount: 2 }),
      /batchGroupCount 2 does not divide the lhs batch \(3\)/,
    ],
    [
      "unknown dimension letters",
      () => lax.convGeneralDilated(x, k, [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OIXY", "NCHW"] }),
      /dimensionNumbers \["NCHW", "OIXY", "NCHW"\]: lhs, rhs and out must name the same spatial letters/,
    ],
    [
      "a dimension string without C",
      () => lax.convGeneralDilated(x, k as Tensor, [1, 1], "VALID", { dimensionNumbers: ["NXHW", "OIHW", "NCHW"] }),
      /the lhs string "NXHW" must contain "N" and "C" exactly once/,
    ],
    [
      "a dimension string of the wrong length",
      () => lax.convGeneralDilated(x, k as Tensor, [1, 1], "VALID", { dimensionNumbers: ["NCH", "OIHW", "NCHW"] }),
      /the lhs string "NCH" has 3 letters, the operands have rank 4/,
    ],
    [
      "ranks",
      () => lax.conv(x, zeros([4, 1, 3], "float64") as Tensor, [1, 1], "VALID"),
      /conv: lhs and rhs must have the same rank, 3, 4 or 5 .* lhs float64\[2,1,8,8\] and rhs float64\[4,1,3\]/,
    ],
    ["dtypes", () => lax.conv(x, zeros([4, 1, 3, 3], "float32"), [1, 1], "VALID"), /conv: lhs is float64\[2,1,8,8\] and rhs is float32\[4,1,3,3\]/],
    [
      "string padding with lhs dilation",
      () => lax.convGeneralDilated(x, k, [1, 1], "SAME", { lhsDilation: [2, 2] }),
      /padding "SAME" is not defined with lhsDilation \[2,2\]/,
    ],
    [
      "malformed padding",
      () => lax.conv(x, k, [1, 1], [[1, 1]]),
      /conv: padding must be "SAME", "VALID" or one \[low, high\] pair of integers per spatial axis \(2\)/,
    ],
  ];
  for (const [name, f, message] of cases) it(name, () => expect(f).toThrow(message));

  it("an integer input is rejected by the primitive", () => {
    expect(() => lax.conv(zeros([1, 1, 3], "int32"), zeros([1, 1, 2], "int32"), [1], "VALID")).toThrow(
      /convGeneralDilated: lhs must be float32 or float64, got int32/,
    );
  });
});

describe("transforms of the convolution", () => {
  const nhwc = ["NHWC", "HWIO", "NHWC"] as const;
  const f = (x: Tensor, k: Tensor): Tensor => lax.convGeneralDilated(x, k, [2, 1], "SAME", { dimensionNumbers: nhwc, featureGroupCount: 2 });
  const x = random([3, 2, 5, 4, 4], 11); // a batch of 3 NHWC inputs [2, 5, 4, 4]
  const k = random([3, 3, 2, 2, 6], 12); // a batch of 3 HWIO kernels [3, 2, 2, 6]
  /** Example `i` of a batch, as a fresh tensor. */
  const take = (t: Tensor, i: number): Tensor => {
    const per = t.shape.slice(1).reduce((a, b) => a * b, 1);
    return tensor(Float64Array.from(values(t).slice(i * per, (i + 1) * per)), "float64", t.shape.slice(1));
  };
  const loop = (g: (i: number) => Tensor): Tensor => stack([0, 1, 2].map(g));

  it("vmap over the input only folds it into the batch", () => {
    const y = vmap(f, { inAxes: [0, null] })(x, take(k, 0));
    expectClose(y, values(loop((i) => f(take(x, i), take(k, 0)))));
  });

  it("vmap over the kernel only is a grouped convolution (with and without feature groups)", () => {
    const y = vmap(f, { inAxes: [null, 0] })(take(x, 0), k);
    expectClose(y, values(loop((i) => f(take(x, 0), take(k, i)))));
    const plain = (u: Tensor, w: Tensor): Tensor => lax.conv(u, w, [1, 1], "VALID");
    const ws = random([3, 4, 2, 2, 2], 13);
    const u = random([2, 2, 4, 3], 14);
    expectClose(vmap(plain, { inAxes: [null, 0] })(u, ws), values(loop((i) => plain(u, take(ws, i)))));
  });

  it("vmap over both is one grouped convolution", () => {
    expectClose(vmap(f)(x, k), values(loop((i) => f(take(x, i), take(k, i)))));
  });

  it("vmap of batch-grouped convolutions (the filter gradients of grouped ones)", () => {
    const g = (u: Tensor, w: Tensor): Tensor => lax.convGeneralDilated(u, w, [1, 1], "VALID", { batchGroupCount: 2 });
    const us = random([3, 4, 2, 3, 3], 15);
    const ws = random([3, 4, 2, 2, 2], 16);
    expectClose(vmap(g)(us, ws), values(loop((i) => g(take(us, i), take(ws, i)))));
    expectClose(vmap(g, { inAxes: [0, null] })(us, take(ws, 0)), values(loop((i) => g(take(us, i), take(ws, 0)))));
    expectClose(vmap(g, { inAxes: [null, 0] })(take(us, 0), ws), values(loop((i) => g(take(us, 0), take(ws, i)))));
  });

  it("jit(f) ≡ f, also for the gradient", () => {
    const [u, w] = [take(x, 0), take(k, 0)];
    expectClose(jit(f)(u, w), values(f(u, w)));
    const loss = (a: Tensor, b: Tensor): Tensor => sum(mul(f(a, b), f(a, b)));
    const [gu, gw] = grad(loss, { argnums: [0, 1] })(u, w);
    const [ju, jw] = jit(grad(loss, { argnums: [0, 1] }))(u, w);
    expectClose(ju, values(gu));
    expectClose(jw, values(gw));
  });
});

describe("second order: Hessian-vector product of a tiny CNN loss", () => {
  it("jvp of grad equals finite differences of grad", () => {
    const images = random([2, 1, 6, 6], 21);
    const loss = (k1: Tensor, k2: Tensor): Tensor => {
      const h = tanh(lax.conv(images, k1, [1, 1], "SAME")); // [2, 3, 6, 6]
      const y = lax.convGeneralDilated(h, k2, [2, 2], "VALID", { rhsDilation: [1, 1] }); // [2, 2, 3, 3]
      return sum(mul(tanh(y), tanh(y)));
    };
    const k1 = mul(random([3, 1, 3, 3], 22), 0.5);
    const k2 = mul(random([2, 3, 2, 2], 23), 0.5);
    const [v1, v2] = [random(k1.shape, 24), random(k2.shape, 25)];
    const gradient = (a: Tensor, b: Tensor): readonly Tensor[] => grad(loss, { argnums: [0, 1] })(a, b);
    const [, hv] = jvp((a: Tensor, b: Tensor) => gradient(a, b), [k1, k2], [v1, v2]);
    const eps = 1e-5;
    const plus = gradient(add(k1, mul(v1, eps)), add(k2, mul(v2, eps)));
    const minus = gradient(add(k1, mul(v1, -eps)), add(k2, mul(v2, -eps)));
    hv.forEach((h, i) => {
      const fd = values(plus[i]).map((p, j) => (p - values(minus[i])[j]) / (2 * eps));
      const scale = Math.max(...fd.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      values(h).forEach((v, j) => expect(Math.abs(v - fd[j])).toBeLessThanOrEqual(1e-6 * scale));
    });
  });
});
