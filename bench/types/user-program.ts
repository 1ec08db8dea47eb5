/**
 * The user program of `npm run bench:types`: what a newcomer writes first, an MLP built
 * with `nn.serial` and one Adam step, importing the published package. The benchmark
 * type-checks it against the built declarations (with and without `skipLibCheck`); the
 * project's tsconfig.json excludes it, since "purediff" resolves only in that scratch
 * consumer.
 */
import { grad, jit, random, nn, optim, zeros, type Tensor } from "purediff";

const net = nn.serial(nn.dense(64), nn.activation(nn.relu), nn.dense(64), nn.activation(nn.relu), nn.dense(10));
const [outShape, init] = net.init(random.key(0), [-1, 784]);
type Params = typeof init;

function loss(params: Params, x: Tensor<[number, 784]>, labels: Tensor<[number]>): Tensor<[]> {
  const logits = net.apply(params, x);
  return nn.sparseCategoricalCrossEntropyWithLogits(logits, labels);
}

const opt = optim.adam(1e-3);
type State = ReturnType<typeof opt.init>;

const step = jit((params: Params, state: State, x: Tensor<[number, 784]>, labels: Tensor<[number]>) => {
  const g = grad(loss)(params, x, labels);
  const [updates, next] = opt.update(g, state, params);
  return [optim.applyUpdates(params, updates), next] as const;
});

const x: Tensor<[number, 784]> = zeros([32, 784]);
const y: Tensor<[number]> = zeros([32], "int32");
const [params, state] = step(init, opt.init(init), x, y);
console.log(outShape, loss(params, x, y).item(), state);
