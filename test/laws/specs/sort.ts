/**
 * Law specs of the sorting primitive: `sort` through sort, argsort and lax.topK along
 * every axis, ascending and descending. Values are kept apart (no ties), where sorting is
 * smooth (a fixed permutation), for the derivative laws; the value laws check the order
 * against JavaScript's stable sort, ties included.
 */
import fc from "fast-check";
import { argsort, astype, lax, sort, type Tensor } from "../../../src/index";
import { arbTensor, type TensorOptions } from "../../../laws/index";
import { expectValues, nonScalarShapes, strides, values, type LawSpec, type Sample } from "./kit";

/** Distinct values: sorting is a fixed permutation around them. */
const apart: TensorOptions = { separation: 0.05 };

/** The reference: along `axis`, positions ordered by value (stable; descending reverses the comparison). */
function sortedPositions(x: Tensor, axis: number, descending: boolean): { positions: number[]; order: number[] } {
  const v = values(x);
  const st = strides(x.shape);
  const n = x.shape[axis];
  const positions: number[] = [];
  const order: number[] = [];
  for (let flat = 0; flat < v.length; flat++) {
    const i = Math.floor(flat / st[axis]) % n;
    if (i !== 0) continue;
    const line = Array.from({ length: n }, (_, j) => j).sort((a, b) =>
      descending ? v[flat + b * st[axis]] - v[flat + a * st[axis]] : v[flat + a * st[axis]] - v[flat + b * st[axis]],
    );
    line.forEach((j, k) => {
      positions[flat + k * st[axis]] = flat + j * st[axis];
      order[flat + k * st[axis]] = j;
    });
  }
  return { positions, order };
}

/** x of a shape of rank 1–3 with an axis and a direction. */
const arbSorting = (options: TensorOptions) =>
  nonScalarShapes.chain((s) => fc.tuple(arbTensor(s, options), fc.integer({ min: 0, max: s.length - 1 }), fc.boolean()));

const note = (axis: number, descending: boolean): string => `axis ${axis}, ${descending ? "descending" : "ascending"}`;

/** The sorting primitive's spec. */
export const sortSpecs: Record<"sort", LawSpec> = {
  sort: {
    via: "sort, argsort (as float64) and lax.topK, along each axis, ascending and descending",
    domain: "distinct values for the derivative laws (a fixed permutation); ties in the value laws",
    derivative: "smooth",
    cases: [
      {
        name: "sort(x, axis, { descending })",
        sample: arbSorting(apart).map(
          ([x, axis, descending]): Sample => ({ args: [x], fn: (u: Tensor) => sort(u, axis, { descending }), note: note(axis, descending) }),
        ),
        value: ({ args: [x], fn, note: n }) => {
          const [axis, descending] = [Number(n?.split(",")[0].split(" ")[1]), n?.includes("descending") ?? false];
          const v = values(x);
          return expectValues(
            "sort equals the JavaScript reference",
            fn(x),
            x.shape,
            sortedPositions(x, axis, descending).positions.map((p) => v[p]),
          );
        },
      },
      {
        name: "argsort(x, axis, { descending }) with ties: stable",
        sample: arbSorting({ dtype: "int32", min: -2, max: 2 }).map(
          ([x, axis, descending]): Sample => ({
            args: [astype(x, "float64")],
            fn: (u: Tensor) => astype(argsort(u, axis, { descending }), "float64"),
            note: note(axis, descending),
          }),
        ),
        derivative: "zero",
        // Finite differences jump at ties; the derivative is still exactly zero.
        laws: ["zero", "duality", "linearity", "purity"],
        value: ({ args: [x], fn, note: n }) => {
          const [axis, descending] = [Number(n?.split(",")[0].split(" ")[1]), n?.includes("descending") ?? false];
          return expectValues("argsort equals JavaScript's stable sort", fn(x), x.shape, sortedPositions(x, axis, descending).order);
        },
      },
      {
        name: "lax.topK(x, k) values",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s, apart), fc.integer({ min: 0, max: s[s.length - 1] })))
          .map(([x, k]): Sample => ({ args: [x], fn: (u: Tensor) => lax.topK(u, k)[0], note: `k ${k}` })),
      },
    ],
  },
};
