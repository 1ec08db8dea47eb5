import { expectTypeOf, test } from "vitest";
import type {
  Broadcast,
  CheckBroadcast,
  CheckConcat,
  CheckMatMul,
  CheckReshape,
  CheckShape,
  Concat,
  Dim,
  ExpandDims,
  IsLiteral,
  IsShapeError,
  MatMul,
  OneHot,
  Reduce,
  Reshape,
  Shape,
  ShapeError,
  ShapeOf,
  ShapeSize,
  Squeeze,
  Stack,
  Take,
  Transpose,
} from "../../src/tensor/shape-types";

// A stand-in tensor and op signatures in the pattern the ops use: the Check* type is
// intersected with a parameter so a bad call fails at the call site, naming the op.
declare class T<S extends Shape> {
  readonly shape: S;
  private readonly nominal: true;
}
declare function matmul<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & CheckMatMul<A, B>): T<MatMul<A, B>>;
declare function add<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & CheckBroadcast<A, B, "add">): T<Broadcast<A, B, "add">>;
declare function reshape<S extends Shape, const U extends Shape>(a: T<S>, shape: U & CheckReshape<S, U>): T<Reshape<S, U>>;
declare function concat<const Ss extends readonly Shape[], Ax extends number = 0>(
  ts: { [K in keyof Ss]: T<Ss[K]> } & CheckConcat<Ss, Ax>,
  axis?: Ax,
): T<Concat<Ss, Ax>>;
declare function stack<const Ss extends readonly Shape[], Ax extends number = 0>(
  ts: { [K in keyof Ss]: T<Ss[K]> } & CheckShape<Stack<Ss, Ax>>,
  axis?: Ax,
): T<Stack<Ss, Ax>>;
declare function transpose<S extends Shape, const P extends readonly number[]>(a: T<S>, perm: P & CheckShape<Transpose<S, P>>): T<Transpose<S, P>>;
declare function sum<S extends Shape, const Ax extends number | readonly number[] | undefined = undefined, K extends boolean = false>(
  a: T<S>,
  axes?: Ax & CheckShape<Reduce<S, Ax, K>>,
  keepDims?: K,
): T<Reduce<S, Ax, K>>;
declare function squeeze<S extends Shape, Ax extends number | undefined = undefined>(a: T<S>, axis?: Ax & CheckShape<Squeeze<S, Ax>>): T<Squeeze<S, Ax>>;
declare function expandDims<S extends Shape, Ax extends number>(a: T<S>, axis: Ax & CheckShape<ExpandDims<S, Ax>>): T<ExpandDims<S, Ax>>;
declare function take<S extends Shape, I extends Shape, Ax extends number = 0>(
  a: T<S>,
  indices: T<I>,
  axis?: Ax & CheckShape<Take<S, I, Ax>>,
): T<Take<S, I, Ax>>;

declare const x23: T<[2, 3]>;
declare const x34: T<[3, 4]>;
declare const x45: T<[4, 5]>;
declare const x4: T<[4]>;
declare const x3: T<[3]>;
declare const xb23: T<[8, 2, 3]>;
declare const xn3: T<[number, 3]>;
declare const xAny: T<number[]>;
declare const x131: T<[1, 3, 1]>;

test("Shape and Dim are plain number arrays and numbers", () => {
  expectTypeOf<Shape>().toEqualTypeOf<readonly number[]>();
  expectTypeOf<Dim>().toEqualTypeOf<number>();
  expectTypeOf<[2, 3]>().toExtend<Shape>();
  expectTypeOf<number[]>().toExtend<Shape>();
});

test("IsLiteral tells literal dimensions from number", () => {
  expectTypeOf<IsLiteral<784>>().toEqualTypeOf<true>();
  expectTypeOf<IsLiteral<0>>().toEqualTypeOf<true>();
  expectTypeOf<IsLiteral<number>>().toEqualTypeOf<false>();
  expectTypeOf<IsLiteral<never>>().toEqualTypeOf<false>();
});

test("ShapeOf reads nested array literal types", () => {
  expectTypeOf<ShapeOf<[[1, 2, 3], [4, 5, 6]]>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<ShapeOf<readonly [readonly [1, 2, 3], readonly [4, 5, 6]]>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<ShapeOf<number>>().toEqualTypeOf<[]>();
  expectTypeOf<ShapeOf<true>>().toEqualTypeOf<[]>();
  expectTypeOf<ShapeOf<readonly []>>().toEqualTypeOf<[0]>();
  expectTypeOf<ShapeOf<number[]>>().toEqualTypeOf<[number]>();
  expectTypeOf<ShapeOf<number[][]>>().toEqualTypeOf<[number, number]>();
  expectTypeOf<ShapeOf<readonly (readonly number[])[]>>().toEqualTypeOf<[number, number]>();
  expectTypeOf<ShapeOf<readonly [readonly number[], readonly number[]]>>().toEqualTypeOf<[2, number]>();
  expectTypeOf<ShapeOf<[[[1], [2]]]>>().toEqualTypeOf<[1, 2, 1]>();
});

test("ShapeOf of typed arrays and recursive nested types", () => {
  expectTypeOf<ShapeOf<Float32Array>>().toEqualTypeOf<[number]>();
  expectTypeOf<ShapeOf<Int32Array>>().toEqualTypeOf<[number]>();
  expectTypeOf<ShapeOf<Uint8Array>>().toEqualTypeOf<[number]>();
  type Nested = number | readonly Nested[];
  expectTypeOf<ShapeOf<Nested>>().toEqualTypeOf<number[]>();
});

test("Broadcast aligns right and stretches 1", () => {
  expectTypeOf<Broadcast<[2, 3], [2, 3]>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Broadcast<[2, 1], [3]>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Broadcast<[3], [4, 1]>>().toEqualTypeOf<[4, 3]>();
  expectTypeOf<Broadcast<[8, 1, 5], [7, 1]>>().toEqualTypeOf<[8, 7, 5]>();
  expectTypeOf<Broadcast<[], [2, 3]>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Broadcast<[], []>>().toEqualTypeOf<[]>();
  expectTypeOf<Broadcast<readonly [2, 1], readonly [1, 3]>>().toEqualTypeOf<[2, 3]>();
});

test("Broadcast with number dimensions and number[] shapes", () => {
  expectTypeOf<Broadcast<[number, 3], [3]>>().toEqualTypeOf<[number, 3]>();
  expectTypeOf<Broadcast<[number], [5]>>().toEqualTypeOf<[5]>();
  expectTypeOf<Broadcast<[number], [number]>>().toEqualTypeOf<[number]>();
  expectTypeOf<Broadcast<[number], [1]>>().toEqualTypeOf<[number]>();
  expectTypeOf<Broadcast<number[], [2, 3]>>().toEqualTypeOf<number[]>();
  expectTypeOf<Broadcast<[2, 3], readonly number[]>>().toEqualTypeOf<number[]>();
});

test("Broadcast mismatch is a ShapeError naming the op and both shapes", () => {
  expectTypeOf<Broadcast<[2, 3], [4]>>().toEqualTypeOf<ShapeError<"broadcast: shapes do not broadcast", [2, 3], [4]>>();
  expectTypeOf<Broadcast<[2, 3], [4], "add">>().toEqualTypeOf<ShapeError<"add: shapes do not broadcast", [2, 3], [4]>>();
  expectTypeOf<IsShapeError<Broadcast<[2, 3], [3, 3]>>>().toEqualTypeOf<true>();
  expectTypeOf<IsShapeError<Broadcast<[2, 3], [3]>>>().toEqualTypeOf<false>();
});

test("CheckBroadcast accepts good calls and rejects bad ones at the call site", () => {
  expectTypeOf<CheckBroadcast<[2, 3], [3]>>().toEqualTypeOf<unknown>();
  expectTypeOf(add(x23, x3)).toEqualTypeOf<T<[2, 3]>>();
  expectTypeOf(add(x23, x23)).toEqualTypeOf<T<[2, 3]>>();
  expectTypeOf(add(xn3, x3)).toEqualTypeOf<T<[number, 3]>>();
  expectTypeOf(add(xAny, x4)).toEqualTypeOf<T<number[]>>();
  // @ts-expect-error add: shapes do not broadcast
  add(x23, x4);
  // @ts-expect-error add: shapes do not broadcast
  add(x34, x23);
});

test("MatMul of matrices and vectors", () => {
  expectTypeOf<MatMul<[2, 3], [3, 4]>>().toEqualTypeOf<[2, 4]>();
  expectTypeOf<MatMul<[3], [3, 4]>>().toEqualTypeOf<[4]>();
  expectTypeOf<MatMul<[2, 3], [3]>>().toEqualTypeOf<[2]>();
  expectTypeOf<MatMul<[3], [3]>>().toEqualTypeOf<[]>();
  expectTypeOf<MatMul<readonly [2, 3], readonly [3, 4]>>().toEqualTypeOf<[2, 4]>();
});

test("MatMul with batch dimensions broadcasts them", () => {
  expectTypeOf<MatMul<[8, 2, 3], [3, 4]>>().toEqualTypeOf<[8, 2, 4]>();
  expectTypeOf<MatMul<[8, 2, 3], [8, 3, 4]>>().toEqualTypeOf<[8, 2, 4]>();
  expectTypeOf<MatMul<[2, 3], [8, 3, 4]>>().toEqualTypeOf<[8, 2, 4]>();
  expectTypeOf<MatMul<[8, 1, 2, 3], [5, 3, 4]>>().toEqualTypeOf<[8, 5, 2, 4]>();
  expectTypeOf<MatMul<[3], [8, 3, 4]>>().toEqualTypeOf<[8, 4]>();
  expectTypeOf<MatMul<[8, 2, 3], [3]>>().toEqualTypeOf<[8, 2]>();
});

test("MatMul with number dimensions and number[] shapes", () => {
  expectTypeOf<MatMul<[number, 784], [784, 256]>>().toEqualTypeOf<[number, 256]>();
  expectTypeOf<MatMul<[2, number], [3, 4]>>().toEqualTypeOf<[2, 4]>();
  expectTypeOf<MatMul<[number, 2, 3], [8, 3, 4]>>().toEqualTypeOf<[8, 2, 4]>();
  expectTypeOf<MatMul<number[], [3, 4]>>().toEqualTypeOf<number[]>();
  expectTypeOf<MatMul<[2, 3], number[]>>().toEqualTypeOf<number[]>();
});

test("MatMul errors", () => {
  expectTypeOf<MatMul<[2, 3], [4, 5]>>().toEqualTypeOf<ShapeError<"matmul: inner dimensions differ", [2, 3], [4, 5]>>();
  expectTypeOf<MatMul<[3], [4]>>().toEqualTypeOf<ShapeError<"matmul: inner dimensions differ", [3], [4]>>();
  expectTypeOf<MatMul<[5, 2, 3], [4, 3, 2]>>().toEqualTypeOf<ShapeError<"matmul: batch dimensions do not broadcast", [5, 2, 3], [4, 3, 2]>>();
  expectTypeOf<MatMul<[], [2]>>().toEqualTypeOf<ShapeError<"matmul: operands must have at least one dimension", [], [2]>>();
});

test("CheckMatMul in an op signature", () => {
  expectTypeOf<CheckMatMul<[2, 3], [3, 4]>>().toEqualTypeOf<unknown>();
  expectTypeOf(matmul(x23, x34)).toEqualTypeOf<T<[2, 4]>>();
  expectTypeOf(matmul(xb23, x34)).toEqualTypeOf<T<[8, 2, 4]>>();
  expectTypeOf(matmul(xAny, x34)).toEqualTypeOf<T<number[]>>();
  expectTypeOf(matmul(x3, x34)).toEqualTypeOf<T<[4]>>();
  // @ts-expect-error matmul: inner dimensions differ
  matmul(x23, x45);
  // @ts-expect-error matmul: inner dimensions differ
  matmul(x34, x23);
});

test("no real tensor satisfies a ShapeError", () => {
  // @ts-expect-error a T<[2, 3]> is not a T<ShapeError<...>>
  const bad: T<ShapeError<"matmul: inner dimensions differ", [2, 3], [4, 5]>> = x23;
  expectTypeOf(bad).not.toEqualTypeOf<T<[2, 3]>>();
  expectTypeOf<ShapeError<"x">>().toExtend<Shape>();
  expectTypeOf<[]>().not.toExtend<ShapeError<string>>();
  expectTypeOf<ShapeError<"a">>().not.toEqualTypeOf<ShapeError<"b">>();
});

test("Transpose reverses by default and permutes with a tuple", () => {
  expectTypeOf<Transpose<[2, 3]>>().toEqualTypeOf<[3, 2]>();
  expectTypeOf<Transpose<[2, 3, 4]>>().toEqualTypeOf<[4, 3, 2]>();
  expectTypeOf<Transpose<[]>>().toEqualTypeOf<[]>();
  expectTypeOf<Transpose<[2, 3, 4], [0, 2, 1]>>().toEqualTypeOf<[2, 4, 3]>();
  expectTypeOf<Transpose<[2, 3, 4], [-1, 0, 1]>>().toEqualTypeOf<[4, 2, 3]>();
  expectTypeOf<Transpose<[number, 3], [1, 0]>>().toEqualTypeOf<[3, number]>();
  expectTypeOf<Transpose<number[]>>().toEqualTypeOf<number[]>();
  expectTypeOf(transpose(x23, [1, 0])).toEqualTypeOf<T<[3, 2]>>();
});

test("Transpose errors", () => {
  expectTypeOf<Transpose<[2, 3, 4], [0, 1]>>().toEqualTypeOf<ShapeError<"transpose: the permutation must name every axis once", [2, 3, 4], [0, 1]>>();
  expectTypeOf<Transpose<[2, 3], [0, 0]>>().toEqualTypeOf<ShapeError<"transpose: the permutation must name every axis once", [2, 3], [0, 0]>>();
  expectTypeOf<Transpose<[2, 3], [0, 2]>>().toEqualTypeOf<ShapeError<"transpose: axis out of range", [2, 3], [0, 2]>>();
  // @ts-expect-error transpose: axis repeated
  transpose(x23, [1, 1]);
  // @ts-expect-error transpose: wrong length
  transpose(x23, [1, 0, 2]);
});

test("Reduce removes or keeps axes", () => {
  expectTypeOf<Reduce<[2, 3, 4], 1, false>>().toEqualTypeOf<[2, 4]>();
  expectTypeOf<Reduce<[2, 3, 4], 1, true>>().toEqualTypeOf<[2, 1, 4]>();
  expectTypeOf<Reduce<[2, 3, 4], -1, false>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Reduce<[2, 3, 4], [0, -1], false>>().toEqualTypeOf<[3]>();
  expectTypeOf<Reduce<[2, 3, 4], [0, -1], true>>().toEqualTypeOf<[1, 3, 1]>();
  expectTypeOf<Reduce<[2, 3, 4], undefined, false>>().toEqualTypeOf<[]>();
  expectTypeOf<Reduce<[2, 3, 4], undefined, true>>().toEqualTypeOf<[1, 1, 1]>();
  expectTypeOf<Reduce<[2, 3], [], false>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Reduce<[number, 3], 0, false>>().toEqualTypeOf<[3]>();
});

test("Reduce with unknowns and out-of-range axes", () => {
  expectTypeOf<Reduce<number[], 0, false>>().toEqualTypeOf<number[]>();
  expectTypeOf<Reduce<[2, 3], number, false>>().toEqualTypeOf<number[]>();
  expectTypeOf<Reduce<[2, 3], 0, boolean>>().toEqualTypeOf<number[]>();
  expectTypeOf<Reduce<[2, 3], 2, false>>().toEqualTypeOf<ShapeError<"reduce: axis out of range", [2, 3], 2>>();
  expectTypeOf<Reduce<[2, 3], -3, true>>().toEqualTypeOf<ShapeError<"reduce: axis out of range", [2, 3], -3>>();
  expectTypeOf(sum(x23)).toEqualTypeOf<T<[]>>();
  expectTypeOf(sum(x23, 1)).toEqualTypeOf<T<[2]>>();
  expectTypeOf(sum(x23, [0], true)).toEqualTypeOf<T<[1, 3]>>();
  // @ts-expect-error reduce: axis out of range
  sum(x23, 2);
});

test("ShapeSize multiplies literal dimensions digit-wise", () => {
  expectTypeOf<ShapeSize<[]>>().toEqualTypeOf<1>();
  expectTypeOf<ShapeSize<[2, 3, 4]>>().toEqualTypeOf<24>();
  expectTypeOf<ShapeSize<[784, 256]>>().toEqualTypeOf<200704>();
  expectTypeOf<ShapeSize<[60000, 784]>>().toEqualTypeOf<47040000>();
  expectTypeOf<ShapeSize<[12345678, 9876543]>>().toEqualTypeOf<121932619631154>();
  expectTypeOf<ShapeSize<[2, 0, 3]>>().toEqualTypeOf<0>();
  expectTypeOf<ShapeSize<[number, 3]>>().toEqualTypeOf<number>();
  expectTypeOf<ShapeSize<number[]>>().toEqualTypeOf<number>();
  // over 15 digits: given up, not wrong
  expectTypeOf<ShapeSize<[123456789, 987654321]>>().toEqualTypeOf<number>();
});

test("Reshape gives the target, resolving -1", () => {
  expectTypeOf<Reshape<[2, 3], [3, 2]>>().toEqualTypeOf<[3, 2]>();
  expectTypeOf<Reshape<[2, 3], readonly [6]>>().toEqualTypeOf<[6]>();
  expectTypeOf<Reshape<[2, 3, 4], [6, -1]>>().toEqualTypeOf<[6, 4]>();
  expectTypeOf<Reshape<[784, 256], [-1]>>().toEqualTypeOf<[200704]>();
  expectTypeOf<Reshape<[60000, 784], [-1, 28, 28]>>().toEqualTypeOf<[60000, 28, 28]>();
  expectTypeOf<Reshape<[], [1, 1]>>().toEqualTypeOf<[1, 1]>();
  expectTypeOf<Reshape<[6], []>>().toEqualTypeOf<ShapeError<"reshape: element counts differ (6 vs 1)", [6], []>>();
});

test("Reshape with unknowns is unchecked", () => {
  expectTypeOf<Reshape<[number, 784], [-1, 28, 28]>>().toEqualTypeOf<[number, 28, 28]>();
  expectTypeOf<Reshape<number[], [-1, 3]>>().toEqualTypeOf<[number, 3]>();
  expectTypeOf<Reshape<[2, 3], [number, 5]>>().toEqualTypeOf<[number, 5]>();
  expectTypeOf<Reshape<[2, 3], number[]>>().toEqualTypeOf<number[]>();
  expectTypeOf<Reshape<[123456789, 987654321], [-1, 1]>>().toEqualTypeOf<[number, 1]>();
  expectTypeOf<Reshape<[0, 3], [-1, 0]>>().toEqualTypeOf<[number, 0]>();
});

test("Reshape errors and CheckReshape", () => {
  expectTypeOf<Reshape<[2, 3], [4, 2]>>().toEqualTypeOf<ShapeError<"reshape: element counts differ (6 vs 8)", [2, 3], [4, 2]>>();
  expectTypeOf<Reshape<[2, 3], [4, -1]>>().toEqualTypeOf<
    ShapeError<"reshape: 6 elements cannot fill a shape whose other dimensions hold 4", [2, 3], [4, -1]>
  >();
  expectTypeOf<Reshape<[2, 3], [-1, -1]>>().toEqualTypeOf<ShapeError<"reshape: at most one dimension may be -1", [2, 3], [-1, -1]>>();
  expectTypeOf<CheckReshape<[2, 3], [6]>>().toEqualTypeOf<unknown>();
  expectTypeOf(reshape(x23, [3, -1])).toEqualTypeOf<T<[3, 2]>>();
  expectTypeOf(reshape(xAny, [-1, 2])).toEqualTypeOf<T<[number, 2]>>();
  // @ts-expect-error reshape: element counts differ (6 vs 8)
  reshape(x23, [4, 2]);
  // @ts-expect-error reshape: 6 elements cannot fill a shape ...
  reshape(x23, [4, -1]);
});

test("Concat sums the axis", () => {
  expectTypeOf<Concat<[[2, 3], [4, 3]], 0>>().toEqualTypeOf<[6, 3]>();
  expectTypeOf<Concat<[[2, 3], [2, 5], [2, 1]], 1>>().toEqualTypeOf<[2, 9]>();
  expectTypeOf<Concat<[[2, 999], [2, 1]], -1>>().toEqualTypeOf<[2, 1000]>();
  expectTypeOf<Concat<[[2, 3]], 0>>().toEqualTypeOf<[2, 3]>();
  expectTypeOf<Concat<[[number, 3], [4, 3]], 0>>().toEqualTypeOf<[number, 3]>();
  expectTypeOf<Concat<[[2, number], [number, 3]], 0>>().toEqualTypeOf<[number, 3]>();
  expectTypeOf<Concat<[number[], [2, 3]], 0>>().toEqualTypeOf<number[]>();
  expectTypeOf<Concat<[2, 3][], 0>>().toEqualTypeOf<number[]>();
  expectTypeOf(concat([x23, x23])).toEqualTypeOf<T<[4, 3]>>();
  expectTypeOf(concat([x23, x23], 1)).toEqualTypeOf<T<[2, 6]>>();
});

test("Concat errors and CheckConcat", () => {
  expectTypeOf<Concat<[[2, 3], [3, 3]], 1>>().toEqualTypeOf<ShapeError<"concat: shapes differ off the concatenation axis", [2, 3], [3, 3]>>();
  expectTypeOf<Concat<[[2, 3], [2, 3, 1]], 0>>().toEqualTypeOf<ShapeError<"concat: ranks differ", [2, 3], [2, 3, 1]>>();
  expectTypeOf<Concat<[[2, 3]], 2>>().toEqualTypeOf<ShapeError<"concat: axis out of range", [2, 3], 2>>();
  expectTypeOf<CheckConcat<[[2, 3], [4, 3]], 0>>().toEqualTypeOf<unknown>();
  // @ts-expect-error concat: shapes differ off the concatenation axis
  concat([x23, x34]);
  // @ts-expect-error concat: shapes differ off the concatenation axis
  concat([x23, x23, x34], 1);
});

test("Stack inserts a new axis", () => {
  expectTypeOf<Stack<[[2, 3], [2, 3], [2, 3]], 0>>().toEqualTypeOf<[3, 2, 3]>();
  expectTypeOf<Stack<[[2, 3], [2, 3]], 1>>().toEqualTypeOf<[2, 2, 3]>();
  expectTypeOf<Stack<[[2, 3], [2, 3]], -1>>().toEqualTypeOf<[2, 3, 2]>();
  expectTypeOf<Stack<[[number, 3], [2, 3]], 0>>().toEqualTypeOf<[2, 2, 3]>();
  expectTypeOf<Stack<[2, 3][], 1>>().toEqualTypeOf<[2, number, 3]>();
  expectTypeOf<Stack<[number[], [2, 3]], 0>>().toEqualTypeOf<number[]>();
  expectTypeOf(stack([x23, x23])).toEqualTypeOf<T<[2, 2, 3]>>();
});

test("Stack errors", () => {
  expectTypeOf<Stack<[[2, 3], [2, 4]], 0>>().toEqualTypeOf<ShapeError<"stack: shapes differ", [2, 3], [2, 4]>>();
  expectTypeOf<Stack<[[2, 3]], 3>>().toEqualTypeOf<ShapeError<"stack: axis out of range", [2, 3], 3>>();
  // @ts-expect-error stack: shapes differ
  stack([x23, x34]);
});

test("ExpandDims inserts a 1", () => {
  expectTypeOf<ExpandDims<[2, 3], 0>>().toEqualTypeOf<[1, 2, 3]>();
  expectTypeOf<ExpandDims<[2, 3], 1>>().toEqualTypeOf<[2, 1, 3]>();
  expectTypeOf<ExpandDims<[2, 3], 2>>().toEqualTypeOf<[2, 3, 1]>();
  expectTypeOf<ExpandDims<[2, 3], -1>>().toEqualTypeOf<[2, 3, 1]>();
  expectTypeOf<ExpandDims<[2, 3], -3>>().toEqualTypeOf<[1, 2, 3]>();
  expectTypeOf<ExpandDims<[], 0>>().toEqualTypeOf<[1]>();
  expectTypeOf<ExpandDims<number[], 0>>().toEqualTypeOf<number[]>();
  expectTypeOf<ExpandDims<[2, 3], 3>>().toEqualTypeOf<ShapeError<"expandDims: axis out of range", [2, 3], 3>>();
  // @ts-expect-error expandDims: axis out of range
  expandDims(x23, -4);
});

test("Squeeze removes 1-dims", () => {
  expectTypeOf<Squeeze<[1, 3, 1]>>().toEqualTypeOf<[3]>();
  expectTypeOf<Squeeze<[1, 1]>>().toEqualTypeOf<[]>();
  expectTypeOf<Squeeze<[1, 3, 1], 0>>().toEqualTypeOf<[3, 1]>();
  expectTypeOf<Squeeze<[1, 3, 1], -1>>().toEqualTypeOf<[1, 3]>();
  expectTypeOf<Squeeze<[2, number], 1>>().toEqualTypeOf<[2]>();
  // a number dimension may be 1 at run time, so the rank is unknown
  expectTypeOf<Squeeze<[1, number]>>().toEqualTypeOf<number[]>();
  expectTypeOf<Squeeze<number[]>>().toEqualTypeOf<number[]>();
  expectTypeOf<Squeeze<[2, 3], 0>>().toEqualTypeOf<ShapeError<"squeeze: the axis does not have size 1", [2, 3], 0>>();
  expectTypeOf(squeeze(x131)).toEqualTypeOf<T<[3]>>();
  expectTypeOf(squeeze(x131, 2)).toEqualTypeOf<T<[1, 3]>>();
  // @ts-expect-error squeeze: the axis does not have size 1
  squeeze(x131, 1);
});

test("Take replaces an axis by the index shape", () => {
  expectTypeOf<Take<[10, 5], [3], 0>>().toEqualTypeOf<[3, 5]>();
  expectTypeOf<Take<[10, 5], [2, 4], 1>>().toEqualTypeOf<[10, 2, 4]>();
  expectTypeOf<Take<[10, 5], [], -1>>().toEqualTypeOf<[10]>();
  expectTypeOf<Take<[10, 5], [number], 0>>().toEqualTypeOf<[number, 5]>();
  expectTypeOf<Take<[10, 5], number[], 0>>().toEqualTypeOf<number[]>();
  expectTypeOf<Take<[10, 5], [3], 2>>().toEqualTypeOf<ShapeError<"take: axis out of range", [10, 5], 2>>();
  expectTypeOf(take(x23, x4, 1)).toEqualTypeOf<T<[2, 4]>>();
  // @ts-expect-error take: axis out of range
  take(x23, x4, 2);
});

test("OneHot appends the class count", () => {
  expectTypeOf<OneHot<[32], 10>>().toEqualTypeOf<[32, 10]>();
  expectTypeOf<OneHot<[], 10>>().toEqualTypeOf<[10]>();
  expectTypeOf<OneHot<[number], number>>().toEqualTypeOf<[number, number]>();
  expectTypeOf<OneHot<number[], 10>>().toEqualTypeOf<number[]>();
});
