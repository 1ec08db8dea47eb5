/**
 * Type-level shape arithmetic: the compile-time mirror of the runtime checks in `./shape`.
 *
 * A shape type is a `readonly number[]` tuple whose entries are numeric literals (`784`)
 * or `number` (a dimension known only at run time). A plain `number[]` (rank unknown) is
 * accepted everywhere and yields `number[]`, leaving the check to the runtime.
 *
 * Rules of thumb shared by every type here:
 * - a `number` dimension unifies with any literal (the literal wins; the runtime checks);
 * - a literal mismatch yields a {@link ShapeError}, never `never`;
 * - anything not decidable at compile time (rank unknown, axis not a literal, numbers too
 *   big to multiply) degrades to `number` / `number[]` instead of erroring or recursing deep.
 *
 * Arithmetic on dimensions (products for `Reshape`, sums for `Concat`) is digit-wise on
 * decimal strings: `${784}` becomes little-endian digits `[4, 8, 7]`, and addition,
 * subtraction, multiplication and long division work one digit at a time with tiny
 * lookup tuples. Cost grows with the number of digits, not the magnitude, so
 * `784 * 256` or `60000 * 784` is cheap. Results longer than 15 digits (beyond exact
 * doubles) give `number`, so the checks are skipped rather than wrong.
 *
 * @module
 */

/** A shape: one dimension per axis, outermost first; literals where known. */
export type Shape = readonly number[];

/** One dimension: a numeric literal when known at compile time, else `number`. */
export type Dim = number;

// ---------------------------------------------------------------------------------------
// Shape errors
// ---------------------------------------------------------------------------------------

declare const shapeErrorBrand: unique symbol;

/**
 * What a shape type becomes when the shapes cannot work together. It is a (useless)
 * read-only array so that `Tensor<MatMul<A, B>>` still satisfies `S extends Shape`, and it
 * carries a brand that no real shape has, so no real tensor is assignable to
 * `Tensor<ShapeError<...>>`. Its printed form reads as the diagnosis.
 * @example
 * ```ts
 * import { MatMul } from "purediff";
 * type E = MatMul<[2, 3], [4, 5]>;
 * //   ^? ShapeError<"matmul: inner dimensions differ", [2, 3], [4, 5]>
 * ```
 */
export interface ShapeError<Message extends string, A = unknown, B = unknown> extends ReadonlyArray<never> {
  readonly [shapeErrorBrand]: { readonly message: Message; readonly a: A; readonly b: B };
}

/**
 * `R` itself, stated to be a {@link Shape}. The exported shape functions wrap their
 * results in it: `Tensor<MatMul<A, B>>` then satisfies `S extends Shape` at a glance,
 * where the checker would otherwise unfold every branch of the deferred `MatMul<A, B>`
 * (each time the declarations are checked, e.g. in a user's program without
 * `skipLibCheck`). Every result already is a shape (a {@link ShapeError} too); anything
 * else would become `number[]`.
 */
type AsShape<R> = [R] extends [infer S extends Shape] ? S : number[];

/** Any {@link ShapeError}. */
export type AnyShapeError = ShapeError<string, unknown, unknown>;

/**
 * True when `R` is a {@link ShapeError}.
 * @example
 * ```ts
 * import type { IsShapeError, MatMul } from "purediff";
 * const e: IsShapeError<MatMul<[2, 3], [4, 5]>> = true;
 * ```
 */
export type IsShapeError<R> = [R] extends [never] ? false : [R] extends [AnyShapeError] ? true : false;

/**
 * `unknown` when `R` is a valid shape, else the {@link ShapeError} itself. Intersected with a
 * parameter type, it makes a bad call fail at the call site with the error text in the
 * message:
 * @example
 * ```ts
 * import { CheckShape, Shape, Stack, Tensor } from "purediff";
 * declare function stack<Ss extends readonly Shape[]>(
 *   ts: { [K in keyof Ss]: Tensor<Ss[K]> } & CheckShape<Stack<Ss, 0>>,
 * ): Tensor<Stack<Ss, 0>>;
 * ```
 */
export type CheckShape<R> = IsShapeError<R> extends true ? R : unknown;

/**
 * `unknown` when `A` and `B` broadcast, else a {@link ShapeError} naming `Op`.
 * @example
 * ```ts
 * import type { Broadcast, CheckBroadcast, IsShapeError, Shape, Tensor } from "purediff";
 * declare function add<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & CheckBroadcast<A, B, "add">): Tensor<Broadcast<A, B, "add">>;
 * const fits: CheckBroadcast<[2, 3], [3], "add"> = "anything"; // unknown: no constraint
 * // add(ones([2, 3]), ones([4])) is a compile error: ShapeError<"add: shapes do not broadcast", [2, 3], [4]>
 * const error: IsShapeError<CheckBroadcast<[2, 3], [4], "add">> = true;
 * ```
 */
export type CheckBroadcast<A extends Shape, B extends Shape, Op extends string = "broadcast"> = CheckShape<Broadcast<A, B, Op>>;

/**
 * `unknown` when `A @ B` is well formed, else a {@link ShapeError}.
 * @example
 * ```ts
 * import { CheckMatMul, MatMul, Shape, Tensor } from "purediff";
 * declare function matmul<A extends Shape, B extends Shape>(
 *   a: Tensor<A>, b: Tensor<B> & CheckMatMul<A, B>,
 * ): Tensor<MatMul<A, B>>;
 * ```
 */
export type CheckMatMul<A extends Shape, B extends Shape> = CheckShape<MatMul<A, B>>;

/**
 * `unknown` when `S` can be reshaped to `T`, else a {@link ShapeError}.
 * @example
 * ```ts
 * import type { CheckReshape, IsShapeError } from "purediff";
 * // ShapeError<"reshape: element counts differ (6 vs 8)", [2, 3], [4, 2]>
 * const e: IsShapeError<CheckReshape<[2, 3], [4, 2]>> = true;
 * ```
 */
export type CheckReshape<S extends Shape, T extends Shape> = CheckShape<Reshape<S, T>>;

/**
 * `unknown` when the shapes concatenate along `Axis`, else a {@link ShapeError}.
 * @example
 * ```ts
 * import type { CheckConcat, IsShapeError } from "purediff";
 * // ShapeError<"concat: shapes differ off the concatenation axis", [2, 3], [2, 4]>
 * const e: IsShapeError<CheckConcat<[[2, 3], [2, 4]], 0>> = true;
 * ```
 */
export type CheckConcat<Ss extends readonly Shape[], Axis extends number> = CheckShape<Concat<Ss, Axis>>;

// ---------------------------------------------------------------------------------------
// Small predicates
// ---------------------------------------------------------------------------------------

/**
 * True when `N` is a numeric literal (a dimension known at compile time).
 * @example
 * ```ts
 * import type { IsLiteral } from "purediff";
 * const a: IsLiteral<784> = true;
 * const b: IsLiteral<number> = false;
 * ```
 */
export type IsLiteral<N> = [N] extends [never] ? false : number extends N ? false : true;

/**
 * True when `S` is a tuple of known length (its rank is known).
 * @example IsTuple<[2, 3]> // true;  IsTuple<number[]> // false
 */
type IsTuple<S extends readonly unknown[]> = number extends S["length"] ? false : true;

/** True when every dimension of the tuple `S` is a literal. @example AllLiteral<[2, number]> // false */
type AllLiteral<S extends Shape> = number extends S[number] ? false : true;

/** A shape-level marker that two literal dimensions disagree. */
type Mismatch = "mismatch";

/** A marker that an axis is out of range. */
type OutOfRange = "out of range";

/**
 * The common value of two dimensions that must be equal: a literal beats `number`.
 * @example UnifyDim<3, number> // 3;  UnifyDim<3, 4> // Mismatch
 */
type UnifyDim<A extends number, B extends number> =
  IsLiteral<A> extends false ? B : IsLiteral<B> extends false ? A : [A] extends [B] ? ([B] extends [A] ? A : Mismatch) : Mismatch;

/**
 * NumPy broadcast of two dimensions: 1 stretches, else they unify.
 * @example BroadcastDim<1, 5> // 5;  BroadcastDim<number, 5> // 5
 */
type BroadcastDim<A extends number, B extends number> = [A] extends [1] ? B : [B] extends [1] ? A : UnifyDim<A, B>;

/** A tuple of `N` zeros for small `N` (at most 64; else `undefined`). @example Zeros<2> // [0, 0] */
type Zeros<N extends number, Acc extends 0[] = []> = Acc["length"] extends N ? Acc : Acc["length"] extends 64 ? undefined : Zeros<N, [...Acc, 0]>;

/**
 * An axis in `[-Rank, Rank)` made non-negative; `number` for a non-literal axis;
 * {@link OutOfRange} otherwise.
 * @example NormAxis<-1, 3> // 2
 */
type NormAxis<Axis extends number, Rank extends number> =
  IsLiteral<Axis> extends false
    ? number
    : Zeros<Rank> extends infer R extends 0[]
      ? `${Axis}` extends `-${infer P extends number}`
        ? Zeros<P> extends infer PZ extends 0[]
          ? R extends [...PZ, ...infer Rest]
            ? P extends 0
              ? OutOfRange
              : Rest["length"]
            : OutOfRange
          : OutOfRange
        : Zeros<Axis> extends infer I extends 0[]
          ? R extends [...I, 0, ...0[]]
            ? Axis
            : OutOfRange
          : OutOfRange
      : OutOfRange;

/** `S` split before index `I`: `[S[:I], S[I:]]`. @example SplitAt<[2, 3, 4], 1> // [[2], [3, 4]] */
type SplitAt<S extends Shape, I extends number, Pre extends number[] = []> = Pre["length"] extends I
  ? [Pre, [...S]]
  : S extends readonly [infer H extends number, ...infer T extends Shape]
    ? SplitAt<T, I, [...Pre, H]>
    : [Pre, []];

/** Reverses a tuple. @example Reverse<[1, 2, 3]> // [3, 2, 1] */
type Reverse<S extends readonly unknown[], Acc extends unknown[] = []> = S extends readonly [infer H, ...infer T] ? Reverse<T, [H, ...Acc]> : Acc;

// ---------------------------------------------------------------------------------------
// Digit-wise arithmetic on non-negative integer literals
// ---------------------------------------------------------------------------------------

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
/** A natural number as little-endian decimal digits, without high zeros: 0 is `[]`. */
type Digits = Digit[];
type DigitZeros = [
  [],
  [0],
  [0, 0],
  [0, 0, 0],
  [0, 0, 0, 0],
  [0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0],
];
type TenZeros = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** `V` in 0..19 as `[V mod 10, V >= 10 ? 1 : 0]`. */
type Split20 = [
  [0, 0],
  [1, 0],
  [2, 0],
  [3, 0],
  [4, 0],
  [5, 0],
  [6, 0],
  [7, 0],
  [8, 0],
  [9, 0],
  [0, 1],
  [1, 1],
  [2, 1],
  [3, 1],
  [4, 1],
  [5, 1],
  [6, 1],
  [7, 1],
  [8, 1],
  [9, 1],
];
type At<T, K> = K extends keyof T ? T[K] : never;
/** Longest digit count handled; longer results give `number`. */
type MaxDigits = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15;

type Head<D extends Digits> = D extends [infer H extends Digit, ...Digits] ? H : 0;
type Tail<D extends Digits> = D extends [Digit, ...infer T extends Digits] ? T : [];
type Trim<D extends Digits> = D extends [...infer R extends Digits, 0] ? Trim<R> : D;

/** `[digit, carry]` of `A + B + C`. */
type AddDigit<A extends Digit, B extends Digit, C extends 0 | 1> = At<Split20, [...DigitZeros[A], ...DigitZeros[B], ...DigitZeros[C]]["length"]>;

/** `[digit, borrow]` of `A - B - Br`. */
type SubDigit<A extends Digit, B extends Digit, Br extends 0 | 1> = [...DigitZeros[A], ...TenZeros] extends [...DigitZeros[B], ...DigitZeros[Br], ...infer R]
  ? At<Split20, R["length"]> extends [infer D, infer NoBorrow]
    ? [D, NoBorrow extends 1 ? 0 : 1]
    : never
  : never;

type AddDigits<A extends Digits, B extends Digits, C extends 0 | 1 = 0, Acc extends Digits = []> = [A, B, C] extends [[], [], 0]
  ? Acc
  : AddDigit<Head<A>, Head<B>, C> extends [infer D extends Digit, infer C2 extends 0 | 1]
    ? AddDigits<Tail<A>, Tail<B>, C2, [...Acc, D]>
    : never;

/** `A - B`, or `"negative"` when `B > A`. */
type SubDigits<A extends Digits, B extends Digits, Br extends 0 | 1 = 0, Acc extends Digits = []> = A extends []
  ? [B, Br] extends [[], 0]
    ? Trim<Acc>
    : "negative"
  : SubDigit<Head<A>, Head<B>, Br> extends [infer D extends Digit, infer Br2 extends 0 | 1]
    ? SubDigits<Tail<A>, Tail<B>, Br2, [...Acc, D]>
    : never;

/** `A * D` for one digit `D`, by repeated addition. */
type MulDigit<A extends Digits, D extends Digit, Acc extends Digits = [], I extends 0[] = []> = I["length"] extends D
  ? Acc
  : AddDigits<Acc, A> extends infer S extends Digits
    ? MulDigit<A, D, S, [...I, 0]>
    : never;

/** `A * B`, schoolbook. */
type MulDigits<A extends Digits, B extends Digits, Acc extends Digits = [], Shift extends 0[] = []> = B extends [
  infer H extends Digit,
  ...infer T extends Digits,
]
  ? MulDigit<A, H> extends infer P extends Digits
    ? AddDigits<Acc, P extends [] ? [] : [...Shift, ...P]> extends infer S extends Digits
      ? MulDigits<A, T, S, [...Shift, 0]>
      : never
    : never
  : Acc;

/** Largest `Q` in 0..9 with `Q * D <= R`, and the remainder: `[Q, R - Q * D]`. */
type DivStep<R extends Digits, D extends Digits, I extends 0[] = []> = I["length"] extends 9
  ? [9, R]
  : SubDigits<R, D> extends infer S extends Digits
    ? DivStep<S, D, [...I, 0]>
    : [I["length"], R];

/** Long division, big-endian digits `NB` in: `[quotient, remainder]` (D non-zero). */
type DivLoop<NB extends Digits, D extends Digits, R extends Digits = [], Q extends Digits = []> = NB extends [infer H extends Digit, ...infer T extends Digits]
  ? Trim<[H, ...R]> extends infer TR extends Digits
    ? DivStep<TR, D> extends [infer QD extends Digit, infer R2 extends Digits]
      ? DivLoop<T, D, R2, [QD, ...Q]>
      : never
    : never
  : [Trim<Q>, R];

type ParseDigits<S extends string, Acc extends Digits = []> = S extends ""
  ? Trim<Acc>
  : S extends `${infer H extends Digit}${infer T}`
    ? ParseDigits<T, [H, ...Acc]>
    : undefined;

/** The digits of a non-negative integer literal, else `undefined`. @example ToDigits<784> // [4, 8, 7] */
type ToDigits<N extends number> = IsLiteral<N> extends true ? ParseDigits<`${N}`> : undefined;

type JoinDigits<D extends Digits, S extends string = ""> = D extends [infer H extends Digit, ...infer T extends Digits] ? JoinDigits<T, `${H}${S}`> : S;

/** The number a digit tuple stands for; `number` when too long. @example FromDigits<[4, 8, 7]> // 784 */
type FromDigits<D extends Digits> = D["length"] extends MaxDigits
  ? D extends []
    ? 0
    : JoinDigits<D> extends `${infer N extends number}`
      ? N
      : number
  : number;

/**
 * `A + B` for non-negative integer literals; `number` otherwise.
 * @example
 * ```ts
 * import type { Add } from "purediff";
 * const n: Add<999, 1> = 1000;
 * ```
 */
export type Add<A extends number, B extends number> = [ToDigits<A>, ToDigits<B>] extends [infer DA extends Digits, infer DB extends Digits]
  ? AddDigits<DA, DB> extends infer S extends Digits
    ? FromDigits<S>
    : number
  : number;

/**
 * `A - B` for non-negative integer literals: `"negative"` when `B > A`, `number` when either
 * is not a literal.
 * @example
 * ```ts
 * import type { Sub } from "purediff";
 * const a: Sub<784, 4> = 780;
 * const b: Sub<3, 5> = "negative";
 * ```
 */
export type Sub<A extends number, B extends number> = [ToDigits<A>, ToDigits<B>] extends [infer DA extends Digits, infer DB extends Digits]
  ? SubDigits<DA, DB> extends infer D extends Digits
    ? FromDigits<D>
    : "negative"
  : number;

/**
 * `A * B` for non-negative integer literals; `number` otherwise or when the product could
 * exceed 15 digits.
 * @example
 * ```ts
 * import type { Mul } from "purediff";
 * const n: Mul<784, 256> = 200704;
 * ```
 */
export type Mul<A extends number, B extends number> = [ToDigits<A>, ToDigits<B>] extends [infer DA extends Digits, infer DB extends Digits]
  ? [...DA, ...DB]["length"] extends MaxDigits
    ? MulDigits<DA, DB> extends infer P extends Digits
      ? FromDigits<P>
      : number
    : number
  : number;

/**
 * `[A div B, A mod B]` for non-negative integer literals with `B > 0`; `undefined` otherwise.
 * @example
 * ```ts
 * import type { DivMod } from "purediff";
 * const qr: DivMod<200704, 784> = [256, 0];
 * ```
 */
export type DivMod<A extends number, B extends number> = [ToDigits<A>, ToDigits<B>] extends [infer DA extends Digits, infer DB extends Digits]
  ? DB extends []
    ? undefined
    : Reverse<DA> extends infer RA extends Digits
      ? DivLoop<RA, DB> extends [infer Q extends Digits, infer R extends Digits]
        ? [FromDigits<Q>, FromDigits<R>]
        : undefined
      : undefined
  : undefined;

/**
 * The number of elements of a shape: a literal when every dimension is (and the product
 * fits 15 digits), else `number`.
 * @example
 * ```ts
 * import type { ShapeSize } from "purediff";
 * const a: ShapeSize<[60000, 784]> = 47040000;
 * const b: ShapeSize<[]> = 1;
 * const c: ShapeSize<[number, 3]> = 12; // number
 * ```
 */
export type ShapeSize<S extends Shape, Acc extends number = 1> =
  IsTuple<S> extends false
    ? number
    : S extends readonly [infer H extends number, ...infer T extends Shape]
      ? Mul<Acc, H> extends infer P extends number
        ? IsLiteral<P> extends true
          ? ShapeSize<T, P>
          : number
        : number
      : Acc;

// ---------------------------------------------------------------------------------------
// ShapeOf
// ---------------------------------------------------------------------------------------

/**
 * The shape of a nested array type: the length of each level, outermost first; `number`
 * for a level of unknown length. Typed arrays are one-dimensional of unknown length.
 * Ragged literals use the first element's shape (the runtime rejects them); a union of
 * arrays and scalars (such as a recursive `NestedArray`) has unknown rank: `number[]`.
 * @example
 * ```ts
 * import type { ShapeOf } from "purediff";
 * const a: ShapeOf<[[1, 2, 3], [4, 5, 6]]> = [2, 3];
 * const b: ShapeOf<number> = [];
 * const c: ShapeOf<number[][]> = [4, 5]; // [number, number]
 * const d: ShapeOf<Float32Array> = [9]; // [number]
 * ```
 */
export type ShapeOf<T> = ShapeOfLoop<T, []>;

/** ShapeOf with an accumulator; gives up (`number[]`) past 32 levels. */
type ShapeOfLoop<T, Acc extends number[]> = Acc["length"] extends 32
  ? number[]
  : [T] extends [readonly unknown[]]
    ? number extends T["length"]
      ? ShapeOfLoop<T[number], [...Acc, number]>
      : ShapeOfLoop<T[0], [...Acc, T["length"]]>
    : [T] extends [ArrayBufferView]
      ? [...Acc, number]
      : [Extract<T, readonly unknown[] | ArrayBufferView>] extends [never]
        ? Acc
        : number[];

// ---------------------------------------------------------------------------------------
// Broadcast and MatMul
// ---------------------------------------------------------------------------------------

/**
 * NumPy broadcasting: align on the right; a 1 stretches to the other dimension; `number`
 * meets a literal as that literal (the runtime checks); literals that differ give a
 * {@link ShapeError} naming `Op`. Unknown rank gives `number[]`.
 * @example
 * ```ts
 * import type { Broadcast, IsShapeError } from "purediff";
 * const a: Broadcast<[2, 1], [3]> = [2, 3];
 * const b: Broadcast<[number, 3], [3]> = [5, 3]; // [number, 3]
 * const c: IsShapeError<Broadcast<[2, 3], [4]>> = true; // ShapeError<"broadcast: shapes do not broadcast", [2, 3], [4]>
 * ```
 */
export type Broadcast<A extends Shape, B extends Shape, Op extends string = "broadcast"> = AsShape<BroadcastOf<A, B, Op>>;

/** The result of {@link Broadcast} before {@link AsShape}. */
type BroadcastOf<A extends Shape, B extends Shape, Op extends string = "broadcast"> =
  IsTuple<A> extends true ? (IsTuple<B> extends true ? BroadcastLoop<A, B, [], A, B, Op> : number[]) : number[];

/** Broadcasts from the last axis backwards, collecting into `Acc`. */
type BroadcastLoop<A extends Shape, B extends Shape, Acc extends number[], A0 extends Shape, B0 extends Shape, Op extends string> = A extends readonly [
  ...infer AR extends Shape,
  infer DA extends number,
]
  ? B extends readonly [...infer BR extends Shape, infer DB extends number]
    ? BroadcastDim<DA, DB> extends infer D extends number
      ? BroadcastLoop<AR, BR, [D, ...Acc], A0, B0, Op>
      : ShapeError<`${Op}: shapes do not broadcast`, A0, B0>
    : [...A, ...Acc]
  : [...B, ...Acc];

/**
 * NumPy `matmul`: `[m, k] x [k, n] -> [m, n]`; a 1-D left operand is a row
 * (`[k] x [k, n] -> [n]`), a 1-D right operand a column (`[m, k] x [k] -> [m]`),
 * `[k] x [k] -> []`; leading batch dimensions broadcast. Differing literal inner
 * dimensions give a {@link ShapeError}.
 * @example
 * ```ts
 * import type { IsShapeError, MatMul } from "purediff";
 * const a: MatMul<[2, 3], [3, 4]> = [2, 4];
 * const b: MatMul<[8, 2, 3], [3, 4]> = [8, 2, 4];
 * // ShapeError<"matmul: inner dimensions differ", [2, 3], [4, 5]>
 * const c: IsShapeError<MatMul<[2, 3], [4, 5]>> = true;
 * ```
 */
export type MatMul<A extends Shape, B extends Shape> = AsShape<MatMulOf<A, B>>;

/** The result of {@link MatMul} before {@link AsShape}. */
type MatMulOf<A extends Shape, B extends Shape> =
  IsTuple<A> extends false
    ? number[]
    : IsTuple<B> extends false
      ? number[]
      : [A, B] extends [readonly [], Shape] | [Shape, readonly []]
        ? ShapeError<"matmul: operands must have at least one dimension", A, B>
        : MatMulSplit<A> extends [infer AB extends number[], infer M extends number[], infer K extends number]
          ? MatMulSplitB<B> extends [infer BB extends number[], infer K2 extends number, infer N extends number[]]
            ? UnifyDim<K, K2> extends Mismatch
              ? ShapeError<"matmul: inner dimensions differ", A, B>
              : Broadcast<AB, BB> extends infer Batch extends Shape
                ? IsShapeError<Batch> extends true
                  ? ShapeError<"matmul: batch dimensions do not broadcast", A, B>
                  : [...Batch, ...M, ...N]
                : never
            : never
          : never;

/** `[batch, [m] or [], k]` of a left matmul operand. */
type MatMulSplit<A extends Shape> = A extends readonly [infer K extends number]
  ? [[], [], K]
  : A extends readonly [...infer AB extends number[], infer M extends number, infer K extends number]
    ? [AB, [M], K]
    : never;

/** `[batch, k, [n] or []]` of a right matmul operand. */
type MatMulSplitB<B extends Shape> = B extends readonly [infer K extends number]
  ? [[], K, []]
  : B extends readonly [...infer BB extends number[], infer K extends number, infer N extends number]
    ? [BB, K, [N]]
    : never;

// ---------------------------------------------------------------------------------------
// Axis permutations and reductions
// ---------------------------------------------------------------------------------------

/**
 * Permuted axes: reversed by default, else `result[i] = S[Perm[i]]` (negative entries
 * count from the end). A permutation of the wrong length, out of range or repeating an
 * axis gives a {@link ShapeError}.
 * @example
 * ```ts
 * import type { Transpose } from "purediff";
 * const a: Transpose<[2, 3, 4]> = [4, 3, 2];
 * const b: Transpose<[2, 3, 4], [0, 2, 1]> = [2, 4, 3];
 * ```
 */
export type Transpose<S extends Shape, Perm extends readonly number[] | undefined = undefined> = AsShape<TransposeOf<S, Perm>>;

/** The result of {@link Transpose} before {@link AsShape}. */
type TransposeOf<S extends Shape, Perm extends readonly number[] | undefined = undefined> =
  IsTuple<S> extends false
    ? number[]
    : Perm extends readonly number[]
      ? IsTuple<Perm> extends false
        ? number[]
        : Perm["length"] extends S["length"]
          ? TransposeLoop<S, Perm, [], never, Perm>
          : ShapeError<"transpose: the permutation must name every axis once", S, Perm>
      : Reverse<S>;

/** `S` permuted by `Perm`, checking range and repeats. */
type TransposeLoop<S extends Shape, Perm extends readonly number[], Acc extends number[], Seen extends number, P0> = Perm extends readonly [
  infer P extends number,
  ...infer Rest extends readonly number[],
]
  ? NormAxis<P, S["length"]> extends infer I extends number
    ? IsLiteral<I> extends false
      ? TransposeLoop<S, Rest, [...Acc, number], Seen, P0>
      : [I] extends [Seen]
        ? ShapeError<"transpose: the permutation must name every axis once", S, P0>
        : TransposeLoop<S, Rest, [...Acc, S[I]], Seen | I, P0>
    : ShapeError<"transpose: axis out of range", S, P0>
  : Acc;

/**
 * A reduction's result shape (`sum`, `mean`, `max`, ...): the named axes (negative count
 * from the end; `undefined` means all) are removed, or kept as 1 when `KeepDims` is true.
 * A non-literal axis or `KeepDims` gives `number[]`; an axis out of range a {@link ShapeError}.
 * @example
 * ```ts
 * import type { Reduce } from "purediff";
 * const a: Reduce<[2, 3, 4], 1, false> = [2, 4];
 * const b: Reduce<[2, 3, 4], [0, -1], true> = [1, 3, 1];
 * const c: Reduce<[2, 3], undefined, false> = [];
 * // a full reduction is a scalar whatever the rank
 * const d: Reduce<number[], undefined, false> = [];
 * ```
 */
export type Reduce<S extends Shape, Axes extends number | readonly number[] | undefined, KeepDims extends boolean = false> =
  IsTuple<S> extends false
    ? [Axes] extends [undefined]
      ? KeepDims extends false
        ? []
        : number[]
      : number[]
    : boolean extends KeepDims
      ? number[]
      : [Axes] extends [undefined]
        ? KeepDims extends true
          ? { [K in keyof S]: 1 } extends infer R extends readonly number[]
            ? [...R]
            : never
          : []
        : AxesTuple<Axes> extends infer AT extends readonly number[]
          ? NormAxes<AT, S["length"]> extends infer N
            ? [N] extends [number]
              ? ReduceLoop<S, N, KeepDims, []>
              : [N] extends ["unknown"]
                ? number[]
                : ShapeError<"reduce: axis out of range", S, Axes>
            : never
          : never;

/** `Axes` as a tuple. @example AxesTuple<1> // [1] */
type AxesTuple<Axes> = Axes extends readonly number[] ? Axes : Axes extends number ? [Axes] : [];

/** The union of normalised axes; `"unknown"` if any is not a literal; OutOfRange if any is. */
type NormAxes<Axes extends readonly number[], Rank extends number, Acc extends number = never> =
  IsTuple<Axes> extends false
    ? "unknown"
    : Axes extends readonly [infer A extends number, ...infer Rest extends readonly number[]]
      ? NormAxis<A, Rank> extends infer I
        ? I extends OutOfRange
          ? OutOfRange
          : IsLiteral<I> extends false
            ? "unknown"
            : NormAxes<Rest, Rank, Acc | (I & number)>
        : never
      : Acc;

/** Drops (or sets to 1) the dimensions whose index is in `Axes`. @example ReduceLoop<[2, 3, 4], 0 | 2, false, []> // [3] */
type ReduceLoop<S extends Shape, Axes extends number, KeepDims extends boolean, Acc extends number[], I extends 0[] = []> = S extends readonly [
  infer D extends number,
  ...infer Rest extends Shape,
]
  ? ReduceLoop<Rest, Axes, KeepDims, [...Acc, ...(I["length"] extends Axes ? (KeepDims extends true ? [1] : []) : [D])], [...I, 0]>
  : Acc;

// ---------------------------------------------------------------------------------------
// Reshape, Concat, Stack and friends
// ---------------------------------------------------------------------------------------

/** How many dimensions of `T` are `-1`. @example CountNeg1<[-1, 3]> // 1 */
type CountNeg1<T extends Shape, Acc extends 0[] = []> = T extends readonly [infer H, ...infer R extends Shape]
  ? CountNeg1<R, [H] extends [-1] ? [...Acc, 0] : Acc>
  : Acc["length"];

/** `T` with `-1` replaced by `By`, as a mutable tuple. @example ReplaceNeg1<[-1, 3], 2> // [2, 3] */
type ReplaceNeg1<T extends Shape, By extends number> = { [K in keyof T]: [T[K]] extends [-1] ? By : T[K] } extends infer R extends readonly number[]
  ? [...R]
  : never;

/** `T` without its `-1` entries. @example WithoutNeg1<[-1, 3]> // [3] */
type WithoutNeg1<T extends Shape, Acc extends number[] = []> = T extends readonly [infer H extends number, ...infer R extends Shape]
  ? WithoutNeg1<R, [H] extends [-1] ? Acc : [...Acc, H]>
  : Acc;

/**
 * The result of reshaping `S` to `T`: `T`, with a single `-1` resolved when every
 * dimension is a literal. When both are all-literal and the element counts differ (or the
 * `-1` cannot divide evenly), a {@link ShapeError}. Anything unknown (a `number`
 * dimension, unknown rank, a product over 15 digits) leaves `T` unchecked, with `-1` as
 * `number`.
 * @example
 * ```ts
 * import type { IsShapeError, Reshape } from "purediff";
 * const a: Reshape<[2, 3, 4], [6, -1]> = [6, 4];
 * const b: Reshape<[60000, 784], [-1, 28, 28]> = [60000, 28, 28];
 * // ShapeError<"reshape: element counts differ (6 vs 8)", [2, 3], [4, 2]>
 * const c: IsShapeError<Reshape<[2, 3], [4, 2]>> = true;
 * ```
 */
export type Reshape<S extends Shape, T extends Shape> =
  IsTuple<T> extends false
    ? number[]
    : CountNeg1<T> extends 0 | 1
      ? IsTuple<S> extends false
        ? ReplaceNeg1<T, number>
        : [ShapeSize<S>, ShapeSize<WithoutNeg1<T>>] extends [infer PS extends number, infer PT extends number]
          ? IsLiteral<PS> extends false
            ? ReplaceNeg1<T, number>
            : IsLiteral<PT> extends false
              ? ReplaceNeg1<T, number>
              : CountNeg1<T> extends 1
                ? DivMod<PS, PT> extends [infer Q extends number, infer R extends number]
                  ? R extends 0
                    ? ReplaceNeg1<T, Q>
                    : ShapeError<`reshape: ${PS} elements cannot fill a shape whose other dimensions hold ${PT}`, S, T>
                  : ReplaceNeg1<T, number>
                : [PS] extends [PT]
                  ? [...T]
                  : ShapeError<`reshape: element counts differ (${PS} vs ${PT})`, S, T>
          : never
      : ShapeError<"reshape: at most one dimension may be -1", S, T>;

/**
 * Concatenation along `Axis`: that dimension is summed (`number` if any is `number`),
 * the others must agree; ranks must match. Otherwise a {@link ShapeError}.
 * @example
 * ```ts
 * import type { Concat, IsShapeError } from "purediff";
 * const a: Concat<[[2, 3], [4, 3]], 0> = [6, 3];
 * const b: Concat<[[2, 3], [2, number]], -1> = [2, 7]; // [2, number]
 * // ShapeError<"concat: shapes differ off the concatenation axis", [2, 3], [3, 3]>
 * const c: IsShapeError<Concat<[[2, 3], [3, 3]], 1>> = true;
 * ```
 */
export type Concat<Ss extends readonly Shape[], Axis extends number> =
  IsTuple<Ss> extends false
    ? number[]
    : Ss extends readonly [infer F extends Shape, ...infer Rest extends readonly Shape[]]
      ? IsTuple<F> extends false
        ? number[]
        : NormAxis<Axis, F["length"]> extends infer Ax extends number
          ? IsLiteral<Ax> extends false
            ? number[]
            : ConcatLoop<[...F], Rest, Ax, F>
          : ShapeError<"concat: axis out of range", F, Axis>
      : ShapeError<"concat: needs at least one tensor", Ss>;

/** Folds the shapes after the first into the running concatenation `Acc`. */
type ConcatLoop<Acc extends number[], Rest extends readonly Shape[], Ax extends number, F extends Shape> = Rest extends readonly [
  infer S extends Shape,
  ...infer R extends readonly Shape[],
]
  ? IsTuple<S> extends false
    ? number[]
    : S["length"] extends Acc["length"]
      ? ConcatPair<Acc, S, Ax> extends infer N extends number[]
        ? ConcatLoop<N, R, Ax, F>
        : ShapeError<"concat: shapes differ off the concatenation axis", F, S>
      : ShapeError<"concat: ranks differ", F, S>
  : Acc;

/** Two equal-rank shapes joined along `Ax` (summed there, unified elsewhere), or Mismatch. @example ConcatPair<[2, 3], [2, 4], 1> // [2, 7] */
type ConcatPair<A extends Shape, B extends Shape, Ax extends number, Acc extends number[] = []> = A extends readonly [
  infer DA extends number,
  ...infer AR extends Shape,
]
  ? B extends readonly [infer DB extends number, ...infer BR extends Shape]
    ? Acc["length"] extends Ax
      ? ConcatPair<AR, BR, Ax, [...Acc, Add<DA, DB>]>
      : UnifyDim<DA, DB> extends infer D extends number
        ? ConcatPair<AR, BR, Ax, [...Acc, D]>
        : Mismatch
    : Mismatch
  : Acc;

/**
 * Stacking along a new axis `Axis` (in `[-(rank+1), rank]`): the shapes must agree; the new
 * axis has one entry per shape.
 * @example
 * ```ts
 * import type { Stack } from "purediff";
 * const a: Stack<[[2, 3], [2, 3], [2, 3]], 0> = [3, 2, 3];
 * const b: Stack<[[2, 3], [2, 3]], -1> = [2, 3, 2];
 * ```
 */
export type Stack<Ss extends readonly Shape[], Axis extends number = 0> = Ss extends readonly [infer F extends Shape, ...infer Rest extends readonly Shape[]]
  ? IsTuple<F> extends false
    ? number[]
    : StackUnify<[...F], Rest, F> extends infer U extends Shape
      ? IsShapeError<U> extends true
        ? U
        : IsTuple<U> extends false
          ? number[]
          : InsertAt<U, Axis, Ss["length"], "stack">
      : never
  : IsTuple<Ss> extends true
    ? ShapeError<"stack: needs at least one tensor", Ss>
    : Ss[number] extends infer F extends Shape
      ? IsTuple<F> extends false
        ? number[]
        : InsertAt<F, Axis, number, "stack">
      : number[];

/** The common shape of all the shapes (`number` yields to literals), or a ShapeError. */
type StackUnify<Acc extends number[], Rest extends readonly Shape[], F extends Shape> = Rest extends readonly [
  infer S extends Shape,
  ...infer R extends readonly Shape[],
]
  ? IsTuple<S> extends false
    ? number[]
    : S["length"] extends Acc["length"]
      ? ConcatPair<Acc, S, -1> extends infer N extends number[]
        ? StackUnify<N, R, F>
        : ShapeError<"stack: shapes differ", F, S>
      : ShapeError<"stack: shapes differ", F, S>
  : Acc;

/** `S` with dimension `D` inserted so it lands at `Axis` of the result. */
type InsertAt<S extends Shape, Axis extends number, D extends number, Op extends string> =
  NormAxis<Axis, [...S, 0]["length"]> extends infer Ax extends number
    ? IsLiteral<Ax> extends false
      ? number[]
      : SplitAt<S, Ax> extends [infer Pre extends number[], infer Post extends number[]]
        ? [...Pre, D, ...Post]
        : never
    : ShapeError<`${Op}: axis out of range`, S, Axis>;

/**
 * A new axis of size 1 at `Axis` (in `[-(rank+1), rank]`).
 * @example
 * ```ts
 * import type { ExpandDims } from "purediff";
 * const a: ExpandDims<[2, 3], 0> = [1, 2, 3];
 * const b: ExpandDims<[2, 3], -1> = [2, 3, 1];
 * ```
 */
export type ExpandDims<S extends Shape, Axis extends number> = AsShape<ExpandDimsOf<S, Axis>>;

/** The result of {@link ExpandDims} before {@link AsShape}. */
type ExpandDimsOf<S extends Shape, Axis extends number> = IsTuple<S> extends false ? number[] : InsertAt<S, Axis, 1, "expandDims">;

/**
 * Removes axes of size 1: all of them, or only `Axis` (which must have size 1, or be
 * `number`). Without `Axis`, a `number` dimension might be 1, so the result is `number[]`.
 * @example
 * ```ts
 * import type { IsShapeError, Squeeze } from "purediff";
 * const a: Squeeze<[1, 3, 1]> = [3];
 * const b: Squeeze<[1, 3, 1], 0> = [3, 1];
 * // ShapeError<"squeeze: the axis does not have size 1", [2, 3], 0>
 * const c: IsShapeError<Squeeze<[2, 3], 0>> = true;
 * ```
 */
export type Squeeze<S extends Shape, Axis extends number | undefined = undefined> = AsShape<SqueezeOf<S, Axis>>;

/** The result of {@link Squeeze} before {@link AsShape}. */
type SqueezeOf<S extends Shape, Axis extends number | undefined = undefined> =
  IsTuple<S> extends false
    ? number[]
    : [Axis] extends [number]
      ? NormAxis<Axis, S["length"]> extends infer Ax extends number
        ? IsLiteral<Ax> extends false
          ? number[]
          : SplitAt<S, Ax> extends [infer Pre extends number[], [infer D extends number, ...infer Post extends number[]]]
            ? [D] extends [1]
              ? [...Pre, ...Post]
              : IsLiteral<D> extends false
                ? [...Pre, ...Post]
                : ShapeError<"squeeze: the axis does not have size 1", S, Axis>
            : never
        : ShapeError<"squeeze: axis out of range", S, Axis>
      : AllLiteral<S> extends true
        ? SqueezeAll<S, []>
        : number[];

/** `S` without its literal-1 dimensions. @example SqueezeAll<[1, 3, 1], []> // [3] */
type SqueezeAll<S extends Shape, Acc extends number[]> = S extends readonly [infer D extends number, ...infer R extends Shape]
  ? SqueezeAll<R, [D] extends [1] ? Acc : [...Acc, D]>
  : Acc;

/**
 * Gathering along `Axis` with an index tensor of shape `I`: `S[:axis] + I + S[axis+1:]`.
 * @example
 * ```ts
 * import type { Take } from "purediff";
 * const a: Take<[10, 5], [3], 0> = [3, 5];
 * const b: Take<[10, 5], [2, 4], 1> = [10, 2, 4];
 * ```
 */
export type Take<S extends Shape, I extends Shape, Axis extends number = 0> =
  IsTuple<S> extends false
    ? number[]
    : IsTuple<I> extends false
      ? number[]
      : NormAxis<Axis, S["length"]> extends infer Ax extends number
        ? IsLiteral<Ax> extends false
          ? number[]
          : SplitAt<S, Ax> extends [infer Pre extends number[], [number, ...infer Post extends number[]]]
            ? [...Pre, ...I, ...Post]
            : never
        : ShapeError<"take: axis out of range", S, Axis>;

/**
 * One-hot encoding of integer labels of shape `S` into `N` classes: `[...S, N]`.
 * @example
 * ```ts
 * import type { OneHot } from "purediff";
 * const shape: OneHot<[32], 10> = [32, 10];
 * ```
 */
export type OneHot<S extends Shape, N extends number> = IsTuple<S> extends false ? number[] : [...S, N];
