import { describe, expect, it } from "vitest";
import {
  add,
  clip,
  customJvp,
  customVjp,
  grad,
  jit,
  jvp,
  makeJaxpr,
  mul,
  relu,
  scalar,
  sigmoid,
  sin,
  softplus,
  sum,
  tanh,
  tensor,
  vmap,
  type Tensor,
} from "../../src/index";

const values = (t: Tensor) => Array.from(t.data());

describe("jit inside other transforms is a call that keeps every rule", () => {
  it("grad(jit f) keeps relu'(0) = 0 and softplus'' (the regressions of the first round)", () => {
    expect(values(grad(jit((x: Tensor) => sum(relu(x))))(tensor([0, 1])))).toEqual([0, 1]);
    expect(values(grad((x: Tensor) => sum(relu(x)))(tensor([0, 1])))).toEqual([0, 1]);
    expect(grad(grad(jit((x: Tensor) => softplus(x))))(scalar(0)).item()).toBeCloseTo(0.25, 7);
    expect(grad(jit(grad(jit((x: Tensor) => softplus(x)))))(scalar(0)).item()).toBeCloseTo(0.25, 7);
  });

  it("jvp(jit f), vmap(jit f), jit(jit f) and vmap(grad(jit f)) agree with the eager transforms", () => {
    const f = (x: Tensor) => sum(mul(sin(x), relu(x)));
    const x = tensor(
      [
        [0.5, -1, 0],
        [2, 0.25, -0.75],
      ],
      "float64",
    );
    const t = tensor(
      [
        [1, 0.5, -1],
        [0, 2, 1],
      ],
      "float64",
    );
    expect(values(jvp(jit(f), [x], [t])[1])).toEqual(values(jvp(f, [x], [t])[1]));
    expect(values(vmap(jit(f))(x))).toEqual(values(vmap(f)(x)));
    expect(values(jit(jit(f))(x))).toEqual(values(f(x)));
    expect(values(vmap(grad(jit(f)))(x))).toEqual(values(vmap(grad(f))(x)));
    expect(values(grad(jit(jit(f)))(x))).toEqual(values(grad(f)(x)));
  });

  it("stages a jitted function once, however often grad calls it", () => {
    let traces = 0;
    const f = jit((x: Tensor) => {
      traces++;
      return sum(tanh(x));
    });
    const g = grad(f);
    for (let i = 0; i < 5; i++) g(tensor([i, 1, 2]));
    expect(traces).toBe(1);
  });

  it("makeJaxpr prints a jit call with its program indented under it", () => {
    const text = makeJaxpr((x: Tensor) =>
      add(
        jit(function inner(y: Tensor) {
          return sum(relu(y));
        })(x),
        1,
      ),
    )(tensor([1, 2])).toString();
    expect(text).toContain("jitCall[name=inner]");
    expect(text).toMatch(/\n {6}jaxpr=\n {6}\{ lambda ; a:f32\[2\]\. let/);
    expect(text).toContain("customJvp");
  });
});

describe("custom rules survive jit, vmap and grad in any nesting", () => {
  const clippedSquare = customVjp(
    (x: Tensor) => mul(x, x),
    (x: Tensor) => [mul(x, x), x] as const,
    (x: Tensor, ct: Tensor) => [clip(mul(mul(2, x), ct), -1, 1)],
  );
  const softplusByRule = customJvp(
    (x: Tensor) => softplus(x),
    ([x], [t]) => [softplus(x), mul(t, sigmoid(x))] as const,
  );

  it("customVjp: the rule under grad, grad∘jit, jit∘grad and vmap∘grad", () => {
    expect(grad(clippedSquare)(scalar(3)).item()).toBe(1);
    expect(grad(jit(clippedSquare))(scalar(3)).item()).toBe(1);
    expect(jit(grad(clippedSquare))(scalar(3)).item()).toBe(1);
    expect(values(vmap(grad(clippedSquare))(tensor([0.25, 3])))).toEqual([0.5, 1]);
    expect(values(vmap(grad(jit(clippedSquare)))(tensor([0.25, -3])))).toEqual([0.5, -1]);
  });

  it("customVjp: forward mode is a clear error, under jit too", () => {
    expect(() => jvp(clippedSquare, [scalar(1)], [scalar(1)])).toThrow(/customVjp.*forward mode/);
    expect(() => jvp(jit(clippedSquare), [scalar(1)], [scalar(1)])).toThrow(/forward mode/);
  });

  it("customJvp: the rule under jvp∘jit, grad∘jit, vmap∘grad and grad∘grad∘jit", () => {
    expect(grad(jit(softplusByRule))(scalar(1000)).item()).toBe(1);
    expect(jvp(jit(softplusByRule), [scalar(0)], [scalar(2)])[1].item()).toBeCloseTo(1, 7);
    expect(values(vmap(grad(softplusByRule))(tensor([0, 1000])))).toEqual([0.5, 1]);
    expect(grad(grad(jit(softplusByRule)))(scalar(0)).item()).toBeCloseTo(0.25, 7);
  });
});
