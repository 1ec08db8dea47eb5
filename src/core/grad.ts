import { Tensor } from "../tensor/tensor";
import { withRecycling, type RecyclingScope } from "../tensor/recycled-storage";
import { flatten } from "../tree";
import { innermostTrace } from "./trace";
import { scalar } from "../tensor/create";
import { isTensorLeaf } from "./leaves";
import { backwardPass, forwardPass, primalOf, scalarSeed, unwrapAux, type ForwardPass } from "./vjp";
import { checkFunction } from "./check-function";

/** The gradient of a parameter tree has the tree's own type (numbers become scalars). */
export type Grads<T> = T extends number ? Tensor<[]> : T;

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which positional arguments to differentiate (default 0). An array gives a tuple of gradients. */
  readonly argnums?: number | readonly number[];
  /** When true, `f` returns `[loss, aux]` and the aux value is passed through undifferentiated. */
  readonly hasAux?: boolean;
}

type Fn<Args extends unknown[], R> = (...args: Args) => R;
type Scalar = Tensor<[]> | Tensor | number;
type GradsAt<Args extends unknown[], N extends readonly number[]> = { [K in keyof N]: Grads<Args[N[K] & number]> };

function valueAndGradImpl(transform: string, f: (...args: never[]) => unknown, options: GradOptions) {
  const argnums = options.argnums ?? 0;
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  const run = (args: readonly unknown[], scope: RecyclingScope | undefined): [unknown, unknown] => {
    const pass: ForwardPass = forwardPass(transform, f, args, list);
    let loss: unknown = pass.result;
    let aux: unknown;
    if (options.hasAux) {
      if (!Array.isArray(pass.result) || pass.result.length !== 2) {
        throw new Error(`${transform}: with hasAux the function must return [loss, aux]`);
      }
      [loss, aux] = pass.result as [unknown, unknown];
    }
    if (!isTensorLeaf(loss) && typeof loss !== "number") {
      throw new Error(
        `${transform}: the function must return a scalar tensor${options.hasAux ? " as the first element of [loss, aux]" : ""}, got ${typeof loss}`,
      );
    }
    const y = typeof loss === "number" ? scalar(loss) : (loss as Tensor);
    const seed = scalarSeed(transform, y);
    const grads = backwardPass(pass, [y], [seed]);
    const value = primalOf(pass, y);
    const gradResult = typeof argnums === "number" ? grads[0] : grads;
    const auxValue = options.hasAux ? unwrapAux(pass, aux) : undefined;
    if (scope !== undefined && !scope.ownsNothing()) {
      pass.trace.releaseIntermediates(scope, [value, ...flatten(auxValue, isTensorLeaf)[0].filter((x) => x instanceof Tensor)]);
    }
    return [options.hasAux ? [value, auxValue] : value, gradResult];
  };
  // On concrete values (no transform open), the forward pass's intermediates are recycled once the gradient is known.
  return (...args: unknown[]): [unknown, unknown] => (innermostTrace() === undefined ? withRecycling((scope) => run(args, scope)) : run(args, undefined));
}

/**
 * The gradient of a scalar-valued function, as a function (JAX's `grad`). Nests to any
 * order; differentiates with respect to argument 0 unless `argnums` says otherwise; the
 * gradient has the structure and type of the argument (objects, arrays, Immutable.js).
 * @example
 * ```ts
 * import { Tensor, add, grad, mul, scalar, sum, tensor } from "purediff";
 * const f = (x: Tensor<[3]>) => sum(mul(x, x));
 * // tensor([2, 4, 6])
 * grad(f)(tensor([1, 2, 3])).toArray(); // => [2, 4, 6]
 * grad((x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(scalar(1))))(scalar(1)).toArray(); // => 1
 * ```
 */
export function grad<Args extends unknown[]>(f: Fn<Args, Scalar>): Fn<Args, Grads<Args[0]>>;
export function grad<Args extends unknown[], const N extends number>(f: Fn<Args, Scalar>, options: { argnums: N; hasAux?: false }): Fn<Args, Grads<Args[N]>>;
export function grad<Args extends unknown[], const N extends readonly number[]>(
  f: Fn<Args, Scalar>,
  options: { argnums: N; hasAux?: false },
): Fn<Args, GradsAt<Args, N>>;
export function grad<Args extends unknown[], Aux>(f: Fn<Args, readonly [Scalar, Aux]>, options: { argnums?: 0; hasAux: true }): Fn<Args, [Grads<Args[0]>, Aux]>;
export function grad<Args extends unknown[], const N extends number, Aux>(
  f: Fn<Args, readonly [Scalar, Aux]>,
  options: { argnums: N; hasAux: true },
): Fn<Args, [Grads<Args[N]>, Aux]>;
export function grad(f: (...args: never[]) => unknown, options: GradOptions = {}): (...args: unknown[]) => unknown {
  checkFunction("grad", f);
  const vg = valueAndGradImpl("grad", f, options);
  return (...args: unknown[]) => {
    const [value, grads] = vg(...args);
    return options.hasAux ? [grads, (value as [unknown, unknown])[1]] : grads;
  };
}

/**
 * The value and the gradient of a scalar-valued function in one pass.
 * With `hasAux`, the value is `[loss, aux]`.
 * @example
 * ```ts
 * import { Tensor, square, sum, tensor, valueAndGrad } from "purediff";
 * const [loss, g] = valueAndGrad((w: Tensor<[2]>) => sum(square(w)))(tensor([3, 4]));
 * // loss = 25, g = [6, 8]
 * ```
 */
export function valueAndGrad<Args extends unknown[]>(f: Fn<Args, Scalar>): Fn<Args, [Tensor<[]>, Grads<Args[0]>]>;
export function valueAndGrad<Args extends unknown[], const N extends number>(
  f: Fn<Args, Scalar>,
  options: { argnums: N; hasAux?: false },
): Fn<Args, [Tensor<[]>, Grads<Args[N]>]>;
export function valueAndGrad<Args extends unknown[], const N extends readonly number[]>(
  f: Fn<Args, Scalar>,
  options: { argnums: N; hasAux?: false },
): Fn<Args, [Tensor<[]>, GradsAt<Args, N>]>;
export function valueAndGrad<Args extends unknown[], Aux>(
  f: Fn<Args, readonly [Scalar, Aux]>,
  options: { argnums?: 0; hasAux: true },
): Fn<Args, [[Tensor<[]>, Aux], Grads<Args[0]>]>;
export function valueAndGrad<Args extends unknown[], const N extends number, Aux>(
  f: Fn<Args, readonly [Scalar, Aux]>,
  options: { argnums: N; hasAux: true },
): Fn<Args, [[Tensor<[]>, Aux], Grads<Args[N]>]>;
export function valueAndGrad(f: (...args: never[]) => unknown, options: GradOptions = {}): (...args: unknown[]) => unknown {
  checkFunction("valueAndGrad", f);
  return valueAndGradImpl("valueAndGrad", f, options);
}
