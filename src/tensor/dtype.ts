import { POOLED_MIN_BYTES, allocateStorage, type StorageConstructor } from "./recycled-storage";

/**
 * Element types a tensor can hold. Floats are differentiable; `int32` holds indices,
 * `uint32` random bits and PRNG keys (arithmetic wraps mod 2³²), `bool` comparison results.
 */
export type DType = "float32" | "float64" | "int32" | "uint32" | "bool";

/** The floating-point dtypes: the ones gradients flow through. */
export type FloatDType = "float32" | "float64";

/** The typed array that stores each dtype. */
export interface DataOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint32: Uint32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor may be stored in. */
export type TypedArray = DataOf[DType];

const constructors: { readonly [D in DType]: StorageConstructor<DataOf[D]> } = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
};

/** Every dtype, in promotion order. */
export const DTYPES: readonly DType[] = ["bool", "int32", "uint32", "float32", "float64"];

/**
 * Throws unless `dtype` is one of the {@link DTYPES}, naming the op; an options object
 * (`{ dtype: "float64" }`, a habit from other libraries) gets a hint.
 * @example checkDType("zeros", "float16") // Error: zeros: unknown dtype "float16"; ...
 */
export function checkDType(op: string, dtype: unknown): asserts dtype is DType {
  if (typeof dtype === "string" && (DTYPES as readonly string[]).includes(dtype)) return;
  const known = `the dtypes are ${DTYPES.map((d) => `"${d}"`).join(", ")}`;
  if (typeof dtype === "object" && dtype !== null && "dtype" in dtype) {
    throw new Error(
      `${op}: the dtype is passed as a string, not an options object: write ${op}(..., ${JSON.stringify((dtype as { dtype: unknown }).dtype)}) (${known})`,
    );
  }
  throw new Error(`${op}: unknown dtype ${typeof dtype === "string" ? JSON.stringify(dtype) : String(dtype)}; ${known}`);
}

/**
 * Allocates a zero-filled typed array of `size` elements for `dtype` (large ones may be
 * recycled storage: see {@link allocateStorage}).
 */
export function allocate<D extends DType>(dtype: D, size: number): DataOf[D] {
  const ctor = constructors[dtype];
  // Small arrays never come from the pool: allocated here, without a call.
  return size * ctor.BYTES_PER_ELEMENT < POOLED_MIN_BYTES ? new ctor(size) : allocateStorage<DataOf[D]>(ctor, size);
}

/**
 * Allocates a typed array of `size` elements for `dtype` whose contents are unspecified
 * (large ones may be recycled storage): for kernels that write every element.
 */
export function allocateUnfilled<D extends DType>(dtype: D, size: number): DataOf[D] {
  const ctor = constructors[dtype];
  return size * ctor.BYTES_PER_ELEMENT < POOLED_MIN_BYTES ? new ctor(size) : allocateStorage<DataOf[D]>(ctor, size, false);
}

/**
 * The dtype whose storage is `data` (a `Uint8Array` is bool storage, a `Uint32Array` uint32).
 * @example dtypeOfData(new Uint32Array(2)) // "uint32"
 */
export function dtypeOfData(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof Uint8Array) return "bool";
  throw new Error(
    `dtypeOfData: ${(data as object).constructor.name} is not the storage of any dtype (Float32Array, Float64Array, Int32Array, Uint32Array or Uint8Array for bool)`,
  );
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}

/** True for int32 and uint32. */
export function isInteger(dtype: DType): dtype is "int32" | "uint32" {
  return dtype === "int32" || dtype === "uint32";
}

const rank: Record<DType, number> = { bool: 0, int32: 1, uint32: 1, float32: 2, float64: 3 };

/**
 * The dtype two operands are promoted to: bool < int32, uint32 < float32 < float64.
 * int32 and uint32 do not mix: no 32-bit integer type holds both ranges (JAX would widen
 * to int64, which this library does not have, or silently wrap), so the pair is an error
 * and the caller converts one side with `astype`. Ops that always compute in floats
 * (div, pow) take both to float32 instead.
 * @example promote("float32", "float64") // "float64"
 * @example promote("uint32", "float32") // "float32"
 */
export function promote(a: DType, b: DType, op = "promote"): DType {
  if (rank[a] === rank[b] && a !== b) throw new Error(mixedIntegers(op, a, b));
  return rank[a] >= rank[b] ? a : b;
}

/** The message for an int32/uint32 mix in `op`, with the operands' descriptions. */
export function mixedIntegers(op: string, a: string, b: string): string {
  return `${op}: cannot mix int32 and uint32 operands (${a} and ${b}): no 32-bit type holds both; convert one with astype(x, "int32" | "uint32" | "float64")`;
}
