import { Tensor } from "../tensor/tensor";
import { sameShape, showShape } from "../tensor/shape";
import { Trace, Tracer } from "./trace";
import { bind, ruleOf } from "./bind";
import type { PrimitiveName, PrimitiveParams } from "./primitive";

/** Maps an output cotangent to one cotangent per input (`null` is a zero). */
export type Pullback = (cotangent: Tensor) => readonly (Tensor | null)[];

/** One recorded step: which tape entries it read and how to pull a cotangent back. */
interface TapeEntry {
  readonly inputs: readonly number[];
  readonly pullback: Pullback | null;
  readonly shape: Tensor["shape"];
  readonly name: string;
}

/** A value inside `grad`/`vjp`: its primal one level down and its position on the tape. */
export class ReverseTracer extends Tracer {
  readonly primal: Tensor;
  readonly id: number;

  constructor(trace: ReverseTrace, primal: Tensor, id: number) {
    super(trace, primal.shape, primal.dtype);
    this.primal = primal;
    this.id = id;
  }

  primalValue(): Tensor {
    return this.primal;
  }
}

/**
 * Reverse mode as a per-level tape of VJP closures. The forward pass records each
 * primitive applied to this level's tracers; `backward` walks the tape once, in reverse
 * order (iteratively), and builds the cotangents with ops, so an outer transform can
 * trace the backward pass itself (grad of grad).
 */
export class ReverseTrace extends Trace {
  private readonly tape: TapeEntry[] = [];

  constructor(level: number, transform = "grad") {
    super(level, transform);
  }

  /** A tracer for a differentiated input. */
  input(x: Tensor): ReverseTracer {
    const id = this.tape.push({ inputs: [], pullback: null, shape: x.shape, name: "input" }) - 1;
    return new ReverseTracer(this, x, id);
  }

  /** The tape id of `x` if it is this trace's tracer, else -1 (a constant). */
  idOf(x: Tensor): number {
    return x instanceof ReverseTracer && x.trace === this ? x.id : -1;
  }

  /** Records a step with a custom pullback; used by primitives and by `customVjp`. */
  record(out: Tensor, inputs: readonly Tensor[], pullback: Pullback, name: string): Tensor {
    const ids = inputs.map((x) => this.idOf(x));
    if (ids.every((id) => id < 0)) return out;
    const id = this.tape.push({ inputs: ids, pullback, shape: out.shape, name }) - 1;
    return new ReverseTracer(this, out, id);
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    const primals = inputs.map((x) => (x instanceof ReverseTracer && x.trace === this ? x.primal : x));
    const out = bind(name, primals, params);
    const rule = ruleOf(name);
    const wanted = inputs.map((x) => this.idOf(x) >= 0);
    return this.record(out, inputs, (ct) => rule.vjp(ct, primals, params, out, wanted), name);
  }

  /**
   * Cotangents of the tape entries `wanted`, given cotangents seeded at some outputs.
   * Entries nothing flows into get `null`.
   */
  backward(seeds: readonly (readonly [number, Tensor])[], wanted: readonly number[]): (Tensor | null)[] {
    const cts: (Tensor | null)[] = new Array<Tensor | null>(this.tape.length).fill(null);
    const keep = new Set(wanted);
    const accumulate = (id: number, ct: Tensor, from: string): void => {
      const entry = this.tape[id];
      if (!sameShape(ct.shape, entry.shape)) {
        throw new Error(`vjp of ${from}: cotangent shape ${showShape(ct.shape)} does not match input shape ${showShape(entry.shape)}`);
      }
      const prev = cts[id];
      cts[id] = prev === null ? ct : bind("add", [prev, ct], {});
    };
    for (const [id, ct] of seeds) if (id >= 0) accumulate(id, ct, "output");
    for (let id = this.tape.length - 1; id >= 0; id--) {
      const entry = this.tape[id];
      const ct = cts[id];
      if (ct === null || entry.pullback === null) continue;
      if (!keep.has(id)) cts[id] = null;
      const inputCts = entry.pullback(ct);
      for (let j = 0; j < entry.inputs.length; j++) {
        const target = entry.inputs[j];
        const c = inputCts[j];
        if (target >= 0 && c !== null && c !== undefined) accumulate(target, c, entry.name);
      }
    }
    return wanted.map((id) => cts[id]);
  }
}
