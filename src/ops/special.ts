import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { asFloat, type Operand, type ShapeOfOperand } from "./operands";

/**
 * Elementwise error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, accurate to under 1 ulp in
 * float64 (fdlibm's rational approximations; float32 is the float64 value rounded).
 * Differentiable to any order: d erf/dx = 2/√π · e^(−x²).
 * @example erf(tensor([0, 1], "float64")) // [0, 0.8427007929497149]
 */
export const erf = <T extends Operand>(x: T): Tensor<ShapeOfOperand<T>> => bind("erf", [asFloat(x)], {}) as Tensor<ShapeOfOperand<T>>;
