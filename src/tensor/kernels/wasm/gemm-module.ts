/**
 * Emits the GEMM WebAssembly module with {@link encodeModule}: for each precision a
 * register-blocked SIMD micro-kernel, panel packing for A and B (which absorbs any transpose:
 * packing reads through arbitrary byte strides), a macro-kernel over one packed block, the
 * cache-blocked driver, and an exported `run_f32` / `run_f64` entry that reads its arguments
 * from a parameter block in memory (so the main thread and a worker call it the same way).
 *
 * Algorithm (GotoBLAS/BLIS): for jc over n by NC, for pc over k by KC: pack B[pc.., jc..] into
 * NR-wide column panels; for ic over the row range by MC: pack A[ic.., pc..] into MR-high row
 * panels; for each NR panel, for each MR panel: an MR×NR tile accumulated in v128 locals over
 * the kc packed steps, stored (first k block) or added into C. Edge panels are zero-padded
 * and their tiles go through a scratch tile from which only the valid part is written.
 */
import { Code, encodeModule, FunctionDef, op, simd, valType, ValType } from "./encoder";
import { wasmApi } from "./wasm-api";

const { i32, v128 } = valType;

/** Register and cache blocking of one precision. */
export interface Blocking {
  /** Rows of the micro-tile. */
  readonly mr: number;
  /** v128 vectors per micro-tile row (NR = nrVec * lanes). */
  readonly nrVec: number;
  /** k-steps per unrolled iteration of the micro-kernel loop (a power of two). */
  readonly unroll: number;
  /** Depth of a packed k block. */
  readonly kc: number;
  /** Rows of a packed A block (a multiple of mr). */
  readonly mc: number;
  /** Columns of a packed B block (a multiple of NR). */
  readonly nc: number;
}

/** The two precisions the module serves. */
export type Precision = "f32" | "f64";

/**
 * Blockings used unless told otherwise, chosen by measurement (V8 11 / Zen 5). V8 keeps 15 xmm
 * registers for wasm; a 5×2-vector tile uses 10 accumulators + 2 B vectors + 1 broadcast A + 1
 * product temporary. Larger tiles (6×2, 4×3, 3×4) spill and run at ~55%; unrolling the k loop
 * makes TurboFan hoist the splat-load addresses and all loads of the body, and spill too. With
 * fused multiply-add there is no product temporary, so 6×2 fits.
 */
export function defaultBlocking(fma: boolean): Record<Precision, Blocking> {
  const mr = fma ? 6 : 5;
  return {
    f32: { mr, nrVec: 2, unroll: 1, kc: 256, mc: mr * 24, nc: 4096 },
    f64: { mr, nrVec: 2, unroll: 1, kc: 256, mc: mr * 12, nc: 2048 },
  };
}

/** Options of {@link buildGemmModule}. */
export interface GemmModuleOptions {
  readonly blocking?: Partial<Record<Precision, Blocking>>;
  /** Use `relaxed_madd` (needs relaxed SIMD: check with {@link relaxedSimdAvailable}). */
  readonly fma?: boolean;
  /** Whether the imported memory is shared (needs a maximum). */
  readonly shared: boolean;
  readonly initialPages: number;
  readonly maximumPages: number;
}

/** The parameter block `run_*` reads: field name to byte offset. All fields are i32. */
export const paramField = {
  a: 0,
  b: 4,
  c: 8,
  m: 12,
  n: 16,
  k: 20,
  rsA: 24,
  csA: 28,
  rsB: 32,
  csB: 36,
  strideA: 40,
  strideB: 44,
  rowStart: 48,
  rowEnd: 52,
  packA: 56,
  packB: 60,
  tile: 64,
  ldc: 68,
} as const;

/** Bytes of one parameter block. */
export const paramBlockBytes = 128;

/** What the host needs to know about a built module. */
export interface GemmModule {
  readonly bytes: Uint8Array;
  readonly blocking: Record<Precision, Blocking>;
  /** Bytes each thread needs for its packed A block, packed B block and scratch tile. */
  readonly scratchBytes: Record<Precision, { packA: number; packB: number; tile: number }>;
}

interface Prec {
  readonly eb: number;
  readonly lanes: number;
  readonly splatLoad: number;
  readonly mul: number;
  readonly add: number;
  readonly madd: number;
  load(c: Code, offset?: number): Code;
  store(c: Code, offset?: number): Code;
  scalarAdd: number;
  zero(c: Code): Code;
}

const precs: Record<Precision, Prec> = {
  f32: {
    eb: 4,
    lanes: 4,
    splatLoad: simd.v128Load32Splat,
    mul: simd.f32x4Mul,
    add: simd.f32x4Add,
    madd: simd.f32x4RelaxedMadd,
    load: (c, o = 0) => c.f32Load(o),
    store: (c, o = 0) => c.f32Store(o),
    scalarAdd: op.f32Add,
    zero: (c) => c.f32Const(0),
  },
  f64: {
    eb: 8,
    lanes: 2,
    splatLoad: simd.v128Load64Splat,
    mul: simd.f64x2Mul,
    add: simd.f64x2Add,
    madd: simd.f64x2RelaxedMadd,
    load: (c, o = 0) => c.f64Load(o),
    store: (c, o = 0) => c.f64Store(o),
    scalarAdd: op.f64Add,
    zero: (c) => c.f64Const(0),
  },
};

/** `while (local[i] < end) { body }` (signed compare); `end` pushes one i32. */
function whileLt(c: Code, i: number, end: () => void, body: () => void): void {
  c.block().loop();
  c.localGet(i);
  end();
  c.op(op.i32GeS).brIf(1);
  body();
  c.br(0).end().end();
}

/** `local[dst] = min(local[a], value)`; `value` pushes one i32. */
function setMin(c: Code, dst: number, a: () => void, b: () => void): void {
  a();
  b();
  a();
  b();
  c.op(op.i32LtS).op(op.select).localSet(dst);
}

/** `local[x] += value`. */
function addTo(c: Code, x: number, value: () => void): void {
  c.localGet(x);
  value();
  c.op(op.i32Add).localSet(x);
}

function sig(params: number, results: number): { params: ValType[]; results: ValType[] } {
  return { params: new Array<ValType>(params).fill(i32), results: new Array<ValType>(results).fill(i32) };
}

/** Function indices inside one precision's group. */
const F = { kernel: 0, packA: 1, packB: 2, merge: 3, macro: 4, gemm: 5, run: 6 } as const;
const groupSize = 7;

/**
 * Micro-kernel `(ap, bp, c, ldc, kc, acc)`: C[mr×NR] (=|+=) Ap[kc×MR]ᵀ·Bp[kc×NR], byte
 * addresses, `ldc` in bytes; `acc` non-zero adds into C.
 */
function emitKernel(p: Prec, b: Blocking, fma: boolean): FunctionDef {
  const c = new Code(6);
  const [ap, bp, cc, ldc, kc, acc] = [0, 1, 2, 3, 4, 5];
  const accs: number[][] = [];
  for (let i = 0; i < b.mr; i++) {
    const row: number[] = [];
    for (let j = 0; j < b.nrVec; j++) row.push(c.local(v128));
    accs.push(row);
  }
  const bv: number[] = [];
  for (let j = 0; j < b.nrVec; j++) bv.push(c.local(v128));
  const av = c.local(v128);
  const cnt = c.local(i32);
  const nr = b.nrVec * p.lanes;
  for (const row of accs) for (const x of row) c.v128Zero().localSet(x);

  const steps = (count: number): void => {
    for (let u = 0; u < count; u++) {
      for (let j = 0; j < b.nrVec; j++) c.localGet(bp).v128Load((u * nr + j * p.lanes) * p.eb).localSet(bv[j]);
      for (let i = 0; i < b.mr; i++) {
        c.localGet(ap).simdMem(p.splatLoad, p.eb, (u * b.mr + i) * p.eb).localSet(av);
        for (let j = 0; j < b.nrVec; j++) {
          if (fma) c.localGet(av).localGet(bv[j]).localGet(accs[i][j]).simd(p.madd).localSet(accs[i][j]);
          else c.localGet(accs[i][j]).localGet(av).localGet(bv[j]).simd(p.mul).simd(p.add).localSet(accs[i][j]);
        }
      }
    }
    addTo(c, ap, () => c.i32Const(count * b.mr * p.eb));
    addTo(c, bp, () => c.i32Const(count * nr * p.eb));
  };
  const countedLoop = (count: number, setCount: () => void): void => {
    setCount();
    c.localGet(cnt).if().loop();
    steps(count);
    c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
    c.end().end();
  };
  const log2u = Math.log2(b.unroll);
  if (b.unroll > 1) {
    countedLoop(b.unroll, () => c.localGet(kc).i32Const(log2u).op(op.i32ShrU).localSet(cnt));
    countedLoop(1, () => c.localGet(kc).i32Const(b.unroll - 1).op(op.i32And).localSet(cnt));
  } else {
    countedLoop(1, () => c.localGet(kc).localSet(cnt));
  }

  const writeBack = (add: boolean): void => {
    for (let i = 0; i < b.mr; i++) {
      for (let j = 0; j < b.nrVec; j++) {
        c.localGet(cc);
        if (add) c.localGet(cc).v128Load(j * 16).localGet(accs[i][j]).simd(p.add);
        else c.localGet(accs[i][j]);
        c.v128Store(j * 16);
      }
      if (i + 1 < b.mr) addTo(c, cc, () => c.localGet(ldc));
    }
  };
  c.localGet(acc).if();
  writeBack(true);
  c.else();
  writeBack(false);
  c.end();
  return { type: sig(6, 0), locals: c.locals, body: c.finish() };
}

/**
 * `packA(src, rs, cs, mc, kc, dst)`: rows [0, mc) and columns [0, kc) of the strided A block
 * at `src` (byte strides) into MR-row panels, each kc steps of MR values; the last panel is
 * zero-padded.
 */
function emitPackA(p: Prec, b: Blocking): FunctionDef {
  const c = new Code(6);
  const [src, rs, cs, mc, kc, dst] = [0, 1, 2, 3, 4, 5];
  const ir = c.local(i32);
  const s = c.local(i32);
  const cnt = c.local(i32);
  const i = c.local(i32);
  const rowOff: number[] = [];
  for (let r = 0; r < b.mr; r++) rowOff.push(c.local(i32));
  for (let r = 0; r < b.mr; r++) c.localGet(rs).i32Const(r).op(op.i32Mul).localSet(rowOff[r]);
  // Full panels.
  c.i32Const(0).localSet(ir);
  whileLt(
    c,
    ir,
    () => c.localGet(mc).i32Const(b.mr - 1).op(op.i32Sub),
    () => {
      c.localGet(src).localSet(s);
      c.localGet(kc).localSet(cnt);
      c.loop();
      for (let r = 0; r < b.mr; r++) {
        c.localGet(dst).localGet(s).localGet(rowOff[r]).op(op.i32Add);
        p.load(c);
        p.store(c, r * p.eb);
      }
      addTo(c, s, () => c.localGet(cs));
      addTo(c, dst, () => c.i32Const(b.mr * p.eb));
      c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
      c.end();
      addTo(c, src, () => c.localGet(rowOff[b.mr - 1]).localGet(rs).op(op.i32Add));
      addTo(c, ir, () => c.i32Const(b.mr));
    },
  );
  // Last partial panel: rows [ir, mc), zeros after.
  c.localGet(ir).localGet(mc).op(op.i32LtS).if();
  c.localGet(kc).localSet(cnt);
  c.loop();
  c.localGet(src).localSet(s);
  c.i32Const(0).localSet(i);
  whileLt(
    c,
    i,
    () => c.localGet(mc).localGet(ir).op(op.i32Sub),
    () => {
      c.localGet(dst).localGet(s);
      p.load(c);
      p.store(c);
      addTo(c, s, () => c.localGet(rs));
      addTo(c, dst, () => c.i32Const(p.eb));
      addTo(c, i, () => c.i32Const(1));
    },
  );
  whileLt(
    c,
    i,
    () => c.i32Const(b.mr),
    () => {
      c.localGet(dst);
      p.zero(c);
      p.store(c);
      addTo(c, dst, () => c.i32Const(p.eb));
      addTo(c, i, () => c.i32Const(1));
    },
  );
  addTo(c, src, () => c.localGet(cs));
  c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
  c.end();
  c.end();
  return { type: sig(6, 0), locals: c.locals, body: c.finish() };
}

/**
 * `packB(src, rs, cs, kc, nc, dst)`: rows [0, kc) and columns [0, nc) of the strided B block
 * into NR-column panels, each kc steps of NR values; the last panel is zero-padded.
 */
function emitPackB(p: Prec, b: Blocking): FunctionDef {
  const c = new Code(6);
  const [src, rs, cs, kc, nc, dst] = [0, 1, 2, 3, 4, 5];
  const nr = b.nrVec * p.lanes;
  const jr = c.local(i32);
  const s = c.local(i32);
  const cnt = c.local(i32);
  const j = c.local(i32);
  const colOff: number[] = [];
  for (let r = 0; r < nr; r++) colOff.push(c.local(i32));
  for (let r = 0; r < nr; r++) c.localGet(cs).i32Const(r).op(op.i32Mul).localSet(colOff[r]);
  c.i32Const(0).localSet(jr);
  whileLt(
    c,
    jr,
    () => c.localGet(nc).i32Const(nr - 1).op(op.i32Sub),
    () => {
      c.localGet(src).localSet(s);
      c.localGet(kc).localSet(cnt);
      // Contiguous rows (B not transposed): copy whole vectors.
      c.localGet(cs).i32Const(p.eb).op(op.i32Eq).if();
      c.loop();
      for (let v = 0; v < b.nrVec; v++) c.localGet(dst).localGet(s).v128Load(v * 16).v128Store(v * 16);
      addTo(c, s, () => c.localGet(rs));
      addTo(c, dst, () => c.i32Const(nr * p.eb));
      c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
      c.end();
      c.else();
      c.loop();
      for (let r = 0; r < nr; r++) {
        c.localGet(dst).localGet(s).localGet(colOff[r]).op(op.i32Add);
        p.load(c);
        p.store(c, r * p.eb);
      }
      addTo(c, s, () => c.localGet(rs));
      addTo(c, dst, () => c.i32Const(nr * p.eb));
      c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
      c.end();
      c.end();
      addTo(c, src, () => c.localGet(colOff[nr - 1]).localGet(cs).op(op.i32Add));
      addTo(c, jr, () => c.i32Const(nr));
    },
  );
  c.localGet(jr).localGet(nc).op(op.i32LtS).if();
  c.localGet(kc).localSet(cnt);
  c.loop();
  c.localGet(src).localSet(s);
  c.i32Const(0).localSet(j);
  whileLt(
    c,
    j,
    () => c.localGet(nc).localGet(jr).op(op.i32Sub),
    () => {
      c.localGet(dst).localGet(s);
      p.load(c);
      p.store(c);
      addTo(c, s, () => c.localGet(cs));
      addTo(c, dst, () => c.i32Const(p.eb));
      addTo(c, j, () => c.i32Const(1));
    },
  );
  whileLt(
    c,
    j,
    () => c.i32Const(nr),
    () => {
      c.localGet(dst);
      p.zero(c);
      p.store(c);
      addTo(c, dst, () => c.i32Const(p.eb));
      addTo(c, j, () => c.i32Const(1));
    },
  );
  addTo(c, src, () => c.localGet(rs));
  c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
  c.end();
  c.end();
  return { type: sig(6, 0), locals: c.locals, body: c.finish() };
}

/** `merge(tile, c, ldc, mr, nr, acc)`: the valid mr×nr corner of a scratch tile into C. */
function emitMerge(p: Prec, b: Blocking): FunctionDef {
  const c = new Code(6);
  const [tile, cc, ldc, mr, nr, acc] = [0, 1, 2, 3, 4, 5];
  const i = c.local(i32);
  const j = c.local(i32);
  const nrBytes = b.nrVec * p.lanes * p.eb;
  c.i32Const(0).localSet(i);
  whileLt(
    c,
    i,
    () => c.localGet(mr),
    () => {
      c.i32Const(0).localSet(j);
      whileLt(
        c,
        j,
        () => c.localGet(nr),
        () => {
          const at = (base: number): void => {
            c.localGet(base).localGet(j).i32Const(Math.log2(p.eb)).op(op.i32Shl).op(op.i32Add);
          };
          at(cc);
          at(tile);
          p.load(c);
          at(cc);
          p.load(c);
          p.zero(c);
          c.localGet(acc).op(op.select).op(p.scalarAdd);
          p.store(c);
          addTo(c, j, () => c.i32Const(1));
        },
      );
      addTo(c, tile, () => c.i32Const(nrBytes));
      addTo(c, cc, () => c.localGet(ldc));
      addTo(c, i, () => c.i32Const(1));
    },
  );
  return { type: sig(6, 0), locals: c.locals, body: c.finish() };
}

/** `macro(pa, pb, c, mc, nc, kc, ldc, acc, tile)`: all micro-tiles of one packed block pair. */
function emitMacro(p: Prec, b: Blocking, base: number): FunctionDef {
  const c = new Code(9);
  const [pa, pb, cc, mc, nc, kc, ldc, acc, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const nr = b.nrVec * p.lanes;
  const jr = c.local(i32);
  const ir = c.local(i32);
  const nrv = c.local(i32);
  const mrv = c.local(i32);
  const ap = c.local(i32);
  const ct = c.local(i32);
  const aStep = c.local(i32);
  const bStep = c.local(i32);
  c.localGet(kc).i32Const(b.mr * p.eb).op(op.i32Mul).localSet(aStep);
  c.localGet(kc).i32Const(nr * p.eb).op(op.i32Mul).localSet(bStep);
  c.i32Const(0).localSet(jr);
  whileLt(
    c,
    jr,
    () => c.localGet(nc),
    () => {
      setMin(c, nrv, () => c.i32Const(nr), () => c.localGet(nc).localGet(jr).op(op.i32Sub));
      c.i32Const(0).localSet(ir);
      c.localGet(pa).localSet(ap);
      c.localGet(cc).localSet(ct);
      whileLt(
        c,
        ir,
        () => c.localGet(mc),
        () => {
          setMin(c, mrv, () => c.i32Const(b.mr), () => c.localGet(mc).localGet(ir).op(op.i32Sub));
          c.localGet(mrv).i32Const(b.mr).op(op.i32Eq).localGet(nrv).i32Const(nr).op(op.i32Eq).op(op.i32And).if();
          c.localGet(ap).localGet(pb).localGet(ct).localGet(ldc).localGet(kc).localGet(acc).call(base + F.kernel);
          c.else();
          c.localGet(ap).localGet(pb).localGet(tile).i32Const(nr * p.eb).localGet(kc).i32Const(0).call(base + F.kernel);
          c.localGet(tile).localGet(ct).localGet(ldc).localGet(mrv).localGet(nrv).localGet(acc).call(base + F.merge);
          c.end();
          addTo(c, ir, () => c.i32Const(b.mr));
          addTo(c, ap, () => c.localGet(aStep));
          addTo(c, ct, () => c.localGet(ldc).i32Const(b.mr).op(op.i32Mul));
        },
      );
      addTo(c, jr, () => c.i32Const(nr));
      addTo(c, pb, () => c.localGet(bStep));
      addTo(c, cc, () => c.i32Const(nr * p.eb));
    },
  );
  return { type: sig(9, 0), locals: c.locals, body: c.finish() };
}

/**
 * `gemm(A, B, C, n, k, rsA, csA, rsB, csB, i0, i1, ldc, packA, packB, tile)`: rows [i0, i1) of
 * C = A·B for one matrix, A and B addressed through byte strides, C row stride `ldc` bytes.
 * k blocks are balanced (equal sizes ≤ KC) and row blocks are multiples of MR of at most MC.
 */
function emitGemm(p: Prec, b: Blocking, base: number): FunctionDef {
  const c = new Code(15);
  const [A, B, C, n, k, rsA, csA, rsB, csB, i0, i1, ldc, pka, pkb, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const jc = c.local(i32);
  const pc = c.local(i32);
  const ic = c.local(i32);
  const ncv = c.local(i32);
  const kcv = c.local(i32);
  const mcv = c.local(i32);
  const kStep = c.local(i32);
  const mStep = c.local(i32);
  const t = c.local(i32);
  // kStep = ceil(k / ceil(k / KC))
  c.localGet(k).i32Const(b.kc - 1).op(op.i32Add).i32Const(b.kc).op(op.i32DivU).localSet(t);
  c.localGet(k).localGet(t).op(op.i32Add).i32Const(1).op(op.i32Sub).localGet(t).op(op.i32DivU).localSet(kStep);
  // mStep = roundUp(ceil(rows / ceil(rows / MC)), MR)
  c.localGet(i1).localGet(i0).op(op.i32Sub).i32Const(b.mc - 1).op(op.i32Add).i32Const(b.mc).op(op.i32DivU).localSet(t);
  c.localGet(i1).localGet(i0).op(op.i32Sub).localGet(t).op(op.i32Add).i32Const(1).op(op.i32Sub).localGet(t).op(op.i32DivU);
  c.i32Const(b.mr - 1).op(op.i32Add).i32Const(b.mr).op(op.i32DivU).i32Const(b.mr).op(op.i32Mul).localSet(mStep);
  c.i32Const(0).localSet(jc);
  whileLt(
    c,
    jc,
    () => c.localGet(n),
    () => {
      setMin(c, ncv, () => c.i32Const(b.nc), () => c.localGet(n).localGet(jc).op(op.i32Sub));
      c.i32Const(0).localSet(pc);
      whileLt(
        c,
        pc,
        () => c.localGet(k),
        () => {
          setMin(c, kcv, () => c.localGet(kStep), () => c.localGet(k).localGet(pc).op(op.i32Sub));
          c.localGet(B).localGet(pc).localGet(rsB).op(op.i32Mul).op(op.i32Add).localGet(jc).localGet(csB).op(op.i32Mul).op(op.i32Add);
          c.localGet(rsB).localGet(csB).localGet(kcv).localGet(ncv).localGet(pkb).call(base + F.packB);
          c.localGet(i0).localSet(ic);
          whileLt(
            c,
            ic,
            () => c.localGet(i1),
            () => {
              setMin(c, mcv, () => c.localGet(mStep), () => c.localGet(i1).localGet(ic).op(op.i32Sub));
              c.localGet(A).localGet(ic).localGet(rsA).op(op.i32Mul).op(op.i32Add).localGet(pc).localGet(csA).op(op.i32Mul).op(op.i32Add);
              c.localGet(rsA).localGet(csA).localGet(mcv).localGet(kcv).localGet(pka).call(base + F.packA);
              c.localGet(pka).localGet(pkb);
              c.localGet(C).localGet(ic).localGet(ldc).op(op.i32Mul).op(op.i32Add).localGet(jc).i32Const(p.eb).op(op.i32Mul).op(op.i32Add);
              c.localGet(mcv).localGet(ncv).localGet(kcv).localGet(ldc).localGet(pc).localGet(tile).call(base + F.macro);
              addTo(c, ic, () => c.localGet(mStep));
            },
          );
          addTo(c, pc, () => c.localGet(kStep));
        },
      );
      addTo(c, jc, () => c.i32Const(b.nc));
    },
  );
  return { type: sig(15, 0), locals: c.locals, body: c.finish() };
}

/**
 * `run(params)`: global rows [rowStart, rowEnd) of a batch of products (row r is row r mod m
 * of batch element floor(r / m)), columns [0, n); C rows are `ldc` elements apart and C batch
 * elements `m * ldc` elements apart (so a caller can hand out a column range by offsetting
 * `b` and `c` and narrowing `n`).
 */
function emitRun(p: Prec, base: number): FunctionDef {
  const c = new Code(1);
  const prm = 0;
  const r = c.local(i32);
  const end = c.local(i32);
  const m = c.local(i32);
  const n = c.local(i32);
  const bi = c.local(i32);
  const i0 = c.local(i32);
  const i1 = c.local(i32);
  const ldcb = c.local(i32);
  const get = (field: keyof typeof paramField): Code => c.localGet(prm).i32Load(paramField[field]);
  get("rowStart").localSet(r);
  get("rowEnd").localSet(end);
  get("m").localSet(m);
  get("n").localSet(n);
  get("ldc").i32Const(p.eb).op(op.i32Mul).localSet(ldcb);
  whileLt(
    c,
    r,
    () => c.localGet(end),
    () => {
      c.localGet(r).localGet(m).op(op.i32DivU).localSet(bi);
      c.localGet(r).localGet(bi).localGet(m).op(op.i32Mul).op(op.i32Sub).localSet(i0);
      setMin(c, i1, () => c.localGet(m), () => c.localGet(i0).localGet(end).op(op.i32Add).localGet(r).op(op.i32Sub));
      get("a").localGet(bi);
      get("strideA").op(op.i32Mul).op(op.i32Add);
      get("b").localGet(bi);
      get("strideB").op(op.i32Mul).op(op.i32Add);
      get("c").localGet(bi).localGet(m).op(op.i32Mul).localGet(ldcb).op(op.i32Mul).op(op.i32Add);
      c.localGet(n);
      get("k");
      get("rsA");
      get("csA");
      get("rsB");
      get("csB");
      c.localGet(i0).localGet(i1).localGet(ldcb);
      get("packA");
      get("packB");
      get("tile");
      c.call(base + F.gemm);
      addTo(c, r, () => c.localGet(i1).localGet(i0).op(op.i32Sub));
    },
  );
  return { type: sig(1, 0), locals: c.locals, body: c.finish() };
}

function validBlocking(p: Prec, b: Blocking): void {
  const nr = b.nrVec * p.lanes;
  const ok =
    b.mr >= 1 &&
    b.nrVec >= 1 &&
    Number.isInteger(Math.log2(b.unroll)) &&
    b.kc >= 1 &&
    b.mc % b.mr === 0 &&
    b.nc % nr === 0;
  if (!ok) throw new Error(`invalid blocking ${JSON.stringify(b)}`);
}

/**
 * Builds the module: functions `run_f32(params)` and `run_f64(params)` are exported, and the
 * memory is imported as `env.memory`.
 * @example
 * const g = buildGemmModule({ shared: false, initialPages: 16, maximumPages: 1024 });
 * const memory = new WebAssembly.Memory({ initial: 16, maximum: 1024 });
 * const inst = new WebAssembly.Instance(new WebAssembly.Module(g.bytes), { env: { memory } });
 * // inst.exports.run_f32(paramsAddress), see paramField
 */
export function buildGemmModule(options: GemmModuleOptions): GemmModule {
  const defaults = defaultBlocking(options.fma ?? false);
  const blocking: Record<Precision, Blocking> = {
    f32: options.blocking?.f32 ?? defaults.f32,
    f64: options.blocking?.f64 ?? defaults.f64,
  };
  const functions: FunctionDef[] = [];
  const names: Precision[] = ["f32", "f64"];
  const scratchBytes = {} as Record<Precision, { packA: number; packB: number; tile: number }>;
  names.forEach((name, g) => {
    const p = precs[name];
    const b = blocking[name];
    validBlocking(p, b);
    const base = g * groupSize;
    const nr = b.nrVec * p.lanes;
    const group: FunctionDef[] = [];
    group[F.kernel] = emitKernel(p, b, options.fma ?? false);
    group[F.packA] = emitPackA(p, b);
    group[F.packB] = emitPackB(p, b);
    group[F.merge] = emitMerge(p, b);
    group[F.macro] = emitMacro(p, b, base);
    group[F.gemm] = emitGemm(p, b, base);
    group[F.run] = { ...emitRun(p, base), exportName: `run_${name}` };
    functions.push(...group);
    scratchBytes[name] = { packA: b.mc * b.kc * p.eb, packB: b.nc * b.kc * p.eb, tile: b.mr * nr * p.eb };
  });
  const bytes = encodeModule({
    memory: { module: "env", field: "memory", initial: options.initialPages, maximum: options.maximumPages, shared: options.shared },
    functions,
  });
  return { bytes, blocking, scratchBytes };
}

/**
 * Whether this engine validates relaxed-SIMD `f32x4.relaxed_madd` (Node 20 needs
 * `--experimental-wasm-relaxed-simd`).
 * @example relaxedSimdAvailable() // false on a stock Node 20
 */
export function relaxedSimdAvailable(): boolean {
  const c = new Code(3).localGet(0).localGet(1).localGet(2).simd(simd.f32x4RelaxedMadd);
  const bytes = encodeModule({ functions: [{ type: { params: [v128, v128, v128], results: [v128] }, locals: [], body: c.finish() }] });
  return wasmApi?.validate(bytes) ?? false;
}
