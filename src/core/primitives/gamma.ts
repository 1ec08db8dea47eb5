/**
 * The log-gamma function log|Γ(x)| and the polygamma functions ψ⁽ⁿ⁾(x) (ψ⁽⁰⁾ = ψ, the
 * digamma function) as primitives, with the kernels of `tensor/kernels/gamma.ts`.
 * d lgamma/dx = ψ⁽⁰⁾(x) and d ψ⁽ⁿ⁾/dx = ψ⁽ⁿ⁺¹⁾(x), so derivatives of every order are
 * primitives of this family (one primitive with the order as its parameter).
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { lgammaScalar, polygammaScalar } from "../../tensor/kernels/gamma";
import type { Empty } from "../primitive";
import { bind } from "../bind";
import { scalarUnaryRule } from "./elementwise-rules";

/** ψ⁽ⁿ⁾(x) with n = order. */
const polygamma = (order: number, x: Tensor): Tensor => bind("polygamma", [x], { order });

/** The log-gamma and polygamma primitives. */
export const gammaRules = {
  lgamma: scalarUnaryRule<Empty>(
    "lgamma",
    () => lgammaScalar,
    (x) => polygamma(0, x),
  ),
  polygamma: scalarUnaryRule<PolygammaParams>(
    "polygamma",
    ({ order }) =>
      (x) =>
        polygammaScalar(order, x),
    (x, _y, { order }) => polygamma(order + 1, x),
  ),
};

/** The parameter of polygamma: the order n ≥ 0 of the derivative of ψ. */
export interface PolygammaParams {
  readonly order: number;
}

declare module "../primitive" {
  interface PrimitiveParams {
    lgamma: Empty;
    polygamma: PolygammaParams;
  }
}
