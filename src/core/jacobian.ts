import type { Tensor } from "../tensor/tensor";
import { showShape, type Shape } from "../tensor/shape";
import { full } from "../tensor/create";
import { jvp } from "./jvp";
import { vjp } from "./vjp";
import { bind } from "./bind";
import { concreteBasis } from "./basis";

/** Options of the Jacobian transforms. */
export interface JacobianOptions {
  /** Which positional argument to differentiate (default 0); it must be a float tensor. */
  readonly argnums?: number;
}

type TensorFn = (...args: unknown[]) => Tensor;

/** The function of argument `argnum` alone, the others fixed. */
function focus(transform: string, f: TensorFn, args: readonly unknown[], argnum: number): [Tensor, (x: Tensor) => Tensor] {
  if (!Number.isInteger(argnum) || argnum < 0 || argnum >= args.length) {
    throw new Error(`${transform}: argnums ${argnum} is out of range for ${args.length} argument(s)`);
  }
  const x = args[argnum] as Tensor;
  return [
    x,
    (xi: Tensor) => {
      const all = args.slice();
      all[argnum] = xi;
      return f(...all);
    },
  ];
}

/** Stacks rows (each of `rowShape`) into [n, ...rowShape], then moves the leading axis to the back. */
function assemble(rows: readonly Tensor[], leading: Shape, trailing: Shape, leadingFirst: boolean): Tensor {
  const joined =
    rows.length === 1
      ? bind("reshape", [rows[0]], { shape: [1, ...rows[0].shape] })
      : bind(
          "concat",
          rows.map((r) => bind("reshape", [r], { shape: [1, ...r.shape] })),
          { axis: 0 },
        );
  if (leadingFirst) return bind("reshape", [joined], { shape: [...leading, ...trailing] });
  // joined is [size(leading) , ...trailing]; we want [...trailing, ...leading].
  const flatLead = bind("reshape", [joined], { shape: [rows.length, ...trailing] });
  const perm = [...trailing.map((_, i) => i + 1), 0];
  const moved = bind("transpose", [flatLead], { perm });
  return bind("reshape", [moved], { shape: [...trailing, ...leading] });
}

function emptyJacobian(x: Tensor, y: Tensor): Tensor {
  return full([...y.shape, ...x.shape], 0, y.dtype);
}

/**
 * The Jacobian by forward mode, one `jvp` per input element: the result has shape
 * `out.shape ++ in.shape`. Best when the input is smaller than the output.
 * @example
 * ```ts
 * import { Tensor, jacfwd, mul, tensor } from "purediff";
 * jacfwd((x: Tensor) => mul(x, x))(tensor([1, 2])).toArray(); // => [[2, 0], [0, 4]]
 * ```
 */
export function jacfwd<Args extends unknown[]>(f: (...args: Args) => Tensor, options: JacobianOptions = {}): (...args: Args) => Tensor {
  return (...args: Args) => {
    const [x, g] = focus("jacfwd", f as unknown as TensorFn, args, options.argnums ?? 0);
    const columns: Tensor[] = [];
    let y: Tensor | undefined;
    for (const e of concreteBasis(x.shape, x.dtype)) {
      const [out, t] = jvp(g, [x], [e]);
      y = out;
      columns.push(t);
    }
    if (y === undefined) return emptyJacobian(x, g(x));
    return assemble(columns, x.shape, y.shape, false);
  };
}

/**
 * The Jacobian by reverse mode, one pullback per output element: the result has shape
 * `out.shape ++ in.shape`. Best when the output is smaller than the input.
 * @example
 * ```ts
 * import { Tensor, jacrev, mul, sum, tensor } from "purediff";
 * jacrev((x: Tensor) => sum(mul(x, x)))(tensor([1, 2])).toArray(); // => [2, 4]
 * ```
 */
export function jacrev<Args extends unknown[]>(f: (...args: Args) => Tensor, options: JacobianOptions = {}): (...args: Args) => Tensor {
  return (...args: Args) => {
    const [x, g] = focus("jacrev", f as unknown as TensorFn, args, options.argnums ?? 0);
    const [y, pullback] = vjp(g, x);
    const rows: Tensor[] = [];
    for (const e of concreteBasis(y.shape, y.dtype)) rows.push(pullback(e)[0]);
    if (rows.length === 0) return emptyJacobian(x, y);
    return assemble(rows, y.shape, x.shape, true);
  };
}

/**
 * The matrix of second derivatives of a scalar function, `jacfwd(jacrev(f))`: shape
 * `in.shape ++ in.shape`.
 * @example
 * ```ts
 * import { Tensor, hessian, mul, sum, tensor } from "purediff";
 * hessian((x: Tensor) => sum(mul(x, mul(x, x))))(tensor([1, 2])).toArray(); // => [[6, 0], [0, 12]]
 * ```
 */
export function hessian<Args extends unknown[]>(f: (...args: Args) => Tensor, options: JacobianOptions = {}): (...args: Args) => Tensor {
  const scalarF = (...args: Args): Tensor => {
    const y = f(...args);
    if (y.shape.length !== 0) throw new Error(`hessian: the function must return a scalar, got shape ${showShape(y.shape)}`);
    return y;
  };
  return jacfwd(jacrev(scalarF, options), options);
}
