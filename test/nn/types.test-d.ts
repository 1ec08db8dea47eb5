import { expectTypeOf, test } from "vitest";
import { grad, relu, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";

const k = random.key(0);
declare const x: Tensor<[number, 784]>;

test("dense infers output shapes from input shapes", () => {
  expectTypeOf(nn.dense(256).init(k, [32, 784])).toEqualTypeOf<[[32, 256], nn.DenseParams<256>]>();
  const batch = [7, 784] as [number, 784];
  expectTypeOf(nn.dense(256).init(k, batch)[0]).toEqualTypeOf<[number, 256]>();
  expectTypeOf(nn.dense(10).apply({} as nn.DenseParams<10>, x)).toEqualTypeOf<Tensor<[number, 10]>>();
});

test("serial composes shape maps and collects params in a tuple", () => {
  const mlp = nn.serial(nn.dense(256), nn.activation(relu), nn.dropout(0.5), nn.dense(10));
  const [shape, params] = mlp.init(k, [-1, 784]);
  expectTypeOf(shape).toEqualTypeOf<[-1, 10]>();
  expectTypeOf(params).toEqualTypeOf<readonly [nn.DenseParams<256>, nn.NoParams, nn.NoParams, nn.DenseParams<10>]>();
  expectTypeOf(mlp.apply(params, x)).toEqualTypeOf<Tensor<[number, 10]>>();
  expectTypeOf(grad((p: typeof params) => nn.mse(mlp.apply(p, x), x))(params)).toEqualTypeOf(params);
});

test("flatten, parallel + fanInConcat, residual", () => {
  expectTypeOf(nn.flatten().init(k, [-1, 28, 28])[0]).toEqualTypeOf<[-1, 784]>();
  expectTypeOf(nn.serial(nn.parallel(nn.dense(3), nn.dense(5)), nn.fanInConcat()).init(k, [-1, 784])[0]).toEqualTypeOf<[-1, 8]>();
  expectTypeOf(nn.parallel(nn.dense(3), nn.dense(5)).init(k, [2, 4])[0]).toEqualTypeOf<[[2, 3], [2, 5]]>();
  expectTypeOf(nn.residual(nn.dense(784)).init(k, [-1, 784])[0]).toEqualTypeOf<[-1, 784]>();
  expectTypeOf(nn.fanOut(2).init(k, [-1, 3])[0]).toEqualTypeOf<[[-1, 3], [-1, 3]]>();
});

test("stateful layers make stateful composites", () => {
  const net = nn.serial(nn.dense(64), nn.batchNorm(), nn.dense(10));
  expectTypeOf(net.stateful).toEqualTypeOf<true>();
  const [, params, state] = net.init(k, [-1, 784]);
  expectTypeOf(state).toEqualTypeOf<readonly [null, nn.BatchNormState, null]>();
  const [y, next] = net.apply(params, x, { state, train: true });
  expectTypeOf(y).toEqualTypeOf<Tensor<[number, 10]>>();
  expectTypeOf(next).toEqualTypeOf(state);
  expectTypeOf(nn.serial(nn.dense(3)).stateful).toEqualTypeOf<false>();
});

declare const logits: Tensor<[number, 10]>;
declare const labels: Tensor<[number]>;

test("losses: scalar by default, per example with reduction none", () => {
  expectTypeOf(nn.sparseCategoricalCrossEntropyWithLogits(logits, labels)).toEqualTypeOf<Tensor<[]>>();
  expectTypeOf(nn.sparseCategoricalCrossEntropyWithLogits(logits, labels, { reduction: "none" })).toEqualTypeOf<Tensor<[number]>>();
  expectTypeOf(nn.mse(logits, logits, { reduction: "sum" })).toEqualTypeOf<Tensor<[]>>();
});

test("random samplers keep shapes; split gives tuples", () => {
  expectTypeOf(random.normal(k, [3, 4])).toEqualTypeOf<Tensor<[3, 4]>>();
  expectTypeOf(random.uniform(k)).toEqualTypeOf<Tensor<[]>>();
  expectTypeOf(random.split(k)).toEqualTypeOf<[random.PRNGKey, random.PRNGKey]>();
  expectTypeOf(random.split(k, 3)).toEqualTypeOf<[random.PRNGKey, random.PRNGKey, random.PRNGKey]>();
  expectTypeOf(random.permutation(k, 5)).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(nn.initializers.heNormal(k, [784, 256])).toEqualTypeOf<Tensor<[784, 256]>>();
});

test("shape mistakes are compile errors", () => {
  // @ts-expect-error the output is [32, 256], not [32, 257]
  const bad: [32, 257] = nn.dense(256).init(k, [32, 784])[0];
  void bad;
});
