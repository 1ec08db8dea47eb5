import type { Tensor } from "../tensor/tensor";
import { sameShape, showShape } from "../tensor/shape";
import { Trace, Tracer, callTraced, innermostTrace, withTrace } from "./trace";
import { Cotangents } from "./cotangents";
import { LiveArrays } from "./live-arrays";
import { poolableBuffer, withRecycling, type RecyclingScope } from "../tensor/recycled-storage";
import { ConcreteTensor, dataOf } from "../tensor/concrete";
import { bind, ruleOf } from "./bind";
import type { PrimitiveName, PrimitiveParams, PrimitiveRule } from "./primitive";
import type { HigherOrderPrimitive, MultiPullback } from "./higher-order/primitive";

/**
 * One recorded primitive application: its rule and what the rule's vjp needs. The tape
 * keeps everything the forward pass recorded alive until the backward pass, so a step
 * holds no closure and no array it does not need (the input ids are read from the input
 * tracers themselves, and `wanted` is a shared constant array).
 */
class PrimitiveStep {
  constructor(
    readonly name: string,
    readonly rule: PrimitiveRule<unknown>,
    /** The inputs as the step received them: this trace's tracers and constants. */
    readonly inputs: readonly Tensor[],
    /** Their values one level down. */
    readonly primals: readonly Tensor[],
    readonly params: unknown,
    readonly out: Tensor,
    readonly output: number,
    readonly wanted: readonly boolean[],
  ) {}
}

/** One recorded higher-order step: which values it read and defined, and how to pull cotangents back. */
class PullbackStep {
  constructor(
    readonly name: string,
    readonly inputs: readonly number[],
    readonly outputs: readonly number[],
    readonly pullback: MultiPullback,
  ) {}
}

type TapeEntry = PrimitiveStep | PullbackStep;

/** Shared `wanted` flags for steps of one or two inputs (never mutated), so steps do not allocate them. */
const wantedFlags: readonly (readonly boolean[])[] = [[false], [true], [false, false], [true, false], [false, true], [true, true]].map((w) => Object.freeze(w));

/** The `wanted` flags of `inputs`: whether each is a tracer of `trace`. */
function wantedOf(trace: ReverseTrace, inputs: readonly Tensor[]): readonly boolean[] {
  const n = inputs.length;
  if (n === 1) return wantedFlags[trace.idOf(inputs[0]) >= 0 ? 1 : 0];
  if (n === 2) return wantedFlags[2 + (trace.idOf(inputs[0]) >= 0 ? 1 : 0) + (trace.idOf(inputs[1]) >= 0 ? 2 : 0)];
  const wanted = new Array<boolean>(n);
  for (let i = 0; i < n; i++) wanted[i] = trace.idOf(inputs[i]) >= 0;
  return wanted;
}

/** A value inside `grad`/`vjp`: its primal one level down and its id on the tape. */
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
 * Reverse mode as a per-level tape of recorded steps. The forward pass records each
 * primitive applied to this level's tracers; `backward` walks the tape once, in reverse
 * order (iteratively), and builds the cotangents with primitives, so an outer transform
 * can trace the backward pass itself (grad of grad).
 */
export class ReverseTrace extends Trace {
  private readonly tape: TapeEntry[] = [];
  /** The shape of every value on the tape, by id. */
  private readonly shapes: Tensor["shape"][] = [];

  constructor(level: number, transform = "grad") {
    super(level, transform);
  }

  private newValue(x: Tensor): ReverseTracer {
    return new ReverseTracer(this, x, this.shapes.push(x.shape) - 1);
  }

  /** A tracer for a differentiated input. */
  input(x: Tensor): ReverseTracer {
    return this.newValue(x);
  }

  /** The tape id of `x` if it is this trace's tracer, else -1 (a constant). */
  idOf(x: Tensor): number {
    return this.own<ReverseTracer>(x)?.id ?? -1;
  }

  /** The value of `x` one level down (constants are their own value). */
  primalOf(x: Tensor): Tensor {
    return this.own<ReverseTracer>(x)?.primal ?? x;
  }

  /** Records a step and its pullback; the outputs of a step on constants stay constants. */
  recordMany(outs: readonly Tensor[], inputs: readonly Tensor[], pullback: MultiPullback, name: string): Tensor[] {
    const ids = inputs.map((x) => this.idOf(x));
    if (ids.every((id) => id < 0)) return outs.slice();
    const tracers = outs.map((y) => this.newValue(y));
    this.tape.push(
      new PullbackStep(
        name,
        ids,
        tracers.map((t) => t.id),
        pullback,
      ),
    );
    return tracers;
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    const n = inputs.length;
    const primals = new Array<Tensor>(n);
    for (let i = 0; i < n; i++) primals[i] = this.primalOf(inputs[i]);
    const out = bind(name, primals, params);
    // Nothing flows back through stopGradient: its output is a constant of this level, as
    // in forward mode, so loops that only reverse mode refuses (whileLoop) can consume it.
    if (name === "stopGradient") return out;
    const wanted = wantedOf(this, inputs);
    if (!wanted.includes(true)) return out;
    const tracer = this.newValue(out);
    const rule = ruleOf(name) as PrimitiveRule<unknown>;
    this.tape.push(new PrimitiveStep(name, rule, inputs, primals, params, out, tracer.id, wanted));
    return tracer;
  }

  processHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[] {
    const primals = inputs.map((x) => this.primalOf(x));
    const wanted = inputs.map((x) => this.idOf(x) >= 0);
    const [outs, pullback] = primitive.vjp(primals, params, wanted);
    return this.recordMany(outs, inputs, pullback, primitive.name);
  }

  /**
   * Cotangents of the tape values `wanted`, given cotangents seeded at some outputs.
   * Values nothing flows into get `null`. When no transform is open the pass runs on
   * concrete kernels and recycles the large arrays it proves dead (see {@link Cotangents}).
   */
  backward(seeds: readonly (readonly [number, Tensor])[], wanted: readonly number[]): (Tensor | null)[] {
    if (innermostTrace() !== undefined) return this.walk(seeds, wanted, new Cotangents(this.shapes.length, undefined));
    return withRecycling((scope) => this.walk(seeds, wanted, new Cotangents(this.shapes.length, new LiveArrays(scope))));
  }

  /** Walks the tape once, in reverse order, from the seeds. */
  private walk(seeds: readonly (readonly [number, Tensor])[], wanted: readonly number[], cts: Cotangents): (Tensor | null)[] {
    const keep = new Set(wanted);
    for (const [id, ct] of seeds) if (id >= 0) this.accumulate(cts, id, ct, "output");
    for (let e = this.tape.length - 1; e >= 0; e--) {
      const step = this.tape[e];
      if (step instanceof PrimitiveStep) {
        const ct = cts.get(step.output);
        if (ct === null) continue;
        cts.live?.beginStep();
        if (!keep.has(step.output)) cts.set(step.output, null);
        const inputCts = step.rule.vjp(ct, step.primals, step.params, step.out, step.wanted);
        for (let j = 0; j < step.inputs.length; j++) {
          const c = inputCts[j];
          if (c === null || c === undefined) continue;
          const target = this.idOf(step.inputs[j]);
          if (target >= 0) this.accumulate(cts, target, c, step.name);
        }
        cts.live?.endStep();
        continue;
      }
      const outCts = step.outputs.map((id) => cts.get(id));
      if (outCts.every((c) => c === null)) continue;
      for (const id of step.outputs) if (!keep.has(id)) cts.set(id, null);
      const inputCts = cts.live === undefined ? step.pullback(outCts) : cts.live.opaque(outCts, () => step.pullback(outCts));
      for (let j = 0; j < step.inputs.length; j++) {
        const target = step.inputs[j];
        const c = inputCts[j];
        if (target >= 0 && c !== null && c !== undefined) this.accumulate(cts, target, c, step.name);
      }
    }
    return wanted.map((id) => cts.get(id));
  }

  /**
   * Gives `scope` back the large arrays of this tape's intermediate values once the tape is
   * done with (after the last backward pass): the results of primitive steps, which only
   * this trace's tracers held (a tracer of a finished transform cannot be read). Arrays
   * under `kept` (what the caller returns) or under a constant some step read stay.
   */
  releaseIntermediates(scope: RecyclingScope, kept: readonly Tensor[]): void {
    const held = new Set<ArrayBufferLike>();
    const hold = (t: Tensor): void => {
      const b = t instanceof ConcreteTensor ? poolableBuffer(dataOf(t)) : undefined;
      if (b !== undefined) held.add(b);
    };
    kept.forEach(hold);
    for (const step of this.tape) {
      if (!(step instanceof PrimitiveStep)) continue;
      for (let i = 0; i < step.inputs.length; i++) if (!step.wanted[i]) hold(step.primals[i]);
    }
    for (const step of this.tape) {
      if (step instanceof PrimitiveStep && step.out instanceof ConcreteTensor) {
        const b = poolableBuffer(dataOf(step.out));
        if (b !== undefined && !held.has(b)) scope.release(b);
      }
    }
  }

  /** Adds `ct` into the cotangent of value `id`, after checking its shape. */
  private accumulate(cts: Cotangents, id: number, ct: Tensor, from: string): void {
    if (!sameShape(ct.shape, this.shapes[id])) {
      throw new Error(`vjp of ${from}: cotangent shape ${showShape(ct.shape)} does not match input shape ${showShape(this.shapes[id])}`);
    }
    const prev = cts.get(id);
    cts.set(id, prev === null ? ct : bind("add", [prev, ct], {}));
  }
}

/**
 * Reverse mode on flat lists, for rules of higher-order primitives: runs `f` with the
 * `wanted` inputs traced and returns its outputs with a pullback from output cotangents
 * (`null` is a zero) to the wanted inputs' cotangents (`null` for the others).
 */
export function vjpFlat(
  f: (xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  wanted: readonly boolean[],
): [Tensor[], (cts: readonly (Tensor | null)[]) => (Tensor | null)[]] {
  return withTrace(
    (level) => new ReverseTrace(level, "vjp"),
    (trace) => {
      const inputs = primals.map((x, i) => (wanted[i] ? trace.input(x) : x));
      const outs = callTraced("vjp", f, [inputs]);
      const pullback = (cts: readonly (Tensor | null)[]): (Tensor | null)[] => {
        const seeds = outs.flatMap((y, i) => {
          const ct = cts[i];
          return ct === null || ct === undefined ? [] : [[trace.idOf(y), ct] as const];
        });
        const ids = inputs.map((x) => trace.idOf(x));
        const found = trace.backward(
          seeds,
          ids.filter((id) => id >= 0),
        );
        let k = 0;
        return ids.map((id) => (id >= 0 ? found[k++] : null));
      };
      return [outs.map((y) => trace.primalOf(y)), pullback];
    },
  );
}
