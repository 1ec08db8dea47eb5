/**
 * Broadcasting gradients: when a binary op broadcasts its operands, the gradient with
 * respect to each operand is summed back to that operand's own shape.
 *
 * @module
 */
import { grad, sum, type Tensor } from "../../src/index";
import { allLaws, guardLaw, type LawResult } from "../law-result";
import { defaultEpsFor, numericPartial, scalarValue, selectCoordinates } from "../finite-difference";
import { finiteDifferenceTolerance, toleranceDType } from "../tolerance";
import { valuesOf } from "../internal/tensor-values";
import type { FiniteDifferenceLawOptions } from "../law-types";
import { argumentLabel, checkShapes, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link broadcastGradient}.
 * @example
 * ```ts
 * import { BROADCAST_GRADIENT } from "purediff/laws";
 * // the `law` of a failed broadcastGradient result
 * BROADCAST_GRADIENT; // => "broadcast gradients sum back to each input's shape"
 * ```
 */
export const BROADCAST_GRADIENT = "broadcast gradients sum back to each input's shape";

/**
 * The gradient of sum(op(a, b)) with respect to a has a's shape and dtype (and likewise
 * for b), and equals the finite differences of sum(op(a, b)).
 * @example
 * ```ts
 * import { mul, tensor } from "purediff";
 * import { broadcastGradient } from "purediff/laws";
 * broadcastGradient(mul, tensor([[1], [2]], "float64"), tensor([3, 4, 5], "float64")); // => { ok: true }
 * ```
 */
export function broadcastGradient(op: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, options: FiniteDifferenceLawOptions = {}): LawResult {
  const law = BROADCAST_GRADIENT;
  return guardLaw(law, () => {
    const total = (x: Tensor, y: Tensor): Tensor => sum(op(x, y));
    const grads = grad(total, { argnums: [0, 1] })(a, b) as unknown as readonly Tensor[];
    const args = [a, b];
    const eps = options.eps ?? defaultEpsFor(args);
    const coordinates = selectCoordinates([a.shape, b.shape], options.sampled, options.seed ?? 0);
    const evaluate = (xs: readonly Tensor[]) => scalarValue(total(xs[0], xs[1]));
    const numeric = args.map((x) => new Float64Array(x.size));
    const analytic = args.map(() => new Float64Array(0));
    return allLaws(
      () => checkShapes(law, (i) => `the gradient with respect to ${i === 0 ? "a" : "b"}`, grads, args),
      () => {
        grads.forEach((g, k) => {
          const values = valuesOf(g);
          analytic[k] = new Float64Array(values.length);
          for (const c of coordinates) if (c.argument === k) analytic[k][c.index] = values[c.index];
        });
        for (const c of coordinates) numeric[c.argument][c.index] = numericPartial(evaluate, args, c, { eps });
        return compareLists(
          law,
          { what: (k) => `${argumentLabel(k)} (${k === 0 ? "a" : "b"})`, actualName: "grad gives", expectedName: "finite differences give" },
          args.map((x, k) => ({ shape: x.shape, values: analytic[k] })),
          numeric,
          toleranceOf(options, finiteDifferenceTolerance[toleranceDType(a, b)]),
          undefined,
          `; shapes [${a.shape.join(",")}] and [${b.shape.join(",")}], eps ${eps}`,
        );
      },
    );
  });
}
