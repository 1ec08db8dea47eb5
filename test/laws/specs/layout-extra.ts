/**
 * Law specs of the layout primitives added with the array vocabulary: `rev` (reached by
 * flip) and `scatter` with its combine modes (reached by the index updates).
 */
import fc from "fast-check";
import { flip, indexMax, indexMin, indexMul, indexUpdate, tensor, type Tensor } from "../../../src/index";
import { arbShape, arbTensor } from "../../../laws/index";
import { nonScalarShapes, show, values, type LawCase, type LawSpec } from "./kit";

/** A shape, an axis of it, and int32 indices into that axis (negative and repeated ones likely). */
const arbWindow = nonScalarShapes.chain((shape) =>
  fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
    arbShape({ minRank: 0, maxRank: 2, maxDim: 3 })
      .chain((s) => arbTensor(s, { dtype: "int32", min: -shape[axis], max: shape[axis] - 1 }))
      .map((idx) => ({ shape, axis, idx, window: [...shape.slice(0, axis), ...idx.shape, ...shape.slice(axis + 1)] })),
  ),
);

type Update = (x: Tensor, idx: Tensor, u: Tensor, axis: number) => Tensor;

/**
 * An index update of x by u: values drawn from one pool kept 0.02 apart (so min and max
 * never tie, and finite differences stay on one side).
 */
function updateCase(name: string, update: Update): LawCase {
  return {
    name,
    sample: arbWindow.chain(({ shape, axis, idx, window }) => {
      const nx = shape.reduce((a, b) => a * b, 1);
      const nu = window.reduce((a, b) => a * b, 1);
      return arbTensor([nx + nu], { separation: 0.02, min: -3, max: 3 }).map((pool) => {
        const v = values(pool);
        const x = tensor(Float64Array.from(v.slice(0, nx)), "float64", shape);
        const u = tensor(Float64Array.from(v.slice(nx)), "float64", window);
        return {
          args: [x, u],
          fn: (a: Tensor, b: Tensor) => update(a, idx, b, axis),
          note: `x ${show(shape)}, axis ${axis}, indices [${values(idx).join(",")}] (shape ${show(idx.shape)})`,
        };
      });
    }),
  };
}

/** The specs of `rev` and `scatter`. */
export const layoutExtraSpecs: Readonly<Record<"rev" | "scatter", LawSpec>> = {
  rev: {
    via: "flip (one, several or all axes)",
    domain: "ℝ",
    derivative: "smooth",
    cases: [
      {
        name: "flip(x, axes)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s), fc.subarray(s.map((_, i) => i))))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => flip(u, axes), note: `axes [${axes.join(",")}]` })),
      },
      { name: "flip(x) (every axis)", sample: nonScalarShapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => flip(u) })) },
    ],
  },
  scatter: {
    via: "indexUpdate, indexMul, indexMin, indexMax (repeated and negative indices, any axis)",
    domain: "ℝ; for min and max the operand and the updates never tie",
    derivative: "smooth",
    cases: [
      updateCase("indexUpdate(x, idx, u, axis) (set: the last repeated update wins)", (x, idx, u, axis) => indexUpdate(x, idx, u, { axis })),
      updateCase("indexMul(x, idx, u, axis)", (x, idx, u, axis) => indexMul(x, idx, u, { axis })),
      updateCase("indexMin(x, idx, u, axis)", (x, idx, u, axis) => indexMin(x, idx, u, { axis })),
      updateCase("indexMax(x, idx, u, axis)", (x, idx, u, axis) => indexMax(x, idx, u, { axis })),
    ],
  },
};
