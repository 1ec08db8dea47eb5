/**
 * The integers-and-bits family of issue 11: NumPy's shift names, gcd and lcm (int32 and
 * uint32, with NumPy's wrap-around), bincount, digitize and histogram. Reference values
 * come from NumPy 2.4 (the calls are quoted next to them); each op is also checked
 * under jit and vmap, and histogram/bincount's gradient with respect to the weights.
 */
import { describe, expect, it } from "vitest";
import {
  bincount,
  digitize,
  gcd,
  grad,
  histogram,
  jit,
  lcm,
  leftShift,
  rightShift,
  shiftLeft,
  shiftRightArithmetic,
  shiftRightLogical,
  sum,
  mul,
  tensor,
  vmap,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("leftShift and rightShift", () => {
  it("rightShift is arithmetic for int32 and logical for uint32 (NumPy's right_shift)", () => {
    const i = tensor([-16, 16, -1, -(2 ** 31)], "int32");
    expect(values(rightShift(i, 2))).toEqual([-4, 4, -1, -(2 ** 29)]);
    expect(values(rightShift(i, 2))).toEqual(values(shiftRightArithmetic(i, 2)));
    const u = tensor([4294967280, 16, 4294967295, 2 ** 31], "uint32");
    // np.right_shift(np.array([4294967280], np.uint32), 2) == [1073741820]
    expect(values(rightShift(u, 2))).toEqual([1073741820, 4, 1073741823, 2 ** 29]);
    expect(values(rightShift(u, 2))).toEqual(values(shiftRightLogical(u, 2)));
  });

  it("counts of 32 or more: 0, or −1 for negative int32 (NumPy and XLA)", () => {
    expect(values(rightShift(tensor([-5, 5], "int32"), 40))).toEqual([-1, 0]);
    expect(values(rightShift(tensor([4294967295], "uint32"), 32))).toEqual([0]);
    expect(values(leftShift(tensor([1, 3], "uint32"), tensor([31, 32], "uint32")))).toEqual([2 ** 31, 0]);
  });

  it("leftShift is shiftLeft, and both broadcast", () => {
    const x = tensor([[1], [3]], "int32");
    const n = tensor([0, 1, 4], "int32");
    expect(leftShift(x, n).toArray()).toEqual([
      [1, 2, 16],
      [3, 6, 48],
    ]);
    expect(values(leftShift(x, n))).toEqual(values(shiftLeft(x, n)));
    expect(rightShift(tensor([[64], [-64]], "int32"), n).toArray()).toEqual([
      [64, 32, 4],
      [-64, -32, -4],
    ]);
  });

  it("rejects floats and mixed integer dtypes", () => {
    expect(() => rightShift(tensor([1.5]), 1)).toThrow(/rightShift: operands must be int32 or uint32/);
    expect(() => leftShift(tensor([1], "int32"), tensor([1], "uint32"))).toThrow(/leftShift: cannot mix int32 and uint32/);
  });

  it("agrees under jit and vmap", () => {
    const x = tensor(
      [
        [-8, 9],
        [1024, -3],
      ],
      "int32",
    );
    const f = (a: Tensor) => rightShift(leftShift(a, 3), 1);
    expect(values(jit(f)(x))).toEqual(values(f(x)));
    expect(values(vmap(f)(x))).toEqual(values(f(x)));
  });
});

describe("gcd and lcm", () => {
  const a = tensor([0, 1, -6, 12, -18, 2 ** 31 - 1, -(2 ** 31), 35, 0], "int32");
  const b = tensor([0, 7, 4, -8, 12, 6, 6, -14, -5], "int32");

  it("match NumPy on int32, signs, zeros and wrap-around", () => {
    // np.gcd(a, b), np.lcm(a, b) with a, b as int32 arrays.
    expect(values(gcd(a, b))).toEqual([0, 1, 2, 4, 6, 1, 2, 7, 5]);
    expect(values(lcm(a, b))).toEqual([0, 7, 12, 24, 36, -6, -(2 ** 31), 70, 0]);
    // np.gcd(np.int32(-2**31), np.int32(0)) == -2**31 (|−2³¹| wraps).
    expect(values(gcd(tensor([-(2 ** 31)], "int32"), 0))).toEqual([-(2 ** 31)]);
  });

  it("match NumPy on uint32, including values above 2³¹", () => {
    const ua = tensor([0, 12, 4294967295, 4294967294, 1000000007, 2 ** 31], "uint32");
    const ub = tensor([0, 18, 3, 4294967292, 999999937, 3 * 2 ** 30], "uint32");
    expect(gcd(ua, ub).dtype).toBe("uint32");
    expect(values(gcd(ua, ub))).toEqual([0, 6, 3, 2, 1, 1073741824]);
    expect(values(lcm(ua, ub))).toEqual([0, 36, 4294967295, 4, 2642923079, 2147483648]);
  });

  it("broadcast, and take plain integers in the tensor's dtype", () => {
    // np.gcd([[4], [6]], [6, 9, 10])
    expect(gcd(tensor([[4], [6]], "int32"), tensor([6, 9, 10], "int32")).toArray()).toEqual([
      [2, 1, 2],
      [6, 3, 2],
    ]);
    expect(values(gcd(tensor([12, -18, 0], "int32"), 8))).toEqual([4, 2, 8]);
    expect(values(lcm(tensor([4, 6, 0], "int32"), 6))).toEqual([12, 6, 0]);
    expect(gcd(tensor([], "int32"), 3).shape).toEqual([0]);
  });

  it("agree with a JavaScript Euclid on many pairs, under jit and vmap too", () => {
    const n = 200;
    const xs: number[] = [];
    const ys: number[] = [];
    let s = 12345;
    const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 20000) - 10000;
    for (let i = 0; i < n; i++) {
      xs.push(next());
      ys.push(next());
    }
    const ref = (p: number, q: number): number => {
      let [u, v] = [Math.abs(p), Math.abs(q)];
      while (v !== 0) [u, v] = [v, u % v];
      return u;
    };
    const x = tensor(xs, "int32");
    const y = tensor(ys, "int32");
    const expected = xs.map((p, i) => ref(p, ys[i]));
    expect(values(gcd(x, y))).toEqual(expected);
    expect(values(jit((p: Tensor, q: Tensor) => gcd(p, q))(x, y))).toEqual(expected);
    expect(values(vmap((p: Tensor, q: Tensor) => gcd(p, q))(x, y))).toEqual(expected);
    expect(values(vmap((p: Tensor, q: Tensor) => lcm(p, q))(x, y))).toEqual(values(lcm(x, y)));
  });

  it("reject floats and mixed integer dtypes, naming the op", () => {
    expect(() => gcd(tensor([1.5]), 2)).toThrow(/gcd: a must be an int32, uint32 or bool tensor or an integer number, got a float32 tensor of shape \[1\]/);
    expect(() => lcm(tensor([2], "int32"), 2.5)).toThrow(/lcm: b must be .* got number 2.5/);
    expect(() => gcd(tensor([2], "int32"), tensor([2], "uint32"))).toThrow(/gcd: cannot mix int32 and uint32/);
  });
});

describe("bincount", () => {
  it("counts values as NumPy does, with minlength and weights", () => {
    // np.bincount([3, 0, 3, 1, 7], minlength=10)
    const counts = bincount(tensor([3, 0, 3, 1, 7], "int32"), { minlength: 10 });
    expect(counts.dtype).toBe("int32");
    expect(values(counts)).toEqual([1, 1, 0, 2, 0, 0, 0, 1, 0, 0]);
    // np.bincount([3, 0, 3, 1], weights=[0.5, 1, 2, 4])
    expect(values(bincount(tensor([3, 0, 3, 1], "int32"), { weights: tensor([0.5, 1, 2, 4]) }))).toEqual([1, 4, 0, 2.5]);
    expect(values(bincount(tensor([3, 1], "uint32")))).toEqual([0, 1, 0, 1]);
    expect(values(bincount(tensor([true, false, true], "bool")))).toEqual([1, 2]);
    expect(values(bincount(tensor([], "int32"), { minlength: 2 }))).toEqual([0, 0]);
  });

  it("with length: exactly that many bins, larger values dropped, under jit and vmap", () => {
    expect(values(bincount(tensor([0, 5, 2, 2], "int32"), { length: 3 }))).toEqual([1, 0, 2]);
    const f = (x: Tensor) => bincount(x, { length: 4 });
    const xs = tensor(
      [
        [0, 1, 1],
        [3, 3, 9],
      ],
      "int32",
    );
    expect(jit(f)(tensor([0, 1, 1], "int32")).toArray()).toEqual([1, 2, 0, 0]);
    expect(vmap(f)(xs).toArray()).toEqual([
      [1, 2, 0, 0],
      [0, 0, 0, 2],
    ]);
    // Negative values inside jit count as 0, as in JAX.
    expect(jit(f)(tensor([-2, 1], "int32")).toArray()).toEqual([1, 1, 0, 0]);
  });

  it("is differentiable in the weights (each weight's gradient is its bin's cotangent)", () => {
    const x = tensor([2, 0, 2], "int32");
    const g = grad((w: Tensor) => sum(mul(bincount(x, { weights: w, length: 3 }), tensor([10, 20, 30], "float64"))))(tensor([1, 1, 1], "float64"));
    expect(values(g)).toEqual([30, 10, 30]);
    checkGrads((w: Tensor) => bincount(x, { weights: w, length: 4 }), [tensor([0.5, -1, 2], "float64")]);
  });

  it("explains what is wrong", () => {
    expect(() => jit((x: Tensor) => bincount(x))(tensor([1], "int32"))).toThrow(
      /bincount: the number of bins depends on the values of x .* pass options.length/,
    );
    expect(() => bincount(tensor([1, -1], "int32"))).toThrow(/bincount: x must hold non-negative integers, got -1 at index 1/);
    expect(() => bincount(tensor([1.5]))).toThrow(/bincount: x must be a 1-D int32, uint32 or bool tensor, got a float32 tensor of shape \[1\]/);
    expect(() => bincount(tensor([1], "int32"), { weights: tensor([1, 2]) })).toThrow(
      /bincount: weights must be a tensor of the shape of x \[1\], got shape \[2\]/,
    );
    expect(() => bincount(tensor([1], "int32"), { minlength: -1 })).toThrow(/minlength must be a non-negative integer/);
  });
});

describe("digitize", () => {
  const x = tensor([-5.5, 0, 0.5, 1, 1.5, 2.5, 3, 10], "float64");
  // np.digitize(x, bins) and np.digitize(x, bins, right=True).
  const cases: [number[], number[], number[]][] = [
    [
      [0, 1, 2, 3],
      [0, 1, 1, 2, 2, 3, 4, 4],
      [0, 0, 1, 1, 2, 3, 3, 4],
    ],
    [
      [3, 2, 1, 0],
      [4, 3, 3, 2, 2, 1, 0, 0],
      [4, 4, 3, 3, 2, 1, 1, 0],
    ],
    [
      [1, 1, 2],
      [0, 0, 0, 2, 2, 3, 3, 3],
      [0, 0, 0, 0, 2, 3, 3, 3],
    ],
  ];

  it("matches NumPy for increasing, decreasing and repeated edges, both sides", () => {
    for (const [bins, left, right] of cases) {
      const b = tensor(bins, "float64");
      expect(values(digitize(x, b))).toEqual(left);
      expect(values(digitize(x, b, true))).toEqual(right);
      expect(values(jit((v: Tensor, e: Tensor) => digitize(v, e))(x, b))).toEqual(left);
    }
  });

  it("keeps x's shape, takes int32 data, batches under vmap", () => {
    const out = digitize(
      tensor(
        [
          [0, 5],
          [2, 9],
        ],
        "int32",
      ),
      tensor([1, 3, 6]),
    );
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([
      [0, 2],
      [1, 3],
    ]);
    const xs = tensor([
      [0.5, 2.5],
      [1.5, 0],
    ]);
    expect(vmap((v: Tensor) => digitize(v, tensor([0, 1, 2])))(xs).toArray()).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect(values(digitize(tensor([1, 2]), tensor([], "float32")))).toEqual([0, 0]);
  });

  it("compares uint32 with uint32 edges exactly, above 2³¹ too", () => {
    const x = tensor([0, 2 ** 31, 4294967295, 4294967294], "uint32");
    expect(values(digitize(x, tensor([1, 2 ** 31 + 1, 4294967295], "uint32")))).toEqual([0, 1, 3, 2]);
    expect(values(digitize(x, tensor([1, 2 ** 31 + 1, 4294967295], "uint32"), true))).toEqual([0, 1, 2, 2]);
  });

  it("rejects non-monotonic and non-vector bins", () => {
    expect(() => digitize(x, tensor([0, 2, 1]))).toThrow(/digitize: bins must be monotonically increasing or decreasing, got \[0, 2, 1\]/);
    expect(() => digitize(x, tensor([[0, 1]]))).toThrow(/digitize: bins must be a 1-D numeric tensor, got a float32 tensor of shape \[1,2\]/);
  });
});

describe("histogram", () => {
  const d = tensor([0.1, 0.4, 0.4, 0.9, 1.5, 2.0, 2.0, -1.0, 3.7, 2.2], "float64");
  const close = (t: Tensor, expected: number[]) => values(t).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));

  it("matches NumPy: bins from the data, from a range, explicit edges", () => {
    // np.histogram(d, 5)
    const [h, e] = histogram(d, 5);
    expect(values(h)).toEqual([1, 3, 2, 3, 1]);
    expect(h.dtype).toBe("int32");
    close(e, [-1, -0.06, 0.88, 1.82, 2.76, 3.7]);
    // np.histogram(d, 4, range=(0, 2)): values outside are left out, 2.0 is in the last bin.
    const [h2, e2] = histogram(d, 4, { range: [0, 2] });
    expect(values(h2)).toEqual([3, 1, 0, 3]);
    close(e2, [0, 0.5, 1, 1.5, 2]);
    // np.histogram(d, [0, 0.5, 1, 2, 4], weights=np.arange(10.))
    const [h3] = histogram(d, tensor([0, 0.5, 1, 2, 4], "float64"), { weights: tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "float64") });
    expect(values(h3)).toEqual([3, 3, 4, 28]);
  });

  it("density integrates to 1 (NumPy's numbers)", () => {
    // np.histogram(d, [0, 0.5, 1, 2, 4], density=True)
    close(histogram(d, tensor([0, 0.5, 1, 2, 4], "float64"), { density: true })[0], [2 / 3, 2 / 9, 1 / 9, 2 / 9]);
    // np.histogram(d, 3, density=True) -> [0.25531915, 0.25531915, 0.12765957] = [12, 12, 6] / 47
    close(histogram(d, 3, { density: true })[0], [12 / 47, 12 / 47, 6 / 47]);
  });

  it("counts int32 and uint32 data (float32 edges)", () => {
    // np.histogram(np.array([0, 4294967295, 5], np.uint32), 2) -> [2, 1]
    const [h, e] = histogram(tensor([0, 4294967295, 5], "uint32"), 2);
    expect(values(h)).toEqual([2, 1]);
    expect(e.dtype).toBe("float32");
    expect(values(histogram(tensor([3, -1, 3, 7], "int32"), tensor([-1, 3, 7], "int32"))[0])).toEqual([1, 3]);
  });

  it("handles constant and empty data as NumPy does", () => {
    // np.histogram([2., 2., 2.], 3) -> [0, 3, 0], edges [1.5, 1.8333, 2.1667, 2.5]
    const [h, e] = histogram(tensor([2, 2, 2], "float64"), 3);
    expect(values(h)).toEqual([0, 3, 0]);
    close(e, [1.5, 1.5 + 1 / 3, 1.5 + 2 / 3, 2.5]);
    const [h0, e0] = histogram(tensor([], "float64"), 2);
    expect(values(h0)).toEqual([0, 0]);
    close(e0, [0, 0.5, 1]);
  });

  it("gives the same under jit and vmap, and is differentiable in the weights", () => {
    const f = (x: Tensor, w: Tensor) => histogram(x, 4, { weights: w, range: [0, 4] })[0];
    const w = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "float64");
    expect(values(jit(f)(d, w))).toEqual(values(f(d, w)));
    const xs = tensor(
      [
        [0, 1, 1, 3],
        [2, 2, 2, 0.5],
      ],
      "float64",
    );
    const hs = vmap((x: Tensor) => histogram(x, 2, { range: [0, 4] })[0])(xs);
    expect(hs.toArray()).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(values(jit((x: Tensor) => histogram(x, 5)[0])(d))).toEqual([1, 3, 2, 3, 1]);
    checkGrads((ws: Tensor) => histogram(d, 3, { weights: ws, density: true })[0], [w]);
  });

  it("explains what is wrong", () => {
    expect(() => histogram(d, 0)).toThrow(/histogram: bins must be a positive integer or a 1-D tensor of edges, got 0/);
    expect(() => histogram(d, tensor([0, 2, 1]))).toThrow(/histogram: bins must be monotonically increasing, got \[0, 2, 1\]/);
    expect(() => histogram(d, 3, { range: [2, 1] })).toThrow(/histogram: range must be finite \[lo, hi\] with lo <= hi, got \[2, 1\]/);
    expect(() => histogram(d, 3, { weights: tensor([1, 2]) })).toThrow(/histogram: weights must be a tensor of the shape of a \[10\], got shape \[2\]/);
  });
});
