/**
 * Make your own module, and check it.
 *
 * The deck's example module is f(x; θ) = cos(θx) + π. A module needs its forward
 * computation and the derivatives of its output with respect to its input and its
 * parameter, which backpropagation multiplies by the incoming gradient (the cotangent):
 *
 *     forward:          cos(θx) + π
 *     backward_dx:      ∂f/∂x = −θ·sin(θx)
 *     backward_dtheta:  ∂f/∂θ = −x·sin(θx)
 *
 * In purediff, `customVjp(f, fwd, bwd)` attaches such a hand-written rule to a function:
 * `fwd` computes the output and what the backward pass needs (here θ and x), `bwd` maps
 * the cotangent c of the output to one cotangent per argument: c·(−θ·sin θx) for x and,
 * because θ is a scalar shared by every element, Σ c·(−x·sin θx) for θ.
 *
 * Then check it, as the deck says: compare the rule with central finite differences,
 * one coordinate at a time, and look at the relative errors (`gradCheck`, from
 * purediff/laws); and run the full derivative check (`checkGrads`: vjp against finite
 * differences with random cotangents, to second order since the rule is itself written
 * with differentiable ops). Finally a classic mistake: forget the factor θ in
 * backward_dx (writing −sin(θx)). Both checks catch it.
 *
 * Run: `npx tsx examples/custom-module.ts`
 * @module
 */
import { add, cos, grad, mul, neg, scalar, sin, square, sub, sum, tensor, customVjp, type Tensor } from "../src/index";
import { checkGrads, gradCheck, LawError } from "../laws";

/** The module's forward computation: cos(θx) + π, elementwise in x. */
export const forward = (theta: Tensor<[]>, x: Tensor): Tensor => add(cos(mul(theta, x)), Math.PI);

/** The backward rule: given the residuals (θ, x) and the cotangent c, the cotangents of θ and x. */
type Backward = (residuals: readonly [Tensor<[]>, Tensor], cotangent: Tensor) => readonly [Tensor, Tensor];

/** The right rule: ∂/∂θ = Σ c·(−x·sin θx), ∂/∂x = c·(−θ·sin θx). */
const backward: Backward = ([theta, x], c) => {
  const s = sin(mul(theta, x));
  const dTheta = sum(mul(c, neg(mul(x, s)))); // backward_dtheta, summed: θ is shared by every element
  const dx = mul(c, neg(mul(theta, s))); // backward_dx
  return [dTheta, dx];
};

/** A wrong rule: backward_dx forgets the inner derivative θ (−sin θx instead of −θ·sin θx). */
const wrongBackward: Backward = ([theta, x], c) => {
  const s = sin(mul(theta, x));
  return [sum(mul(c, neg(mul(x, s)))), mul(c, neg(s))];
};

/** The module with a given backward rule. */
export function makeModule(bwd: Backward): (theta: Tensor<[]>, x: Tensor) => Tensor {
  return customVjp(forward, (theta: Tensor<[]>, x: Tensor) => [forward(theta, x), [theta, x] as const] as const, bwd);
}

/** The module with the right rule. */
export const cosModule = makeModule(backward);
/** The module with the wrong rule. */
export const wrongCosModule = makeModule(wrongBackward);

/** Options of {@link run}. */
export interface CustomModuleOptions {
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface CustomModuleResult {
  /** gradCheck of the right rule: largest relative error for θ and over x. */
  readonly right: { readonly passed: boolean; readonly thetaRelativeError: number; readonly xRelativeError: number };
  /** max |custom rule − autodiff of the plain function| over θ and x. */
  readonly agreementWithAutodiff: number;
  /** Whether checkGrads (order 2, reverse mode) accepted the right rule. */
  readonly checkGradsPassed: boolean;
  /** gradCheck of the wrong rule. */
  readonly wrong: { readonly passed: boolean; readonly maxRelativeError: number; readonly worstArgument: number | undefined };
  /** Whether checkGrads threw a LawError for the wrong rule, and the first line of its message. */
  readonly wrongCaughtByCheckGrads: boolean;
  readonly wrongMessage: string;
}

/** The point of the checks: θ = 2.5 and seven inputs (float64 for finite differences). */
const THETA = scalar(2.5, "float64");
const X = tensor([-1.5, -1, -0.4, 0.1, 0.7, 1.2, 2], "float64");
/** Targets of a Euclidean loss on the module's output, so each output gets a different cotangent. */
const TARGETS = tensor([3.1, 2.5, 4, 3.9, 2.2, 3.6, 3], "float64");

/** A scalar loss through the module: ½‖f(x; θ) − t‖². */
const lossThrough =
  (module: (theta: Tensor<[]>, x: Tensor) => Tensor) =>
  (theta: Tensor<[]>, x: Tensor): Tensor =>
    mul(sum(square(sub(module(theta, x), TARGETS))), 0.5);

/** Builds the module, checks it, and shows the wrong rule being caught. */
export function run(options: CustomModuleOptions = {}): CustomModuleResult {
  const { log = console.log } = options;
  log("Module f(x; θ) = cos(θx) + π with hand-written backward rules (customVjp); θ = 2.5, x = 7 points, loss ½‖f − t‖²\n");

  const loss = lossThrough(cosModule);
  const report = gradCheck(loss, [THETA, X]);
  // The same check one argument at a time, to report θ and x separately.
  const thetaRelativeError = gradCheck((theta: Tensor<[]>) => loss(theta, X), [THETA]).maxRelativeError;
  const xRelativeError = gradCheck((x: Tensor) => loss(THETA, x), [X]).maxRelativeError;
  log(`gradCheck (central differences, one coordinate at a time): ${report.checked} coordinates, passed: ${report.passed}`);
  log(`  relative error for θ: ${thetaRelativeError.toExponential(2)}; largest over x: ${xRelativeError.toExponential(2)}`);

  const [customTheta, customX] = grad(loss, { argnums: [0, 1] })(THETA, X);
  const [autoTheta, autoX] = grad(lossThrough(forward), { argnums: [0, 1] })(THETA, X);
  const agreementWithAutodiff = Math.max(Math.abs(customTheta.item() - autoTheta.item()), ...Array.from(sub(customX, autoX).data()).map(Math.abs));
  log(`custom rule vs autodiff of the plain function: max difference ${agreementWithAutodiff.toExponential(2)}`);

  let checkGradsPassed = true;
  try {
    checkGrads(cosModule, [THETA, X], { modes: ["rev"], order: 2 });
  } catch (e) {
    checkGradsPassed = false;
    log(`checkGrads failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (checkGradsPassed) log("checkGrads (reverse mode, first and second order): passed\n");

  log("The wrong rule (backward_dx = −sin(θx), the factor θ forgotten):");
  const wrongLoss = lossThrough(wrongCosModule);
  const wrongReport = gradCheck(wrongLoss, [THETA, X]);
  const worst = wrongReport.worst;
  log(`gradCheck: passed: ${wrongReport.passed}, largest relative error ${wrongReport.maxRelativeError.toExponential(2)}`);
  if (worst !== undefined) {
    const what = worst.argument === 0 ? "θ" : `x[${worst.index.join(", ")}]`;
    log(`  worst coordinate ${what}: rule says ${worst.analytic.toFixed(6)}, finite differences say ${worst.numeric.toFixed(6)}`);
    if (worst.argument === 1) log(`  (ratio ${(worst.analytic / worst.numeric).toFixed(3)} = 1/θ: the rule is off by exactly the forgotten factor)`);
  }
  let wrongCaughtByCheckGrads = false;
  let wrongMessage = "";
  try {
    checkGrads(wrongCosModule, [THETA, X], { modes: ["rev"] });
    log("checkGrads: passed (it should not have!)");
  } catch (e) {
    wrongCaughtByCheckGrads = e instanceof LawError;
    wrongMessage = e instanceof Error ? e.message : String(e);
    log(`checkGrads throws ${e instanceof Error ? e.name : "an error"}:`);
    for (const line of wrongMessage.split("\n").slice(0, 6)) log(`  ${line}`);
  }
  return {
    right: { passed: report.passed, thetaRelativeError, xRelativeError },
    agreementWithAutodiff,
    checkGradsPassed,
    wrong: { passed: wrongReport.passed, maxRelativeError: wrongReport.maxRelativeError, worstArgument: worst?.argument },
    wrongCaughtByCheckGrads,
    wrongMessage,
  };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
