/**
 * Purity: no transform mutates its inputs, and the same input gives the same output,
 * bit for bit (evaluation, vjp and its pullback called twice, jvp).
 *
 * @module
 */
import { jvp, vjp, type Tensor } from "../../src/index";
import { failed, guardLaw, passed, type LawResult } from "../law-result";
import { randomTensorLike, randomTensorsLike } from "../random-tensors";
import { showShapeText } from "../internal/tensor-values";
import type { TensorFunction, TensorsLike } from "../law-types";

/**
 * The name of {@link purity}.
 * @example
 * ```ts
 * import { PURITY } from "purediff/laws";
 * // the `law` of a failed purity result
 * PURITY; // => "purity: inputs are never mutated and the same input gives the same output, bitwise"
 * ```
 */
export const PURITY = "purity: inputs are never mutated and the same input gives the same output, bitwise";

/** A tensor's shape, dtype and bytes, to compare later. */
interface Snapshot {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly bytes: Uint8Array;
}

function snapshot(t: Tensor): Snapshot {
  const data = t.data();
  return { shape: [...t.shape], dtype: t.dtype, bytes: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

/** Where two snapshots differ, or undefined when they are identical. */
function difference(a: Snapshot, b: Snapshot): string | undefined {
  if (showShapeText(a.shape) !== showShapeText(b.shape)) return `shape ${showShapeText(a.shape)} became ${showShapeText(b.shape)}`;
  if (a.dtype !== b.dtype) return `dtype ${a.dtype} became ${b.dtype}`;
  if (a.bytes.length !== b.bytes.length) return `size ${a.bytes.length} became ${b.bytes.length} bytes`;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return `byte ${i} differs`;
  return undefined;
}

/**
 * Calling f, its vjp (the pullback twice) and its jvp leaves every argument, tangent
 * and cotangent unchanged, and repeated calls agree bitwise: f(x) twice, f(x) and vjp's
 * value, the pullback applied twice, two separate vjp passes, two jvp passes.
 * Cotangent and tangents default to seeded random tensors.
 * @example
 * ```ts
 * import { Tensor, exp, mul, tensor } from "purediff";
 * import { purity } from "purediff/laws";
 * purity((v: Tensor) => mul(v, exp(v)), [tensor([1, 2], "float64")]); // => { ok: true }
 * ```
 */
export function purity<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  options: { readonly cotangent?: Tensor; readonly tangents?: TensorsLike<Args>; readonly seed?: number } = {},
): LawResult {
  const law = PURITY;
  return guardLaw(law, () => {
    const seed = options.seed ?? 0;
    const before = args.map(snapshot);
    const inputsUnchanged = (when: string): LawResult => {
      for (let k = 0; k < args.length; k++) {
        const d = difference(before[k], snapshot(args[k]));
        if (d !== undefined) return failed(law, `argument ${k} was mutated ${when}: ${d}`, { argument: k, when });
      }
      return passed;
    };
    const same = (what: string, a: Tensor, b: Tensor): LawResult => {
      const d = difference(snapshot(a), snapshot(b));
      return d === undefined ? passed : failed(law, `${what} differ: ${d}`, { what });
    };
    const sameList = (what: string, a: readonly Tensor[], b: readonly Tensor[]): LawResult => {
      for (let k = 0; k < a.length; k++) {
        const r = same(`${what} (argument ${k})`, a[k], b[k]);
        if (!r.ok) return r;
      }
      return passed;
    };
    const checks: (() => LawResult)[] = [];
    const y1 = f(...args);
    checks.push(() => inputsUnchanged("by f"));
    const y2 = f(...args);
    checks.push(() => same("two evaluations f(x)", y1, y2));
    const float = y1.dtype === "float32" || y1.dtype === "float64";
    if (float) {
      const cotangent = options.cotangent ?? randomTensorLike(y1, seed);
      const cBefore = snapshot(cotangent);
      const [y3, pullback] = vjp(f, ...args);
      const g1 = pullback(cotangent) as readonly Tensor[];
      const g2 = pullback(cotangent) as readonly Tensor[];
      const [, pullbackAgain] = vjp(f, ...args);
      const g3 = pullbackAgain(cotangent) as readonly Tensor[];
      checks.push(
        () => inputsUnchanged("by vjp and its pullback"),
        () => {
          const d = difference(cBefore, snapshot(cotangent));
          return d === undefined ? passed : failed(law, `the cotangent was mutated by the pullback: ${d}`, {});
        },
        () => same("f(x) and the value vjp returns", y1, y3),
        () => sameList("the pullback applied twice to one cotangent", g1, g2),
        () => sameList("two vjp passes at one input", g1, g3),
      );
      const tangents = options.tangents ?? (randomTensorsLike(args, seed + 1) as unknown as TensorsLike<Args>);
      const tBefore = (tangents as readonly Tensor[]).map(snapshot);
      const [y4, t1] = jvp(f, args, tangents as unknown as Args);
      const [, t2] = jvp(f, args, tangents as unknown as Args);
      checks.push(
        () => inputsUnchanged("by jvp"),
        () => {
          for (let k = 0; k < tBefore.length; k++) {
            const d = difference(tBefore[k], snapshot((tangents as readonly Tensor[])[k]));
            if (d !== undefined) return failed(law, `tangent ${k} was mutated by jvp: ${d}`, { tangent: k });
          }
          return passed;
        },
        () => same("f(x) and the value jvp returns", y1, y4),
        () => same("two jvp passes at one input", t1, t2),
      );
    }
    for (const check of checks) {
      const r = check();
      if (!r.ok) return r;
    }
    return passed;
  });
}
