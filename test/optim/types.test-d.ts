/**
 * Type tests: optimizer states say what they hold, for the params type given to `init`.
 */
import { List } from "immutable";
import { describe, expectTypeOf, it } from "vitest";
import { tensor, type Tensor } from "../../src/index";
import * as optim from "../../src/optim";

interface Params {
  readonly W: Tensor<[2, 3]>;
  readonly b: Tensor<[3]>;
}
declare const params: Params;

describe("optimizer types", () => {
  it("adam's state is [ScaleByAdamState<P>, ScaleByLearningRateState]", () => {
    const state = optim.adam(1e-3).init(params);
    expectTypeOf(state[0].count).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(state[0].mu).toEqualTypeOf<Params>();
    expectTypeOf(state[0].nu.W).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(state[1].learningRate).toEqualTypeOf<Tensor<[]>>();
    // @ts-expect-error: a chain of two has no third state
    void state[2];
  });

  it("update returns updates of the gradients' type and a state of the same type", () => {
    const opt = optim.adamw(1e-3);
    const s0 = opt.init(params);
    const [updates, s1] = opt.update(params, s0, params);
    expectTypeOf(updates).toEqualTypeOf<Params>();
    expectTypeOf(s1).toEqualTypeOf(s0);
    expectTypeOf(optim.applyUpdates(params, updates)).toEqualTypeOf<Params>();
  });

  it("sgd's momentum member is a union: a trace or an empty state", () => {
    const s = optim.sgd(0.1, { momentum: 0.9 }).init(params);
    expectTypeOf(s[0]).toEqualTypeOf<optim.TraceState<Params> | optim.EmptyState>();
  });

  it("chain computes nested state types", () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.chain(optim.scaleByRss(), optim.scaleByLearningRate(0.1)), optim.reduceOnPlateau());
    const s = opt.init({ w: List([tensor([1, 2])]) });
    expectTypeOf(s[0]).toEqualTypeOf<optim.EmptyState>();
    expectTypeOf(s[1][0].sumOfSquares.w).toEqualTypeOf<List<Tensor<[2]>>>();
    expectTypeOf(s[2].scale).toEqualTypeOf<Tensor<[]>>();
  });

  it("ReturnType<typeof opt.init> types the state in a hand-typed step function", () => {
    const opt = optim.adam(1e-3);
    type State = ReturnType<typeof opt.init>;
    function step(p: Params, state: State, g: Params): readonly [Params, State] {
      const [updates, next] = opt.update(g, state, p);
      return [optim.applyUpdates(p, updates), next];
    }
    let state: State = opt.init(params);
    const [p1, s1] = step(params, state, params);
    state = s1;
    expectTypeOf(p1).toEqualTypeOf<Params>();
    expectTypeOf(state[0].count).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(state[1].learningRate).toEqualTypeOf<Tensor<[]>>();
    // @ts-expect-error: the state of another optimizer
    step(params, optim.sgd(0.1, { momentum: 0.9 }).init(params), params);
    // the same holds through chain
    const chained = optim.chain(optim.clipByGlobalNorm(1), optim.adam(1e-3));
    type ChainedState = ReturnType<typeof chained.init>;
    const next: ChainedState = chained.update(params, chained.init(params), params)[1];
    const [, again] = chained.update(params, next, params);
    expectTypeOf(again[1][0].mu).toEqualTypeOf<Params>();
  });

  it("every transformation is a GradientTransformation", () => {
    expectTypeOf(optim.rmsprop(0.1)).toExtend<optim.GradientTransformation>();
    expectTypeOf(optim.scaleByStddev()).toExtend<optim.GradientTransformation>();
    expectTypeOf<optim.TransformationState<ReturnType<typeof optim.scaleByAdam>, Params>>().toEqualTypeOf<optim.ScaleByAdamState<Params>>();
  });

  it("applyUpdates wants updates of the params' type", () => {
    // @ts-expect-error: missing b
    optim.applyUpdates(params, { W: params.W });
  });

  it("schedules are functions of the step (a number or a scalar tensor) to a scalar tensor", () => {
    expectTypeOf(optim.cosineDecay(1, 10)).toEqualTypeOf<optim.Schedule>();
    expectTypeOf(optim.cosineDecay(1, 10)(3)).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(optim.sgd).parameter(0).toEqualTypeOf<number | optim.Schedule>();
    // @ts-expect-error: a schedule of plain numbers cannot trace under jit
    optim.sgd((step: number) => 0.1 / (1 + step));
  });
});
