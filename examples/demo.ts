/**
 * A tour of purediff in one file: `npm start` runs it.
 *
 * Tensors print themselves; `grad` turns a scalar function into its gradient function;
 * gradients nest (grad of grad, Hessians) without perturbation confusion; `makeJaxpr`
 * shows the staged program and `jit` runs it; twenty steps of gradient descent fit a line.
 *
 * `runDemo` returns what it computed so test/examples/demo.test.ts can check every claim.
 */
import {
  add,
  grad,
  hessian,
  jit,
  linspace,
  makeJaxpr,
  mean,
  mul,
  pow,
  scalar,
  square,
  sub,
  sum,
  tanh,
  tensor,
  tree,
  valueAndGrad,
  type Tensor,
} from "../src/index";

/** What the demo computed, for tests. */
export interface DemoResult {
  /** grad of sum(x²) at [1, 2, 3]: 2x. */
  readonly gradient: number[];
  /** d²/dx² x³ at x = 2 (grad of grad): 6x = 12. */
  readonly secondDerivative: number;
  /** The Siskind–Pearlmutter check: d/dx [x · d/dy (x + y)] at x = 1 is 1 (2 means perturbation confusion). */
  readonly siskindPearlmutter: number;
  /** Hessian of sum(x³) + (sum x)² at [1, 2]: diag(6x) + 2. */
  readonly hessian: number[][];
  /** jit(f)(x) and f(x) for the same input. */
  readonly jitValue: number;
  readonly eagerValue: number;
  /** The printed IR of makeJaxpr(f). */
  readonly jaxpr: string;
  /** The loss before each of the 20 gradient-descent steps, and after the last. */
  readonly losses: number[];
  /** The fitted line y = w·x + b (the data follow y = 3x − 1). */
  readonly w: number;
  readonly b: number;
}

/** Runs the tour, printing through `log`. */
export function runDemo(log: (...args: unknown[]) => void = console.log): DemoResult {
  // 1. Tensors are immutable, know their shape, and print readably.
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  log("A tensor:");
  log(x);

  // 2. grad(f) is a function: the gradient of f.
  const sumOfSquares = (v: Tensor<[3]>) => sum(square(v));
  const g = grad(sumOfSquares)(tensor([1, 2, 3]));
  log("\ngrad of sum(x²) at [1, 2, 3]:");
  log(g);

  // 3. Derivatives nest: grad of grad, and the Siskind–Pearlmutter perturbation check.
  const cube = (v: Tensor<[]>) => pow(v, 3);
  const d2 = grad(grad(cube))(scalar(2));
  log("\nd²/dx² x³ at x = 2 (expect 12):", d2.item());
  const sp = grad((u: Tensor<[]>) => mul(u, grad((y: Tensor<[]>) => add(u, y))(scalar(1))))(scalar(1));
  log("Siskind–Pearlmutter d/dx [x · d/dy (x + y)] at x = 1 (expect 1):", sp.item());

  // 4. A Hessian: diag(6x) + 2 for f(x) = sum(x³) + (sum x)².
  const f = (v: Tensor<[2]>) => add(sum(pow(v, 3)), square(sum(v)));
  const h = hessian(f)(tensor([1, 2]));
  log("\nHessian of sum(x³) + (sum x)² at [1, 2]:");
  log(h);

  // 5. makeJaxpr prints the staged program; jit stages once per signature and replays it.
  const layer = (v: Tensor<[3]>) => sum(tanh(mul(v, 2)));
  const jaxpr = makeJaxpr(layer)(tensor([0.1, 0.2, 0.3]));
  log("\nmakeJaxpr(x => sum(tanh(x * 2))):");
  log(String(jaxpr));
  log("\nand of its gradient:");
  log(String(makeJaxpr(grad(layer))(tensor([0.1, 0.2, 0.3]))));
  const fast = jit(layer);
  const jitValue = fast(tensor([0.1, 0.2, 0.3])).item();
  const eagerValue = layer(tensor([0.1, 0.2, 0.3])).item();
  log("jit(f)(x) =", jitValue, " f(x) =", eagerValue);

  // 6. Twenty steps of gradient descent fit y = w·x + b to points on y = 3x − 1.
  const xs = linspace(-1, 1, 32);
  const ys = sub(mul(xs, 3), 1);
  type Params = { w: Tensor<[]>; b: Tensor<[]> };
  const loss = (p: Params) => mean(square(sub(add(mul(xs, p.w), p.b), ys)));
  const step = valueAndGrad(loss);
  const lr = 0.3;
  let params: Params = { w: scalar(0), b: scalar(0) };
  const losses: number[] = [];
  log("\nFitting y = w·x + b by gradient descent (lr = 0.3):");
  for (let i = 0; i < 20; i++) {
    const [value, grads] = step(params);
    losses.push(value.item());
    log(`  step ${String(i + 1).padStart(2)}  loss ${value.item().toFixed(6)}`);
    params = tree.zipWith((p: Tensor, d: Tensor) => sub(p, mul(d, lr)), params, grads) as Params;
  }
  losses.push(loss(params).item());
  const w = params.w.item();
  const b = params.b.item();
  log(`  final loss ${losses[losses.length - 1].toFixed(6)}, w = ${w.toFixed(4)}, b = ${b.toFixed(4)} (data: w = 3, b = -1)`);

  return {
    gradient: g.toArray() as number[],
    secondDerivative: d2.item(),
    siskindPearlmutter: sp.item(),
    hessian: h.toArray() as number[][],
    jitValue,
    eagerValue,
    jaxpr: String(jaxpr),
    losses,
    w,
    b,
  };
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  runDemo();
}
