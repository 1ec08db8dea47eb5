import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor, dataOf } from "../tensor/concrete";
import { poolableBuffer, type RecyclingScope } from "../tensor/recycled-storage";
import { tracesOpened } from "./trace";

/**
 * Which large arrays of a {@link RecyclingScope} are still held, for an interpreter that
 * runs a whole computation on concrete values and can see every holder: the cotangent
 * slots of an eager backward pass, the environment of a jitted program. The interpreter
 * reports each value it starts or stops holding and brackets each step; at a step's end the
 * owned arrays the step allocated, or that lost their last holder during it, are released
 * unless something still holds them. A step that opened a transform of its own might have
 * kept what it saw (a cached program's constants), so its arrays are disowned instead:
 * never reused.
 */
export class LiveArrays {
  /** How many holders each owned array has. */
  private readonly holders = new Map<ArrayBufferLike, number>();
  /** Owned arrays that lost their last holder during the current step. */
  private dropped: ArrayBufferLike[] = [];
  private stepMark = 0;
  private stepTraces = 0;

  constructor(private readonly scope: RecyclingScope) {}

  /** Counts a new holder of `t`'s array. */
  hold(t: Tensor | null | undefined): void {
    if (this.scope.ownsNothing()) return;
    const b = this.ownedArray(t);
    if (b !== undefined) this.holders.set(b, (this.holders.get(b) ?? 0) + 1);
  }

  /** Counts one holder of `t`'s array less. */
  letGo(t: Tensor | null | undefined): void {
    // Only owned arrays are counted, and a scope that owns nothing has none counted that matter.
    if (this.scope.ownsNothing() || !(t instanceof ConcreteTensor)) return;
    const b = poolableBuffer(dataOf(t));
    if (b === undefined) return;
    const n = this.holders.get(b);
    if (n === undefined) return;
    if (n > 1) this.holders.set(b, n - 1);
    else {
      this.holders.delete(b);
      this.dropped.push(b);
    }
  }

  /** Starts a step. */
  beginStep(): void {
    this.stepMark = this.scope.mark();
    this.stepTraces = tracesOpened();
    if (this.dropped.length > 0) this.dropped = [];
  }

  /** Ends the step begun last: releases what it allocated or dropped and nothing holds. */
  endStep(): void {
    // Most steps of most programs allocate nothing large and drop nothing owned.
    if (this.dropped.length === 0 && this.scope.mark() === this.stepMark) return;
    const candidates = this.scope.allocatedSince(this.stepMark).concat(this.dropped);
    this.dropped = [];
    const kept = tracesOpened() !== this.stepTraces;
    for (const b of candidates) {
      if (kept) this.scope.disown(b);
      else if (!this.holders.has(b)) this.scope.release(b);
    }
  }

  /**
   * Runs `body`, which may keep `given` and whatever it allocates (a pullback that may run
   * user code): none of those arrays is ever released.
   */
  opaque<R>(given: readonly (Tensor | null)[], body: () => R): R {
    for (const t of given) {
      const b = this.ownedArray(t);
      if (b !== undefined) this.scope.disown(b);
    }
    this.scope.recording = false;
    try {
      return body();
    } finally {
      this.scope.recording = true;
    }
  }

  /** The array under `t` when the scope owns it. */
  private ownedArray(t: Tensor | null | undefined): ArrayBufferLike | undefined {
    if (!(t instanceof ConcreteTensor)) return undefined;
    const b = poolableBuffer(dataOf(t));
    return b !== undefined && this.scope.owns(b) ? b : undefined;
  }
}
