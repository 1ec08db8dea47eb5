/**
 * Types of the issue-11 transforms and integer ops: vjp's three-element form with
 * hasAux, evalShape's ShapeDtypeStruct trees, linearTranspose's argument tuple, and the
 * shapes bincount, histogram and the samplers report.
 */
import { describe, expectTypeOf, it } from "vitest";
import { bincount, evalShape, histogram, linearTranspose, random, ShapeDtypeStruct, sin, sum, tensor, vjp, zeros, type Tensor } from "../../src/index";

describe("transform types", () => {
  it("vjp with hasAux returns [output, pullback, aux]", () => {
    const x = zeros([3]);
    const [y, pullback, aux] = vjp((v: Tensor<[3]>) => [sin(v), { total: sum(v) }] as const, x, { hasAux: true });
    expectTypeOf(y).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(aux).toEqualTypeOf<{ readonly total: Tensor<[]> }>();
    expectTypeOf(pullback).parameter(0).toEqualTypeOf<Tensor<[3]>>();
    const plain = vjp((v: Tensor<[3]>) => sin(v), x);
    expectTypeOf(plain).toEqualTypeOf<[Tensor<[3]>, (cotangent: Tensor<[3]>) => [v: Tensor<[3]>]]>();
  });

  it("evalShape maps tensors to ShapeDtypeStructs and accepts them as arguments", () => {
    const out = evalShape((a: Tensor<[2, 3]>) => ({ y: sum(a, 0), n: [a] as const }))(new ShapeDtypeStruct([2, 3] as [2, 3]));
    expectTypeOf(out.y).toEqualTypeOf<ShapeDtypeStruct<[3]>>();
    expectTypeOf(out.n[0]).toEqualTypeOf<ShapeDtypeStruct<[2, 3]>>();
  });

  it("linearTranspose returns the tuple of argument cotangents", () => {
    const t = linearTranspose((a: Tensor<[2]>, _b: Tensor<[2]>) => sin(a), zeros([2]), zeros([2]));
    expectTypeOf(t).returns.toEqualTypeOf<[a: Tensor<[2]>, b: Tensor<[2]>]>();
  });
});

describe("integer and sampler shapes", () => {
  it("bincount with a literal length, histogram with a literal bin count", () => {
    expectTypeOf(bincount(tensor([1, 2], "int32"), { length: 5 })).toEqualTypeOf<Tensor<[5]>>();
    expectTypeOf(bincount(tensor([1, 2], "int32"))).toEqualTypeOf<Tensor<[number]>>();
    expectTypeOf(histogram(tensor([1, 2]), 4)).toEqualTypeOf<[Tensor<[4]>, Tensor<[number]>]>();
  });

  it("samplers return the requested shape", () => {
    const k = random.key(0);
    expectTypeOf(random.gamma(k, 2, [3, 4])).toEqualTypeOf<Tensor<[3, 4]>>();
    expectTypeOf(random.poisson(k, 2, [5])).toEqualTypeOf<Tensor<[5]>>();
    expectTypeOf(random.orthogonal(k, 3, [10])).toEqualTypeOf<Tensor<[10, 3, 3]>>();
    expectTypeOf(random.dirichlet(k, tensor([1, 1]), [7])).toEqualTypeOf<Tensor<[7, number]>>();
    expectTypeOf(random.choice(k, 5, [2])).toEqualTypeOf<Tensor<[2]>>();
  });
});
