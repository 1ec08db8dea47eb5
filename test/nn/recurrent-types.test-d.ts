import { expectTypeOf, test } from "vitest";
import type { Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";

const k = random.key(0);
declare const x: Tensor<[number, 10, 3]>;
declare const m: Tensor<[number, 10]>;

test("rnn infers the output shape from the input shape and returnSequences", () => {
  expectTypeOf(nn.rnn(nn.lstmCell(8)).init(k, [32, 10, 3])).toEqualTypeOf<[[32, 8], nn.LstmParams]>();
  expectTypeOf(nn.rnn(nn.gruCell(8), { returnSequences: true }).init(k, [-1, 10, 3])[0]).toEqualTypeOf<[-1, 10, 8]>();
  expectTypeOf(
    nn.rnn(nn.simpleRnnCell(4), { reverse: true }).init(k, [
      [-1, 10, 3],
      [-1, 10],
    ])[0],
  ).toEqualTypeOf<[-1, 4]>();
  const layer = nn.rnn(nn.lstmCell(8), { returnSequences: true });
  expectTypeOf(layer.apply({} as nn.LstmParams, x)).toEqualTypeOf<Tensor<[number, 10, 8]>>();
  expectTypeOf(layer.apply({} as nn.LstmParams, [x, m] as const)).toEqualTypeOf<Tensor<[number, 10, 8]>>();
});

test("bidirectional keeps batch and time and has forward/backward params", () => {
  const [shape, params] = nn.bidirectional(nn.rnn(nn.gruCell(4), { returnSequences: true })).init(k, [-1, 10, 3]);
  expectTypeOf(shape).toEqualTypeOf<[-1, 10, number]>();
  expectTypeOf(params).toEqualTypeOf<nn.BidirectionalParams<nn.GruParams>>();
});

test("serial composes an rnn with dense", () => {
  const net = nn.serial(nn.rnn(nn.lstmCell(16)), nn.dense(2));
  expectTypeOf(net.init(k, [-1, 10, 3])[0]).toEqualTypeOf<[-1, 2]>();
});
