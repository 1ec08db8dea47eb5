/**
 * Laws on compositions: the chain rule (both modes), the product rule, an MLP-like
 * network with a loss, broadcasting gradients of the binary ops, the gradient monoid,
 * nested-derivative sanity (perturbation confusion), and the public composite ops
 * (activations, softmax, norms, stacking) against finite differences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  clip,
  div,
  dot,
  elu,
  exp,
  expandDims,
  grad,
  greater,
  leakyRelu,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  maximum,
  mean,
  minimum,
  mul,
  norm,
  outer,
  reciprocal,
  relu,
  scalar,
  sigmoid,
  sin,
  softmax,
  softplus,
  square,
  squeeze,
  stack,
  sub,
  sum,
  tanh,
  where,
  zeros,
  type Tensor,
} from "../../src/index";
import {
  arbBroadcastablePair,
  arbSeparatedPair,
  arbShape,
  arbTensor,
  arbTensorPair,
  broadcastGradient,
  chainRule,
  checkGrads,
  checkLaw,
  forwardChainRule,
  gradCheck,
  gradientAdditivity,
  gradientOfUnusedIsZero,
  hessianConsistency,
  hessianSymmetry,
  jvpMatchesFiniteDifferences,
  productRule,
  randomTensorLike,
  randomTensorsLike,
  secondDerivativeMatchesFiniteDifferences,
  vjpJvpDuality,
  vjpMatchesFiniteDifferences,
  type TensorOptions,
} from "../../laws/index";

const RUNS = 20;
const TIMEOUT = 60_000;
const vectors = arbShape({ minRank: 1, maxRank: 1, maxDim: 4 });
const anyShape = arbShape({ minRank: 0, maxRank: 3, maxDim: 3 });
const withSeed = <A>(a: fc.Arbitrary<A>) => fc.tuple(a, fc.integer({ min: 0, max: 0x7fffffff }));

describe("chain rule", () => {
  const W = randomTensorLike(zeros([3, 4], "float64"), 11);
  const pairs: readonly { name: string; f: (y: Tensor) => Tensor; g: (x: Tensor) => Tensor; x: TensorOptions }[] = [
    { name: "sum∘tanh after matmul(W, x)", f: (y) => sum(tanh(y)), g: (x) => matmul(W, x), x: {} },
    { name: "logsumexp after x²", f: (y) => logsumexp(y), g: (x) => mul(x, x), x: {} },
    { name: "sum(log) after exp·sigmoid", f: (y) => sum(log(y)), g: (x) => mul(exp(x), sigmoid(x)), x: {} },
    { name: "norm after sin", f: (y) => norm(y), g: (x) => add(sin(x), 2), x: {} },
  ];
  for (const { name, f, g, x } of pairs) {
    it(
      `grad(f ∘ g) = vjp(g)(grad f) and jvp(f ∘ g) = jvp(f)(jvp(g)): ${name}`,
      () => {
        checkLaw(
          withSeed(arbTensor([4], x)),
          ([u, seed]) => {
            const r = chainRule(f, g, u);
            return r.ok ? forwardChainRule(f, g, u, randomTensorLike(u, seed)) : r;
          },
          { numRuns: RUNS, seed: 1 },
        );
      },
      TIMEOUT,
    );
  }
  it(
    "composition of three elementwise ops, any shape",
    () => {
      checkLaw(
        withSeed(anyShape.chain((s) => arbTensor(s, { min: -2, max: 2 }))),
        ([u, seed]) => {
          const g = (x: Tensor) => tanh(mul(exp(x), 0.5));
          const f = (y: Tensor) => sum(mul(sin(y), y));
          const r = chainRule(f, g, u);
          return r.ok ? forwardChainRule(f, g, u, randomTensorLike(u, seed)) : r;
        },
        { numRuns: RUNS, seed: 2 },
      );
    },
    TIMEOUT,
  );
});

describe("product rule d(f·g) = df·g + f·dg", () => {
  const pairs: readonly [string, (x: Tensor) => Tensor, (x: Tensor) => Tensor][] = [
    ["sin · exp", (x) => sin(x), (x) => exp(x)],
    ["tanh · x²", (x) => tanh(x), (x) => mul(x, x)],
    ["softplus · sigmoid", (x) => softplus(x), (x) => sigmoid(x)],
  ];
  for (const [name, f, g] of pairs) {
    it(
      name,
      () => {
        checkLaw(
          withSeed(anyShape.chain((s) => arbTensor(s, { min: -2, max: 2 }))),
          ([x, seed]) => productRule(f, g, [x], [randomTensorLike(x, seed)], randomTensorLike(x, seed + 1)),
          { numRuns: RUNS, seed: 3 },
        );
      },
      TIMEOUT,
    );
  }
  it(
    "two arguments: (a·b) · sin(a + b) with broadcasting",
    () => {
      checkLaw(
        withSeed(arbTensorPair()),
        ([[a, b], seed]) => {
          const f = (u: Tensor, v: Tensor) => mul(u, v);
          const g = (u: Tensor, v: Tensor) => sin(add(u, v));
          const args: [Tensor, Tensor] = [a, b];
          return productRule(f, g, args, randomTensorsLike(args, seed), randomTensorLike(f(a, b), seed + 1));
        },
        { numRuns: RUNS, seed: 4 },
      );
    },
    TIMEOUT,
  );
});

describe("an MLP-like composition", () => {
  interface Params {
    readonly W1: Tensor;
    readonly b1: Tensor;
    readonly W2: Tensor;
    readonly b2: Tensor;
  }
  const arbParams: fc.Arbitrary<[Params, Tensor, Tensor]> = fc
    .tuple(
      arbTensor([3, 4], { min: -1, max: 1 }),
      arbTensor([4], { min: -1, max: 1 }),
      arbTensor([4, 2], { min: -1, max: 1 }),
      arbTensor([2], { min: -1, max: 1 }),
      arbTensor([5, 3]),
      arbTensor([5, 2]),
    )
    .map(([W1, b1, W2, b2, x, y]) => [{ W1, b1, W2, b2 }, x, y]);
  const forward = (p: Params, x: Tensor): Tensor => add(matmul(tanh(add(matmul(x, p.W1), p.b1)), p.W2), p.b2);
  const mse = (p: Params, x: Tensor, y: Tensor): Tensor => mean(square(sub(forward(p, x), y)));
  const crossEntropy = (p: Params, x: Tensor, y: Tensor): Tensor => mean(mul(-1, sum(mul(softmax(y), logSoftmax(forward(p, x))), -1)));

  it(
    "gradCheck passes on the MSE loss (every parameter, pytree arguments)",
    () => {
      checkLaw(
        arbParams,
        ([p, x, y]) => {
          const report = gradCheck(mse, [p, x, y]);
          return report.passed
            ? { ok: true }
            : { ok: false, law: "gradCheck", message: `max rel error ${report.maxRelativeError}, worst ${JSON.stringify(report.worst)}`, details: {} };
        },
        { numRuns: 8, seed: 5 },
      );
    },
    TIMEOUT,
  );

  it(
    "checkGrads order 2 on the cross-entropy loss",
    () => {
      const [p, x, y] = fc.sample(arbParams, { numRuns: 1, seed: 6 })[0];
      checkGrads(crossEntropy, [p, x, y], { order: 2 });
    },
    TIMEOUT,
  );

  it(
    "vjp and jvp of the network (tensor output) agree with finite differences; duality holds",
    () => {
      checkLaw(
        withSeed(arbParams),
        ([[p, x], seed]) => {
          const net = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, xs: Tensor) => forward({ W1, b1, W2, b2 }, xs);
          const args: [Tensor, Tensor, Tensor, Tensor, Tensor] = [p.W1, p.b1, p.W2, p.b2, x];
          const c = randomTensorLike(net(p.W1, p.b1, p.W2, p.b2, x), seed);
          const t = randomTensorsLike(args, seed + 1);
          const r1 = vjpMatchesFiniteDifferences(net, args, c);
          if (!r1.ok) return r1;
          const r2 = jvpMatchesFiniteDifferences(net, args, t);
          return r2.ok ? vjpJvpDuality(net, args, t, c) : r2;
        },
        { numRuns: 10, seed: 7 },
      );
    },
    TIMEOUT,
  );

  it(
    "second derivatives of the loss in W2: symmetric, consistent, and equal to finite differences",
    () => {
      checkLaw(
        withSeed(arbParams),
        ([[p, x, y], seed]) => {
          const loss = (W2: Tensor) => mse({ ...p, W2 }, x, y);
          const v = randomTensorLike(p.W2, seed);
          const r1 = hessianSymmetry(loss, p.W2);
          if (!r1.ok) return r1;
          const r2 = hessianConsistency(loss, p.W2, v);
          return r2.ok ? secondDerivativeMatchesFiniteDifferences(loss, [p.W2], [v]) : r2;
        },
        { numRuns: 5, seed: 8 },
      );
    },
    TIMEOUT,
  );
});

describe("broadcasting: gradients sum back to each input's shape", () => {
  const ops: readonly [string, (a: Tensor, b: Tensor) => Tensor, fc.Arbitrary<[Tensor, Tensor]>][] = [
    ["add", (a, b) => add(a, b), arbTensorPair()],
    ["sub", (a, b) => sub(a, b), arbTensorPair()],
    ["mul", (a, b) => mul(a, b), arbTensorPair()],
    ["div", (a, b) => div(a, b), arbTensorPair({ b: { min: -2, max: 2, avoid: [0], margin: 0.5 } })],
    ["maximum", (a, b) => maximum(a, b), arbBroadcastablePair().chain(([sa, sb]) => arbSeparatedPair(sa, sb))],
    ["minimum", (a, b) => minimum(a, b), arbBroadcastablePair().chain(([sa, sb]) => arbSeparatedPair(sa, sb))],
    ["where(a > 0, a, b)", (a, b) => where(greater(a, 0), a, b), arbTensorPair({ a: { avoid: [0] } })],
    ["where(b > 0, a·b, a)", (a, b) => where(greater(b, 0), mul(a, b), a), arbTensorPair({ b: { avoid: [0] } })],
  ];
  for (const [name, op, arb] of ops) {
    it(
      name,
      () => {
        checkLaw(arb, ([a, b]) => broadcastGradient(op, a, b), { numRuns: 30, seed: 9 });
      },
      TIMEOUT,
    );
  }
});

describe("gradients form a monoid", () => {
  it(
    "zero: an ignored argument gets zeros of its shape and dtype",
    () => {
      checkLaw(
        fc.tuple(
          anyShape.chain((s) => arbTensor(s)),
          anyShape.chain((s) => arbTensor(s)),
        ),
        ([x, unused]) => gradientOfUnusedIsZero((u: Tensor) => sum(mul(sin(u), u)), [x], unused),
        { numRuns: RUNS, seed: 10 },
      );
    },
    TIMEOUT,
  );
  it(
    "zero: a float32 ignored argument keeps float32",
    () => {
      checkLaw(
        fc.tuple(
          anyShape.chain((s) => arbTensor(s)),
          anyShape.chain((s) => arbTensor(s, { dtype: "float32" })),
        ),
        ([x, unused]) => gradientOfUnusedIsZero((u: Tensor) => sum(exp(u)), [x], unused),
        { numRuns: 10, seed: 11 },
      );
    },
    TIMEOUT,
  );
  it(
    "add: ∇(f + g) = ∇f + ∇g",
    () => {
      checkLaw(
        arbTensorPair(),
        ([a, b]) =>
          gradientAdditivity(
            (u: Tensor, v: Tensor) => sum(mul(sin(u), v)),
            (u: Tensor, v: Tensor) => sum(tanh(sub(u, v))),
            [a, b],
          ),
        { numRuns: RUNS, seed: 12 },
      );
    },
    TIMEOUT,
  );
});

describe("nested derivatives", () => {
  it("no perturbation confusion (Siskind–Pearlmutter): d/dx [x · (d/dy (x + y))] at 1 is 1", () => {
    const inner = (x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(scalar(1, "float64")));
    expect(grad(inner)(scalar(1, "float64")).item()).toBe(1);
  });
  it("third derivatives: grad∘grad∘grad of sin is −cos", () => {
    checkLaw(
      arbTensor([], { min: -3, max: 3 }),
      (x) => {
        const d1 = (u: Tensor) => grad((v: Tensor) => sin(v))(u);
        const d2 = (u: Tensor) => grad(d1)(u);
        const d3 = grad(d2)(x).item();
        const expected = -Math.cos(x.item());
        return Math.abs(d3 - expected) <= 1e-12 ? { ok: true } : { ok: false, law: "third derivative", message: `${d3} vs ${expected}`, details: {} };
      },
      { numRuns: RUNS, seed: 13 },
    );
  });
});

describe("public composite ops against finite differences (vjp, jvp, second order)", () => {
  const kinks = { avoid: [0] };
  const ops: readonly [string, (x: Tensor) => Tensor, TensorOptions][] = [
    ["relu", (x) => relu(x), kinks],
    ["softplus", (x) => softplus(x), {}],
    ["elu", (x) => elu(x), kinks],
    ["leakyRelu", (x) => leakyRelu(x, 0.1), kinks],
    ["square", (x) => square(x), {}],
    ["reciprocal", (x) => reciprocal(x), { min: 0.3, max: 3 }],
    ["clip(x, −1, 1)", (x) => clip(x, -1, 1), { avoid: [-1, 1] }],
    ["abs via norm(x, 1)", (x) => norm(x, 1), kinks],
    ["norm(x)", (x) => norm(x), { min: 0.5, max: 2 }],
    ["logsumexp over the last axis", (x) => logsumexp(x, -1), {}],
    ["softmax", (x) => softmax(x), {}],
    ["logSoftmax", (x) => logSoftmax(x), {}],
    ["mean", (x) => mean(x), {}],
    ["expandDims then squeeze", (x) => squeeze(expandDims(x, 0), 0), {}],
    ["stack([x, 2x], 0)", (x) => stack([x, mul(x, 2)], 0), {}],
    ["outer(x, x)", (x) => outer(x as Tensor<[number]>, x as Tensor<[number]>), {}],
    ["dot(x, x)", (x) => dot(x, x), {}],
    ["abs", (x) => abs(x), kinks],
  ];
  for (const [name, op, options] of ops) {
    it(
      name,
      () => {
        checkLaw(
          withSeed(vectors.chain((s) => arbTensor(s, options))),
          ([x, seed]) => {
            const r1 = vjpMatchesFiniteDifferences(op, [x], randomTensorLike(op(x), seed));
            if (!r1.ok) return r1;
            const r2 = jvpMatchesFiniteDifferences(op, [x], [randomTensorLike(x, seed + 1)]);
            if (!r2.ok) return r2;
            const w = randomTensorLike(op(x), seed + 2);
            return secondDerivativeMatchesFiniteDifferences((u: Tensor) => sum(mul(w, op(u))), [x], [randomTensorLike(x, seed + 3)]);
          },
          { numRuns: RUNS, seed: 14 },
        );
      },
      TIMEOUT,
    );
  }
});
