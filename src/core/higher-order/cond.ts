import type { Tensor } from "../../tensor/tensor";
import type { ConcreteTensor } from "../../tensor/concrete";
import { dataOf } from "../../tensor/concrete";
import { full, zerosLike } from "../../tensor/create";
import { isFloat } from "../../tensor/dtype";
import { bind, bindHigherOrder } from "../bind";
import type { Atom, Jaxpr } from "../jaxpr";
import { sameAval, showAval, type Aval } from "../primitive";
import { compiledOf } from "../compile/executable";
import { evalJaxpr, traceToJaxpr } from "../staging";
import type { HigherOrderPrimitive } from "./primitive";
import { floatWanted, spreadCotangents } from "./call";
import { batchJaxpr, inputAvals, jvpJaxpr, outputAvals, partialEval, vjpJaxpr } from "./transform-jaxpr";
import { withBatchAxis } from "../batching";

/** The params of a conditional: one program per branch, all with the same inputs and outputs. Inputs: `[index, ...operands]`. */
export interface CondParams {
  readonly branches: readonly Jaxpr[];
}

const sameAvals = (a: readonly Aval[], b: readonly Aval[]) => a.length === b.length && a.every((x, i) => sameAval(x, b[i]));

/** The branch an index selects, clamped into range as JAX's `switch` does. */
export const clampIndex = (index: number, count: number): number => Math.min(Math.max(Math.trunc(index), 0), count - 1);

/** The clamped index as a traced int32 scalar. */
function clampedIndex(index: Tensor, count: number): Tensor {
  const low = bind("max", [index, full([], 0, "int32")], {});
  return bind("min", [low, full([], count - 1, "int32")], {});
}

const atomAval = (a: Atom): Aval => (a.kind === "var" ? a.aval : { shape: a.value.shape, dtype: a.value.dtype });

const reverseCache = new WeakMap<readonly Jaxpr[], Map<string, { forward: Jaxpr[]; backward: Jaxpr[] }>>();

/**
 * The branches of a conditional split for reverse mode (JAX's partial evaluation of
 * `cond`): each branch's VJP program is split into a forward part, which returns the
 * outputs and the residuals its backward part reads, and that backward part. So that
 * every forward branch returns the same types, each returns every branch's residual
 * slots, zeros in the slots of the others; each backward branch reads its own.
 */
function reverseBranches(branches: readonly Jaxpr[], wanted: readonly boolean[]): { forward: Jaxpr[]; backward: Jaxpr[] } {
  let byMask = reverseCache.get(branches);
  if (byMask === undefined) reverseCache.set(branches, (byMask = new Map()));
  const key = wanted.map((w) => (w ? 1 : 0)).join("");
  const hit = byMask.get(key);
  if (hit !== undefined) return hit;
  const operands = inputAvals(branches[0]);
  const outAvals = outputAvals(branches[0]);
  const cotangents = outAvals.filter((a) => isFloat(a.dtype));
  const splits = branches.map((b) => {
    const program = vjpJaxpr(b, wanted);
    const grads = program.outputs.length - outAvals.length;
    return partialEval(
      program,
      [...operands.map(() => false), ...cotangents.map(() => true)],
      [...outAvals.map(() => false), ...new Array<boolean>(grads).fill(true)],
    );
  });
  const slots = splits.map((sp) => sp.known.outputs.slice(outAvals.length).map(atomAval));
  const offsets = slots.map((_, i) => slots.slice(0, i).reduce((n, r) => n + r.length, 0));
  const allSlots = slots.flat();
  const forward = splits.map(
    (sp, i) =>
      traceToJaxpr("cond (reverse mode)", operands, (xs) => {
        const outs = evalJaxpr(sp.known, xs);
        const own = outs.slice(outAvals.length);
        return [
          ...outs.slice(0, outAvals.length),
          ...allSlots.map((a, j) => (j >= offsets[i] && j < offsets[i] + own.length ? own[j - offsets[i]] : full(a.shape, 0, a.dtype))),
        ];
      }).jaxpr,
  );
  const backward = splits.map(
    (sp, i) =>
      traceToJaxpr("cond (reverse mode)", [...allSlots, ...cotangents], (xs) =>
        evalJaxpr(sp.unknown, [...xs.slice(offsets[i], offsets[i] + slots[i].length), ...xs.slice(allSlots.length)]),
      ).jaxpr,
  );
  const result = { forward, backward };
  byMask.set(key, result);
  return result;
}

/**
 * `lax.cond` and `lax.switch` as one primitive: an int32 index picks the branch that
 * runs. Forward mode picks among the branches' JVPs; reverse mode runs the taken branch's
 * forward part, which also returns the residuals its backward part needs, then picks
 * among the backward parts; batching with an unbatched index
 * batches every branch, and with a batched index runs every branch and selects per
 * example, as JAX does.
 */
export const condPrimitive: HigherOrderPrimitive<CondParams> = {
  name: "cond",
  abstractEval(inputs, { branches }) {
    const [index, ...operands] = inputs;
    if (index.dtype !== "int32" || index.shape.length !== 0) throw new Error(`cond: the branch index must be an int32 scalar, got ${showAval(index)}`);
    const first = branches[0];
    branches.forEach((b, i) => {
      if (!sameAvals(inputAvals(b), operands)) {
        throw new Error(`cond: branch ${i} takes (${inputAvals(b).map(showAval).join(", ")}), the operands are (${operands.map(showAval).join(", ")})`);
      }
      if (!sameAvals(outputAvals(b), outputAvals(first))) {
        throw new Error(
          `cond: branch ${i} returns (${outputAvals(b).map(showAval).join(", ")}) but branch 0 returns (${outputAvals(first).map(showAval).join(", ")})`,
        );
      }
    });
    return outputAvals(first);
  },
  impl([index, ...operands]: readonly ConcreteTensor[], { branches }) {
    return compiledOf(branches[clampIndex(dataOf(index)[0], branches.length)]).run(operands);
  },
  jvp([index, ...primals], [, ...tangents], { branches }) {
    const nonzero = tangents.map((t) => t !== null);
    const outCount = branches[0].outputs.length;
    const none = new Array<boolean>(outCount).fill(false);
    const union = branches.map((b) => jvpJaxpr(b, nonzero, none).outTangent).reduce((u, t) => u.map((x, i) => x || t[i]));
    const programs = branches.map((b) => jvpJaxpr(b, nonzero, union).jaxpr);
    const outs = bindHigherOrder(condPrimitive, [index, ...primals, ...tangents.filter((t): t is Tensor => t !== null)], { branches: programs });
    let k = outCount;
    return [outs.slice(0, outCount), union.map((u) => (u ? outs[k++] : null))];
  },
  vjp([index, ...primals], { branches }, [, ...wantedIn]) {
    const wanted = floatWanted(primals, wantedIn);
    const { forward, backward } = reverseBranches(branches, wanted);
    const outAvals = outputAvals(branches[0]);
    const known = bindHigherOrder(condPrimitive, [index, ...primals], { branches: forward });
    const outs = known.slice(0, outAvals.length);
    const residuals = known.slice(outAvals.length);
    const pullback = (cts: readonly (Tensor | null)[]) => {
      const floatCts = outAvals.flatMap((a, i) => (isFloat(a.dtype) ? [cts[i] ?? zerosLike(outs[i])] : []));
      const grads = bindHigherOrder(condPrimitive, [index, ...residuals, ...floatCts], { branches: backward });
      return [null, ...spreadCotangents(wanted, grads)];
    };
    return [outs, pullback];
  },
  batch([index, ...args], { branches }, size) {
    const flags = args.map((a) => a.batched);
    const values = args.map((a) => a.value);
    const outCount = branches[0].outputs.length;
    if (!index.batched) {
      const none = new Array<boolean>(outCount).fill(false);
      const union = branches.map((b) => batchJaxpr(b, size, flags, none).outBatched).reduce((u, t) => u.map((x, i) => x || t[i]));
      const programs = branches.map((b) => batchJaxpr(b, size, flags, union).jaxpr);
      return [bindHigherOrder(condPrimitive, [index.value, ...values], { branches: programs }), union];
    }
    // A batched index: every branch runs on the whole batch, and each example keeps its branch's result.
    const all = new Array<boolean>(outCount).fill(true);
    const results = branches.map((b) => evalJaxpr(batchJaxpr(b, size, flags, all).jaxpr, values));
    const which = clampedIndex(index.value, branches.length);
    const outs = results[0].map((_, j) => {
      let out = results[results.length - 1][j];
      for (let i = results.length - 2; i >= 0; i--) {
        const y = results[i][j];
        const hit = bind("compare", [which, full([size], i, "int32")], { op: "eq" });
        const mask = bind("broadcastTo", [bind("reshape", [hit], { shape: [size, ...new Array<number>(y.shape.length - 1).fill(1)] })], { shape: y.shape });
        out = bind("select", [mask, y, out], {});
      }
      return withBatchAxis(out, true, size);
    });
    return [outs, outs.map(() => true)];
  },
};
