import type { Tensor } from "../tensor/tensor";
import type { LiveArrays } from "./live-arrays";

/**
 * The cotangent of every tape value during one backward pass. When the pass runs eagerly
 * its cotangents and the temporaries of its vjp rules are concrete arrays nothing outside
 * the pass can see (except the cotangents it returns), so the slots report what they hold
 * to a {@link LiveArrays}, which recycles the large arrays no slot holds once their step is
 * over.
 */
export class Cotangents {
  private readonly slots: (Tensor | null)[];

  constructor(
    size: number,
    /** Present when the pass recycles. */
    readonly live: LiveArrays | undefined,
  ) {
    this.slots = new Array<Tensor | null>(size).fill(null);
  }

  get(id: number): Tensor | null {
    return this.slots[id];
  }

  /** Puts `ct` (or nothing) in slot `id`. */
  set(id: number, ct: Tensor | null): void {
    const previous = this.slots[id];
    this.slots[id] = ct;
    if (this.live === undefined) return;
    this.live.hold(ct);
    this.live.letGo(previous);
  }
}
