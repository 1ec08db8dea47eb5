import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { allocate, isFloat } from "../../tensor/dtype";
import { sizeOf } from "../../tensor/shape";
import { zerosLike } from "../../tensor/create";
import { bind, bindHigherOrder } from "../bind";
import { Jaxpr, eqnOutputs, type Var } from "../jaxpr";
import { sameAval, showAval, type Aval } from "../primitive";
import { compiledOf } from "../compile/executable";
import { evalJaxpr, traceToJaxpr } from "../staging";
import type { HigherOrderPrimitive, MultiPullback } from "./primitive";
import { floatWanted, jitCall, spreadCotangents } from "./call";
import { batchJaxpr, inputAvals, jvpJaxpr, outputAvals, partialEval, vjpJaxpr } from "./transform-jaxpr";
import { moveAxis, withBatchAxis } from "../batching";

/**
 * The params of a scan. The body maps `[consts, carry, x]` to `[carry, y]`; the scan's
 * inputs are `[consts, init, xs]` (each `xs` stacked on a leading axis of `length`) and
 * its outputs `[final carry, ys]` (stacked likewise).
 */
export interface ScanParams {
  readonly jaxpr: Jaxpr;
  readonly consts: number;
  readonly carry: number;
  readonly length: number;
  readonly reverse: boolean;
  /** How many steps one iteration of the compiled loop runs (1: none unrolled). */
  readonly unroll: number;
}

const stacked = (a: Aval, length: number): Aval => ({ shape: [length, ...a.shape], dtype: a.dtype });
const unstacked = (a: Aval): Aval => ({ shape: a.shape.slice(1), dtype: a.dtype });

/** A program with its inputs and outputs reordered (`order[i]` is the old position of new input i). */
function reorder(jaxpr: Jaxpr, inputOrder: readonly number[], outputOrder: readonly number[]): Jaxpr {
  return new Jaxpr(
    inputOrder.map((i) => jaxpr.inputs[i]),
    jaxpr.eqns,
    outputOrder.map((i) => jaxpr.outputs[i]),
  );
}

/** Positions `[start, start + n)`. */
const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

/** The positions of the set entries of `mask`, offset by `start`. */
const chosen = (mask: readonly boolean[], start: number): number[] => mask.flatMap((m, i) => (m ? [start + i] : []));

/** The variables of `jaxpr` computed from `constants` (and literals) alone: loop invariants of a scan body. */
function loopInvariants(jaxpr: Jaxpr, constants: readonly Var[]): Set<number> {
  const invariant = new Set(constants.map((v) => v.id));
  for (const e of jaxpr.eqns) {
    if (e.inputs.every((a) => a.kind === "literal" || invariant.has(a.id))) for (const o of eqnOutputs(e)) invariant.add(o.id);
  }
  return invariant;
}

const unrolledBodies = new WeakMap<Jaxpr, Map<number, Jaxpr>>();

/** The body run `k` times in a row: `[consts, carry, x₁…x_k]` to `[carry, y₁…y_k]`, steps in the given order. */
function unrolledBody(jaxpr: Jaxpr, consts: number, carry: number, k: number): Jaxpr {
  let bodies = unrolledBodies.get(jaxpr);
  if (bodies === undefined) unrolledBodies.set(jaxpr, (bodies = new Map()));
  let program = bodies.get(k);
  if (program === undefined) {
    const avals = inputAvals(jaxpr);
    const xAvals = avals.slice(consts + carry);
    program = traceToJaxpr("scan (unrolled)", [...avals.slice(0, consts + carry), ...Array.from({ length: k }, () => xAvals).flat()], (xs) => {
      let state = xs.slice(consts, consts + carry);
      const ys: Tensor[] = [];
      for (let j = 0; j < k; j++) {
        const outs = evalJaxpr(jaxpr, [
          ...xs.slice(0, consts),
          ...state,
          ...xs.slice(consts + carry + j * xAvals.length, consts + carry + (j + 1) * xAvals.length),
        ]);
        state = outs.slice(0, carry);
        ys.push(...outs.slice(carry));
      }
      return [...state, ...ys];
    }).jaxpr;
    bodies.set(k, program);
  }
  return program;
}

/**
 * Runs the scan on concrete values: the compiled body (unrolled `unroll` times) once per
 * iteration, slices of `xs` in, rows of `ys` out.
 */
function runScan(inputs: readonly ConcreteTensor[], { jaxpr, consts, carry, length, reverse, unroll }: ScanParams): Tensor[] {
  const k = Math.max(1, Math.min(unroll, length));
  const body = compiledOf(jaxpr);
  const chunk = k > 1 ? compiledOf(unrolledBody(jaxpr, consts, carry, k)) : body;
  const constValues = inputs.slice(0, consts);
  let state: Tensor[] = inputs.slice(consts, consts + carry);
  const xs = inputs.slice(consts + carry);
  const xAvals = inputAvals(jaxpr).slice(consts + carry);
  const yAvals = outputAvals(jaxpr).slice(carry);
  const ys = yAvals.map((a) => allocate(a.dtype, length * sizeOf(a.shape)));
  const sliceAt = (t: number) =>
    xs.map((x, i) => {
      const n = sizeOf(xAvals[i].shape);
      return new ConcreteTensor(dataOf(x).subarray(t * n, (t + 1) * n), xAvals[i].shape, xAvals[i].dtype);
    });
  for (let step = 0; step < length; ) {
    const steps = Math.min(k, length - step) === k ? k : 1;
    const times = Array.from({ length: steps }, (_, j) => (reverse ? length - 1 - (step + j) : step + j));
    const outs = (steps === k ? chunk : body).run([...constValues, ...state, ...times.flatMap(sliceAt)]);
    state = outs.slice(0, carry);
    times.forEach((t, j) => outs.slice(carry + j * ys.length, carry + (j + 1) * ys.length).forEach((y, i) => ys[i].set(dataOf(y), t * y.size)));
    step += steps;
  }
  return [...state, ...ys.map((data, i) => new ConcreteTensor(data, stacked(yAvals[i], length).shape, yAvals[i].dtype))];
}

/**
 * `lax.scan` as a primitive: a loop over the leading axis of `xs` threading a carry,
 * whose body is a closed program. It stays one loop in the IR and in compiled code
 * whatever its length. Forward mode scans the body's JVP (the carry's tangents found by
 * a fixed point); reverse mode runs a forward scan that also stacks the residuals the
 * body's VJP needs (partial evaluation), then a backward scan over them in the opposite
 * direction, accumulating the constants' cotangents in its carry; batching scans the
 * batched body with the batch moved behind the time axis.
 */
export const scanPrimitive: HigherOrderPrimitive<ScanParams> = {
  name: "scan",
  abstractEval(inputs, { jaxpr, consts, carry, length }) {
    const body = inputAvals(jaxpr);
    if (inputs.length !== body.length) throw new Error(`scan: expects ${body.length} input(s), got ${inputs.length}`);
    inputs.forEach((x, i) => {
      const expected = i < consts + carry ? body[i] : stacked(body[i], length);
      if (!sameAval(x, expected)) {
        const what = i < consts ? `constant ${i}` : i < consts + carry ? `carry ${i - consts}` : `xs ${i - consts - carry}`;
        throw new Error(`scan: ${what} has type ${showAval(x)}, the body expects ${showAval(expected)}`);
      }
    });
    const outs = outputAvals(jaxpr);
    return [...outs.slice(0, carry), ...outs.slice(carry).map((a) => stacked(a, length))];
  },
  impl: runScan,
  jvp(primals, tangents, params) {
    const { jaxpr, consts: C, carry: K } = params;
    const X = primals.length - C - K;
    const Y = jaxpr.outputs.length - K;
    const nonzero = tangents.map((t) => t !== null);
    // The carry has a tangent where the initial value has one or where the body gives it one.
    let carryTangent = nonzero.slice(C, C + K);
    let program = jvpJaxpr(jaxpr, [...nonzero.slice(0, C), ...carryTangent, ...nonzero.slice(C + K)], [...carryTangent, ...new Array<boolean>(Y).fill(false)]);
    for (;;) {
      const produced = program.outTangent.slice(0, K);
      if (produced.every((p, i) => !p || carryTangent[i])) break;
      carryTangent = carryTangent.map((c, i) => c || produced[i]);
      program = jvpJaxpr(jaxpr, [...nonzero.slice(0, C), ...carryTangent, ...nonzero.slice(C + K)], [...carryTangent, ...new Array<boolean>(Y).fill(false)]);
    }
    const inMask = [...nonzero.slice(0, C), ...carryTangent, ...nonzero.slice(C + K)];
    const n = C + K + X;
    // Tangent inputs follow the primals in mask order: regroup as consts | carry | xs.
    const tangentPos: number[] = [];
    let k = n;
    inMask.forEach((m, i) => (tangentPos[i] = m ? k++ : -1));
    const group = (start: number, count: number) => [
      ...range(start, count),
      ...range(start, count)
        .filter((i) => inMask[i])
        .map((i) => tangentPos[i]),
    ];
    const yTangent = program.outTangent.slice(K);
    const outPos: number[] = [];
    let o = K + Y;
    program.outTangent.forEach((m, i) => (outPos[i] = m ? o++ : -1));
    const body = reorder(
      program.jaxpr,
      [...group(0, C), ...group(C, K), ...group(C + K, X)],
      [...range(0, K), ...chosen(carryTangent, 0).map((i) => outPos[i]), ...range(K, Y), ...chosen(yTangent, K).map((i) => outPos[i])],
    );
    const tangentIn = (i: number) => tangents[i] ?? zerosLike(primals[i]);
    const inputs = [
      ...primals.slice(0, C),
      ...chosen(inMask.slice(0, C), 0).map(tangentIn),
      ...primals.slice(C, C + K),
      ...chosen(carryTangent, C).map(tangentIn),
      ...primals.slice(C + K),
      ...chosen(inMask.slice(C + K), C + K).map(tangentIn),
    ];
    const tK = carryTangent.filter(Boolean).length;
    const outs = bindHigherOrder(scanPrimitive, inputs, { ...params, jaxpr: body, consts: C + chosen(inMask.slice(0, C), 0).length, carry: K + tK });
    const carryOut = outs.slice(0, K);
    const carryT = outs.slice(K, K + tK);
    const ysOut = outs.slice(K + tK, K + tK + Y);
    const ysT = outs.slice(K + tK + Y);
    let a = 0;
    let b = 0;
    return [
      [...carryOut, ...ysOut],
      [...carryTangent.map((m) => (m ? carryT[a++] : null)), ...yTangent.map((m) => (m ? ysT[b++] : null))],
    ];
  },
  vjp(primals, params, wantedIn) {
    const { jaxpr, consts: C, carry: K, length } = params;
    const avals = inputAvals(jaxpr);
    const outs = outputAvals(jaxpr);
    const Y = outs.length - K;
    const floatCarry = avals.slice(C, C + K).map((a) => isFloat(a.dtype));
    const wantedConsts = floatWanted(avals.slice(0, C), wantedIn.slice(0, C));
    const wantedXs = floatWanted(avals.slice(C + K), wantedIn.slice(C + K));
    // Every float carry passes cotangents between steps, wanted or not.
    const wanted = [...wantedConsts, ...floatCarry, ...wantedXs];
    const program = vjpJaxpr(jaxpr, wanted);
    const floatOut = outs.map((a) => isFloat(a.dtype));
    const numCts = floatOut.filter(Boolean).length;
    const numGrads = wanted.filter(Boolean).length;
    const split = partialEval(
      program,
      [...avals.map(() => false), ...new Array<boolean>(numCts).fill(true)],
      [...outs.map(() => false), ...new Array<boolean>(numGrads).fill(true)],
    );
    // Residuals that are the body's constants or its x slices are read from the scan's own inputs; the rest are stacked.
    // Residuals that are the body's constants or its x slices are read from the scan's own
    // inputs, those computed from the constants alone are computed once, outside the loop;
    // the rest are stacked by the forward scan.
    const residualVars = split.known.outputs.slice(K + Y) as Var[];
    const inputIndex = new Map(program.inputs.slice(0, avals.length).map((v, i) => [v.id, i]));
    const invariant = loopInvariants(split.known, program.inputs.slice(0, C));
    const kinds = residualVars.map((v) => {
      const i = inputIndex.get(v.id);
      if (i !== undefined && i < C) return { kind: "const" as const, index: i };
      if (i !== undefined && i >= C + K) return { kind: "x" as const, index: i - C - K };
      if (invariant.has(v.id)) return { kind: "invariant" as const, index: -1 };
      return { kind: "stacked" as const, index: -1 };
    });
    const invariantProgram = new Jaxpr(
      program.inputs.slice(0, C),
      split.known.eqns.filter((e) => eqnOutputs(e).every((o) => invariant.has(o.id))),
      residualVars.filter((_, r) => kinds[r].kind === "invariant"),
    );
    const stackedRes = chosen(
      kinds.map((r) => r.kind === "stacked"),
      K + Y,
    );
    const forwardBody = new Jaxpr(split.known.inputs, split.known.eqns, [
      ...split.known.outputs.slice(0, K + Y),
      ...stackedRes.map((i) => split.known.outputs[i]),
    ]);
    const forward = bindHigherOrder(scanPrimitive, primals, { ...params, jaxpr: forwardBody });
    const finalCarry = forward.slice(0, K);
    const ys = forward.slice(K, K + Y);
    const residualStacks = forward.slice(K + Y);

    const pullback: MultiPullback = (cts) => {
      const ctCarry = chosen(floatCarry, 0).map((i) => cts[i] ?? zerosLike(finalCarry[i]));
      const ctYs = chosen(floatOut.slice(K), K).map((i) => cts[i] ?? zerosLike(ys[i - K]));
      const invariants =
        invariantProgram.outputs.length === 0 ? [] : bindHigherOrder(jitCall, primals.slice(0, C), { jaxpr: invariantProgram, name: "scan (loop invariants)" });
      let iv = 0;
      const constRes = kinds.flatMap((r) => (r.kind === "const" ? [primals[r.index]] : r.kind === "invariant" ? [invariants[iv++]] : []));
      const xRes = kinds.flatMap((r) => (r.kind === "x" ? [primals[C + K + r.index]] : []));
      const gradConsts = chosen(wantedConsts, 0).map((i) => zerosLike(primals[i]));
      const nG = gradConsts.length;
      const nCt = ctCarry.length;
      // Backward body: consts = residual constants; carry = [const cotangent sums, carry cotangents]; xs = [stacked residuals, x residuals, y cotangents].
      const bodyAvals = [...constRes, ...gradConsts, ...ctCarry, ...residualStacks.map(unstacked), ...xRes.map(unstacked), ...ctYs.map(unstacked)];
      const backward = traceToJaxpr("scan (reverse mode)", bodyAvals, (xs) => {
        let p = 0;
        const take = (n: number) => xs.slice(p, (p += n));
        const cR = take(constRes.length);
        const acc = take(nG);
        const ctC = take(nCt);
        const sR = take(residualStacks.length);
        const xR = take(xRes.length);
        const ctY = take(ctYs.length);
        let ic = 0;
        let is = 0;
        let ix = 0;
        const residuals = kinds.map((r) => (r.kind === "const" || r.kind === "invariant" ? cR[ic++] : r.kind === "x" ? xR[ix++] : sR[is++]));
        const grads = evalJaxpr(split.unknown, [...residuals, ...ctC, ...ctY]);
        const gConsts = grads.slice(0, nG);
        const gCarry = grads.slice(nG, nG + nCt);
        const gXs = grads.slice(nG + nCt);
        return [...acc.map((a, i) => bind("add", [a, gConsts[i]], {})), ...gCarry, ...gXs];
      }).jaxpr;
      const result = bindHigherOrder(scanPrimitive, [...constRes, ...gradConsts, ...ctCarry, ...residualStacks, ...xRes, ...ctYs], {
        jaxpr: backward,
        consts: constRes.length,
        carry: nG + nCt,
        length,
        reverse: !params.reverse,
        unroll: params.unroll,
      });
      const gConsts = result.slice(0, nG);
      const gInit = result.slice(nG, nG + nCt);
      const gXs = result.slice(nG + nCt);
      let gi = 0;
      return [...spreadCotangents(wantedConsts, gConsts), ...floatCarry.map((f) => (f ? gInit[gi++] : null)), ...spreadCotangents(wantedXs, gXs)];
    };
    return [[...finalCarry, ...ys], pullback];
  },
  batch(args, params, size) {
    const { jaxpr, consts: C, carry: K } = params;
    const Y = jaxpr.outputs.length - K;
    const flags = args.map((a) => a.batched);
    let carryBatched = flags.slice(C, C + K);
    const batchBody = () =>
      batchJaxpr(jaxpr, size, [...flags.slice(0, C), ...carryBatched, ...flags.slice(C + K)], [...carryBatched, ...new Array<boolean>(Y).fill(true)]);
    let program = batchBody();
    for (;;) {
      const produced = program.outBatched.slice(0, K);
      if (produced.every((p, i) => !p || carryBatched[i])) break;
      carryBatched = carryBatched.map((c, i) => c || produced[i]);
      program = batchBody();
    }
    const inputs = args.map((a, i) => {
      if (i < C) return a.value;
      if (i < C + K) return carryBatched[i - C] ? withBatchAxis(a.value, a.batched, size) : a.value;
      return a.batched ? moveAxis(a.value, 0, 1) : a.value;
    });
    const outs = bindHigherOrder(scanPrimitive, inputs, { ...params, jaxpr: program.jaxpr });
    return [
      [...outs.slice(0, K), ...outs.slice(K).map((y) => moveAxis(y, 1, 0))],
      [...carryBatched, ...new Array<boolean>(Y).fill(true)],
    ];
  },
};
