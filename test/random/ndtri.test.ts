/**
 * The normal quantile the samplers use, written with float64 tensor ops: against values
 * computed with mpmath at 400 digits (the double nearest to √2·erfinv(2p − 1) for the
 * double p), across the central range, the tails and the far tails below 1e-16.
 */
import { describe, expect, it } from "vitest";
import { jit, tensor, vmap, type Tensor } from "../../src/index";
import { ndtri } from "../../src/random/ndtri";

const reference: readonly [number, number][] = [
  [0.975, 1.9599639845400538],
  [0.5, 0],
  [0.8413447460685429, 0.9999999999999999],
  [1e-3, -3.0902323061678136],
  [1e-10, -6.361340902404057],
  [0.9999999999, 6.361340889697422],
  [1.1102230246251565e-16, -8.209536151601387],
  [1e-20, -9.262340089798407],
  [1e-100, -21.273453560965326],
  [1e-300, -37.0470962993612],
];

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("ndtri (the standard normal quantile in float64 ops)", () => {
  it("agrees with mpmath to 1e-15 relative, far tails included", () => {
    const z = values(ndtri(tensor(new Float64Array(reference.map(([p]) => p)), "float64")));
    reference.forEach(([p, expected], i) => {
      expect(Math.abs(z[i] - expected), `p = ${p}: ${z[i]} vs ${expected}`).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
    });
  });

  it("is −∞ at 0, +∞ at 1 and odd about 1/2", () => {
    expect(values(ndtri(tensor([0, 1], "float64")))).toEqual([-Infinity, Infinity]);
    const [a, b] = values(ndtri(tensor([0.25, 0.75], "float64")));
    expect(a).toBe(-b);
  });

  it("gives the same numbers under jit and vmap", () => {
    const p = tensor(new Float64Array(reference.map(([q]) => q)), "float64");
    expect(values(jit((x: Tensor) => ndtri(x))(p))).toEqual(values(ndtri(p)));
    expect(values(vmap((x: Tensor) => ndtri(x))(p))).toEqual(values(ndtri(p)));
  });
});
