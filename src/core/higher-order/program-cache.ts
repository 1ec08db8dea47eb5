import type { Tensor } from "../../tensor/tensor";
import type { Aval } from "../primitive";
import { traceToJaxpr, type ClosedProgram } from "../staging";

/** The shapes and dtypes of a list of values, as a cache key. */
export const signatureOf = (xs: readonly Aval[]): string => xs.map((x) => `${x.dtype}[${x.shape.join(",")}]`).join(" ");

/**
 * Staged programs kept by key (an input signature), the least recently used dropped
 * beyond `limit`. A program that closed over values of an enclosing transform is valid
 * for one call only: `reusable` says whether to keep what `make` built.
 */
export class ProgramCache<T> {
  private readonly entries = new Map<string, T>();
  /** The key used last (already the most recent entry when kept: a repeated call need not reorder). */
  private newest: string | undefined;

  constructor(private readonly limit: number) {}

  lookup(key: string, make: () => T, reusable: (value: T) => boolean): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      if (key !== this.newest) {
        this.entries.delete(key);
        this.entries.set(key, hit);
        this.newest = key;
      }
      return hit;
    }
    const value = make();
    this.newest = undefined;
    if (reusable(value)) {
      this.newest = key;
      this.entries.set(key, value);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }
}

/**
 * `run` staged on tensors of the arguments' shapes and dtypes, once per signature: a
 * program closed over values of enclosing transforms is staged again at each call.
 */
export function stagedPerSignature(transform: string, run: (tracers: Tensor[]) => unknown, limit = 16): (args: readonly Tensor[]) => ClosedProgram {
  const programs = new ProgramCache<ClosedProgram>(limit);
  return (args) =>
    programs.lookup(
      signatureOf(args),
      () => traceToJaxpr(transform, args, run),
      (p) => p.consts.length === 0,
    );
}
