/** Element types a tensor can hold. Floats are differentiable; `int32` holds indices, `bool` comparison results. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The floating-point dtypes: the ones gradients flow through. */
export type FloatDType = "float32" | "float64";

/** The typed array that stores each dtype. */
export interface DataOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor may be stored in. */
export type TypedArray = DataOf[DType];

const constructors = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/** Allocates a zero-filled typed array of `size` elements for `dtype`. */
export function allocate<D extends DType>(dtype: D, size: number): DataOf[D] {
  return new constructors[dtype](size) as DataOf[D];
}

/** The dtype whose storage is `data`. */
export function dtypeOfData(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return "bool";
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * The dtype two operands are promoted to: bool < int32 < float32 < float64.
 * @example promote("float32", "float64") // "float64"
 */
export function promote(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}
