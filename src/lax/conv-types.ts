/**
 * Type-level shapes of convolutions: the compile-time mirror of `convOutputShape`. Where
 * the operands' shapes and the options are literals, the rank and channel dimensions are
 * checked (a mismatch is a {@link ShapeError} naming it) and the output's spatial sizes are
 * computed; anything not known at compile time gives `number` (or `number[]` for an
 * unknown rank), leaving the check to the runtime.
 * @module
 */
import type { Add, DivMod, Mul, Shape, ShapeError, Sub } from "../tensor/shape-types";

/** Padding as the convolution ops take it. */
type Padding = "SAME" | "VALID" | readonly (readonly [number, number])[];

/** The options the type-level shape reads. */
interface ShapeOptions {
  readonly lhsDilation?: readonly number[];
  readonly rhsDilation?: readonly number[];
  readonly dimensionNumbers?: readonly [string, string, string];
  readonly featureGroupCount?: number;
  readonly batchGroupCount?: number;
}

/** The letters of a string. @example Chars<"NHWC"> // ["N", "H", "W", "C"] */
type Chars<S extends string, Acc extends string[] = []> = S extends `${infer H}${infer T}` ? Chars<T, [...Acc, H]> : Acc;

/** The position of `C` in `T`, or −1. */
type IndexOf<T extends readonly string[], C extends string, I extends 0[] = []> = T extends readonly [infer H, ...infer R extends string[]]
  ? [H] extends [C]
    ? I["length"]
    : IndexOf<R, C, [...I, 0]>
  : -1;

/** The letters of `T` other than `A` and `B`, in order. */
type Without<T extends readonly string[], A extends string, B extends string> = T extends readonly [infer H extends string, ...infer R extends string[]]
  ? H extends A | B
    ? Without<R, A, B>
    : [H, ...Without<R, A, B>]
  : [];

/** JAX's default layouts by rank: `NCH`/`OIH`, `NCHW`/`OIHW`, `NCDHW`/`OIDHW`. */
type DefaultLayouts = { 3: ["NCH", "OIH", "NCH"]; 4: ["NCHW", "OIHW", "NCHW"]; 5: ["NCDHW", "OIDHW", "NCDHW"] };

/** The transposed convolution's default layouts by rank: channels last. */
type TransposeLayouts = { 3: ["NHC", "HIO", "NHC"]; 4: ["NHWC", "HWIO", "NHWC"]; 5: ["NHWDC", "HWDIO", "NHWDC"] };

/** A literal string, else `undefined`. */
type Literal<S> = S extends string ? (string extends S ? undefined : S) : undefined;

/** An option's number: `Default` when absent, `number` when not known. */
type Option<V, Default extends number> = unknown extends V ? Default : [V] extends [undefined] ? Default : [V] extends [number] ? V : number;

/** Entry `J` of an optional per-axis option: 1 when absent, `number` when not known. */
type PerAxis<V, J extends number> = unknown extends V
  ? 1
  : [V] extends [undefined]
    ? 1
    : [V] extends [readonly number[]]
      ? V[J] extends number
        ? V[J]
        : number
      : number;

/** `(d − 1)·r + 1`: a dimension with `r − 1` zeros between neighbours. */
type Dilate<D extends number, R extends number> = [R] extends [1] ? D : Sub<D, 1> extends infer M extends number ? Add<Mul<M, R>, 1> : number;

/** `⌈a / b⌉`. */
type CeilDiv<A extends number, B extends number> =
  DivMod<A, B> extends [infer Q extends number, infer R extends number] ? ([R] extends [0] ? Q : Add<Q, 1>) : number;

/** The marker of a window larger than the padded input. */
type TooSmall = "window larger than the padded input";

/** The size of the padded input along one axis. */
type Padded<In extends number, P extends Padding, J extends number> = P extends "VALID" | "SAME"
  ? In
  : P extends readonly (readonly [number, number])[]
    ? P[J] extends readonly [infer Lo extends number, infer Hi extends number]
      ? `${Lo}${Hi}` extends `${string}-${string}`
        ? number
        : Add<Add<In, Lo>, Hi>
      : number
    : number;

/** One spatial output size: `⌊(padded − window) / stride⌋ + 1` ("SAME": `⌈input / stride⌉`). */
type SpatialOut<
  In extends number,
  K extends number,
  S extends number,
  P extends Padding,
  J extends number,
  LD extends number,
  RD extends number,
> = P extends "SAME"
  ? CeilDiv<In, S>
  : Sub<Padded<Dilate<In, LD>, P, J>, Dilate<K, RD>> extends infer Room
    ? Room extends "negative"
      ? TooSmall
      : Room extends number
        ? DivMod<Room, S> extends [infer Q extends number, number]
          ? Add<Q, 1>
          : number
        : number
    : number;

/** The layouts as letter tuples: from literal option strings, the defaults of the rank when absent, `undefined` when not known. */
type Layouts<O extends ShapeOptions, Rank extends number, Defaults> = unknown extends O["dimensionNumbers"]
  ? DefaultsOf<Rank, Defaults>
  : [O["dimensionNumbers"]] extends [undefined]
    ? DefaultsOf<Rank, Defaults>
    : O["dimensionNumbers"] extends readonly [infer A, infer B, infer C]
      ? [Literal<A>, Literal<B>, Literal<C>] extends [infer L extends string, infer R extends string, infer Out extends string]
        ? [Chars<L>, Chars<R>, Chars<Out>]
        : undefined
      : undefined;

/** The default layouts of a rank as letter tuples. */
type DefaultsOf<Rank extends number, Defaults> = Rank extends keyof Defaults
  ? Defaults[Rank] extends [infer L extends string, infer R extends string, infer Out extends string]
    ? [Chars<L>, Chars<R>, Chars<Out>]
    : undefined
  : undefined;

/** Two dimensions agree (or one is not known). */
type Agree<A extends number, B extends number> = number extends A ? true : number extends B ? true : [A] extends [B] ? true : false;

/** The dimension of `S` at the position of letter `C` in `T`. */
type At<S extends Shape, T extends readonly string[], C extends string> =
  IndexOf<T, C> extends infer I extends number ? (S[I] extends number ? S[I] : number) : number;

/** The output dimensions, one per letter of the output layout. */
type OutDims<
  L extends Shape,
  R extends Shape,
  Ls extends readonly string[],
  Rs extends readonly string[],
  Os extends readonly string[],
  S extends readonly number[],
  P extends Padding,
  O extends ShapeOptions,
  Spatial extends readonly string[],
> = {
  [K in keyof Os]: Os[K] extends "N"
    ? Option<O["batchGroupCount"], 1> extends 1
      ? At<L, Ls, "N">
      : DivMod<At<L, Ls, "N">, Option<O["batchGroupCount"], 1>> extends [infer Q extends number, number]
        ? Q
        : number
    : Os[K] extends "C"
      ? At<R, Rs, "O">
      : IndexOf<Spatial, Os[K] & string> extends infer J extends number
        ? SpatialOut<
            At<L, Ls, Os[K] & string>,
            At<R, Rs, Os[K] & string>,
            S[J] extends number ? S[J] : number,
            P,
            J,
            PerAxis<O["lhsDilation"], J>,
            PerAxis<O["rhsDilation"], J>
          >
        : number;
};

/** The lhs features one group of the kernel reads: `C / featureGroupCount`. */
type GroupFeatures<C extends number, G extends number> = [G] extends [1] ? C : DivMod<C, G> extends [infer Q extends number, 0] ? Q : number;

/** Checks and output of a convolution with layouts `Ls`, `Rs`, `Os`. */
type ConvFromLayouts<
  L extends Shape,
  R extends Shape,
  Ls extends readonly string[],
  Rs extends readonly string[],
  Os extends readonly string[],
  S extends readonly number[],
  P extends Padding,
  O extends ShapeOptions,
> = [Ls["length"], Rs["length"], Os["length"]] extends [L["length"], L["length"], L["length"]]
  ? -1 extends IndexOf<Ls, "N"> | IndexOf<Ls, "C"> | IndexOf<Rs, "O"> | IndexOf<Rs, "I"> | IndexOf<Os, "N"> | IndexOf<Os, "C">
    ? ShapeError<"convolution: dimensionNumbers must name N and C (lhs, out) and O and I (rhs)", L, R>
    : Agree<GroupFeatures<At<L, Ls, "C">, Option<O["featureGroupCount"], 1>>, At<R, Rs, "I">> extends false
      ? ShapeError<"convolution: channel mismatch: the kernel's input features (I) differ from the input's features (C) / featureGroupCount", L, R>
      : OutDims<L, R, Ls, Rs, Os, S, P, O, Without<Rs, "O", "I">> extends infer Out extends readonly unknown[]
        ? TooSmall extends Out[number]
          ? ShapeError<"convolution: window larger than the padded input", L, R>
          : { -readonly [K in keyof Out]: Out[K] & number }
        : number[]
  : ShapeError<"convolution: dimensionNumbers need one letter per axis", L, R>;

/**
 * The output shape of `lax.convGeneralDilated(lhs, rhs, strides, padding, options)`, or a
 * {@link ShapeError}: ranks that differ or are not 3, 4 or 5, channels that do not match,
 * a window larger than the padded input.
 * @example
 * ```ts
 * import type { lax } from "purediff";
 * const shape: lax.ConvShape<[8, 1, 28, 28], [6, 1, 5, 5], [1, 1], "SAME", {}> = [8, 6, 28, 28];
 * ```
 */
export type ConvShape<
  L extends Shape,
  R extends Shape,
  S extends readonly number[],
  P extends Padding,
  O extends ShapeOptions,
  Defaults = DefaultLayouts,
> = number extends L["length"]
  ? number[]
  : number extends R["length"]
    ? number[]
    : [L["length"]] extends [R["length"]]
      ? L["length"] extends 3 | 4 | 5
        ? Layouts<O, L["length"], Defaults> extends [infer Ls extends string[], infer Rs extends string[], infer Os extends string[]]
          ? ConvFromLayouts<L, R, Ls, Rs, Os, S, P, O>
          : number[]
        : ShapeError<"convolution: lhs and rhs need rank 3, 4 or 5 (1-D, 2-D or 3-D)", L, R>
      : ShapeError<"convolution: lhs and rhs ranks differ", L, R>;

/** One spatial size of a transposed convolution: `input · stride` ("SAME"), `input · stride + max(window − stride, 0)` ("VALID"). */
type TransposedSpatial<In extends number, K extends number, S extends number, P extends Padding> = P extends "SAME"
  ? Mul<In, S>
  : P extends "VALID"
    ? Sub<K, S> extends infer Extra
      ? Extra extends number
        ? Add<Mul<In, S>, Extra>
        : Extra extends "negative"
          ? Mul<In, S>
          : number
      : number
    : number;

/** The output dimensions of a transposed convolution. */
type TransposedDims<
  L extends Shape,
  R extends Shape,
  Ls extends readonly string[],
  Rs extends readonly string[],
  Os extends readonly string[],
  S extends readonly number[],
  P extends Padding,
  O extends ShapeOptions,
  Spatial extends readonly string[],
> = {
  -readonly [K in keyof Os]: Os[K] extends "N"
    ? At<L, Ls, "N">
    : Os[K] extends "C"
      ? At<R, Rs, "O">
      : IndexOf<Spatial, Os[K] & string> extends infer J extends number
        ? TransposedSpatial<At<L, Ls, Os[K] & string>, Dilate<At<R, Rs, Os[K] & string>, PerAxis<O["rhsDilation"], J>>, S[J] extends number ? S[J] : number, P>
        : number;
};

/** The kernel's letters as the convolution reads them: I and O exchanged with `transposeKernel`; `undefined` when that is not known. */
type KernelLetters<Rs extends string[], T> = unknown extends T
  ? Rs
  : [T] extends [true]
    ? { [K in keyof Rs]: Rs[K] extends "O" ? "I" : Rs[K] extends "I" ? "O" : Rs[K] }
    : [T] extends [false | undefined]
      ? Rs
      : undefined;

/** The options the transposed convolution's shape reads. */
interface TransposeShapeOptions {
  readonly rhsDilation?: readonly number[];
  readonly dimensionNumbers?: readonly [string, string, string];
  readonly transposeKernel?: boolean;
}

/**
 * The output shape of `lax.convTranspose(lhs, rhs, strides, padding, options)` (channels
 * last by default), or a {@link ShapeError} for ranks or channels that do not match (the
 * kernel's I, or its O with `transposeKernel`, must equal the input's C).
 * @example
 * ```ts
 * import type { lax } from "purediff";
 * const shape: lax.ConvTransposeShape<[1, 4, 4, 8], [3, 3, 8, 2], [2, 2], "SAME", {}> = [1, 8, 8, 2];
 * ```
 */
export type ConvTransposeShape<
  L extends Shape,
  R extends Shape,
  S extends readonly number[],
  P extends Padding,
  O extends TransposeShapeOptions,
> = number extends L["length"]
  ? number[]
  : number extends R["length"]
    ? number[]
    : [L["length"]] extends [R["length"]]
      ? L["length"] extends 3 | 4 | 5
        ? Layouts<O, L["length"], TransposeLayouts> extends [infer Ls extends string[], infer Rs0 extends string[], infer Os extends string[]]
          ? KernelLetters<Rs0, O["transposeKernel"]> extends infer Rs extends string[]
            ? Agree<At<L, Ls, "C">, At<R, Rs, "I">> extends false
              ? ShapeError<"convTranspose: channel mismatch: the kernel's input features differ from the input's features (C)", L, R>
              : TransposedDims<L, R, Ls, Rs, Os, S, P, O, Without<Rs, "O", "I">>
            : number[]
          : number[]
        : ShapeError<"convolution: lhs and rhs need rank 3, 4 or 5 (1-D, 2-D or 3-D)", L, R>
      : ShapeError<"convolution: lhs and rhs ranks differ", L, R>;
