import { Tensor } from "../tensor/tensor";
import type { TypedArray } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import type { PrimitiveName, PrimitiveParams } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";

/**
 * An interpreter of primitives at one nesting level. Each transform (grad, jvp, jit...)
 * opens a trace for the duration of the function it traces; its tracers carry it, and a
 * value from another trace is a constant to this one.
 */
export abstract class Trace {
  /** Position in the stack of open traces: inner transforms have higher levels. */
  readonly level: number;
  /** The transform's name, for messages. */
  readonly transform: string;
  /** False once the transform has returned: its tracers must not be used again. */
  active = true;
  /**
   * True for traces that record even operations on constants while they are the
   * innermost trace (jit's staging trace), so a staged program computes its constants
   * instead of baking large ones in.
   */
  readonly stagesConstants: boolean = false;

  constructor(level: number, transform: string) {
    this.level = level;
    this.transform = transform;
  }

  /**
   * `x` as this trace's tracer, or undefined when it belongs to another trace or none: a
   * constant to this one. Every interpreter lifts its inputs through this one check.
   */
  own<T extends Tracer>(x: Tensor): T | undefined {
    return x instanceof Tracer && x.trace === this ? (x as T) : undefined;
  }

  /** Applies a primitive to inputs of which at least one is this trace's tracer. */
  abstract process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor;

  /** Applies a higher-order primitive (sub-programs in its params, several outputs) through its rule for this interpreter. */
  abstract processHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[];
}

/** A tensor standing for a value inside a transform. */
export abstract class Tracer<S extends Shape = Shape> extends Tensor<S> {
  readonly trace: Trace;

  protected constructor(trace: Trace, shape: S, dtype: Tensor["dtype"]) {
    super(shape, dtype);
    this.trace = trace;
  }

  /** The value one level down (autodiff tracers), or undefined when there is none (jit). */
  abstract primalValue(): Tensor | undefined;

  protected override concreteData(op: string): TypedArray {
    assertLive(this, op);
    const primal = this.primalValue();
    if (primal === undefined) {
      throw new Error(
        `${op}: cannot read the values of a tensor traced by ${this.trace.transform} (shape [${this.shape.join(",")}], ${this.dtype}): ` +
          `its values are not known while tracing. Data-dependent control flow is not supported there: ` +
          `use where/maximum/clip instead of if, move the test outside ${this.trace.transform}, or mark the argument static (staticArgnums).`,
      );
    }
    return (primal as unknown as { concreteData(op: string): TypedArray }).concreteData(op);
  }

  protected override describe(): string {
    const live = this.trace.active ? "" : ", escaped";
    return `Tracer<[${this.shape.join(",")}], ${this.dtype}> (${this.trace.transform}, level ${this.trace.level}${live})`;
  }
}

/** Throws when a tracer outlives its transform. */
export function assertLive(t: Tracer, op: string): void {
  if (!t.trace.active) {
    throw new Error(
      `${op}: a tracer of a finished ${t.trace.transform} was used (shape [${t.shape.join(",")}]). ` +
        `A value created inside a transformed function escaped it, e.g. stored in an outer variable; return it instead.`,
    );
  }
}

const stack: Trace[] = [];

/** How many traces have been opened so far. */
let opened = 0;

/** Opens a new trace above the current ones, runs `body`, and closes it even on error. */
export function withTrace<T extends Trace, R>(make: (level: number) => T, body: (trace: T) => R): R {
  const trace = make(stack.length + 1);
  opened++;
  stack.push(trace);
  try {
    return body(trace);
  } finally {
    stack.pop();
    trace.active = false;
  }
}

/** Calls the traced user function, refusing a Promise (transforms are synchronous). */
export function callTraced<A extends readonly unknown[], R>(transform: string, f: (...args: A) => R, args: A): R {
  const result = f(...args);
  if (isPromiseLike(result)) {
    throw new Error(`${transform}: the function returned a Promise; transforms are synchronous, so trace a synchronous function (await outside it)`);
  }
  return result;
}

function isPromiseLike(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/**
 * How many traces have been opened since the program started: code that must know whether
 * some transform ran meanwhile (and may have kept values) compares two readings.
 */
export function tracesOpened(): number {
  return opened;
}

/** The innermost open trace, if any. */
export function innermostTrace(): Trace | undefined {
  // Reading stack[-1] of an empty stack would be a slow generic property lookup ("-1").
  return stack.length === 0 ? undefined : stack[stack.length - 1];
}

/** The trace of the highest level among `inputs`, or undefined when all are concrete. */
export function topTrace(op: string, inputs: readonly Tensor[]): Trace | undefined {
  let top: Trace | undefined;
  // An indexed loop: every primitive application comes here, and for-of's iterator is not always optimised away.
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (x instanceof Tracer) {
      assertLive(x, op);
      if (top === undefined || x.trace.level > top.level) top = x.trace;
    }
  }
  return top;
}
