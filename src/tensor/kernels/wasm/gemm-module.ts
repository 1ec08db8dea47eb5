/**
 * Emits the GEMM WebAssembly module with {@link encodeModule}: for each precision a
 * register-blocked SIMD micro-kernel, panel packing for A and B (which absorbs any transpose:
 * packing reads through arbitrary byte strides), a macro-kernel over one packed block pair, and
 * an exported task loop `run_f32` / `run_f64` that reads its arguments from a parameter block
 * in memory, so the main thread and a worker call it the same way and share the work.
 *
 * Algorithm (GotoBLAS/BLIS): C is cut into tasks (batch element × row block × column block).
 * For each k block (≤ KC deep) a task makes sure that block of B is packed into NR-wide column
 * panels (packed once per call, shared by the threads), packs its rows of A into MR-high row
 * panels, and for each NR panel, for each MR panel, runs the micro-kernel: an MR×NR tile
 * accumulated in v128 locals over the kc packed steps, stored (first k block) or added into C.
 * Edge panels are zero-padded and their tiles go through a scratch tile from which only the
 * valid part is written.
 */
import { Code, encodeModule, type FunctionDef, op, simd, valType, type ValType } from "./encoder";
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
  /** Most rows of a packed A block, i.e. of a task (a multiple of mr). */
  readonly mc: number;
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
    f32: { mr, nrVec: 2, unroll: 1, kc: 256, mc: mr * 24 },
    f64: { mr, nrVec: 2, unroll: 1, kc: 256, mc: mr * 12 },
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

/**
 * The parameter block `run_*` reads (shared by the threads of one call): field name to byte
 * offset; all fields are i32. Addresses and strides are in bytes except `ldc` (elements).
 * Per batch element `q`: A at `a + q * strideA`, B at `b + q * strideB` (strideB 0: one B for
 * all), C at `c + q * m * ldc * eb`. Tasks are (q, row block of `mStep` rows, column block of
 * `nStep` columns), `tasks = batch * rowBlocks * colBlocks`, handed out by the i32 at `counter`
 * (zero it first). k is cut into `kBlocks` blocks of `kStep`. B is packed once per batch element
 * (once in all when strideB is 0) into `packB + q * packBStride`: k block `pc` at
 * `pc * nPad * eb`, `nPad` = n rounded up to NR; each k block has two i32 states at
 * `states + (q' * kBlocks + kIdx) * 8` (zero them first). Thread `t` packs its A blocks at
 * `scratch + t * scratchStride` and uses the edge tile `tileOffset` bytes further (see
 * {@link GemmModule.scratchBytes}).
 */
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
  ldc: 48,
  mStep: 52,
  rowBlocks: 56,
  nStep: 60,
  colBlocks: 64,
  tasks: 68,
  kStep: 72,
  kBlocks: 76,
  nPad: 80,
  packB: 84,
  packBStride: 88,
  states: 92,
  counter: 96,
  scratch: 100,
  scratchStride: 104,
  tileOffset: 108,
} as const;

/** Bytes of one parameter block. */
export const paramBlockBytes = 128;

/** What the host needs to know about a built module. */
export interface GemmModule {
  readonly bytes: Uint8Array;
  readonly blocking: Record<Precision, Blocking>;
  /** Bytes each thread needs for its packed A block and its scratch edge tile. */
  readonly scratchBytes: Record<Precision, { packA: number; tile: number }>;
}

interface Prec {
  readonly eb: number;
  readonly lanes: number;
  readonly splatLoad: number;
  readonly mul: number;
  readonly add: number;
  readonly madd: number;
  readonly storeLane: number;
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
    storeLane: simd.v128Store32Lane,
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
    storeLane: simd.v128Store64Lane,
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

/** `local[dst] = min(a, b)` (signed); `a` and `b` each push one i32 and are emitted twice. */
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

/** `loop { body; } while (--local[cnt] != 0)`, skipped when local[cnt] is 0. */
function countedLoop(c: Code, cnt: number, body: () => void): void {
  c.localGet(cnt).if().loop();
  body();
  c.localGet(cnt).i32Const(1).op(op.i32Sub).localTee(cnt).brIf(0);
  c.end().end();
}

function sig(params: number, results: number): { params: ValType[]; results: ValType[] } {
  return { params: new Array<ValType>(params).fill(i32), results: new Array<ValType>(results).fill(i32) };
}

/** Function indices inside one precision's group. */
const F = { kernel: 0, packA: 1, packB: 2, merge: 3, macro: 4, ensureB: 5, run: 6 } as const;
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
      for (let j = 0; j < b.nrVec; j++)
        c.localGet(bp)
          .v128Load((u * nr + j * p.lanes) * p.eb)
          .localSet(bv[j]);
      for (let i = 0; i < b.mr; i++) {
        c.localGet(ap)
          .simdMem(p.splatLoad, p.eb, (u * b.mr + i) * p.eb)
          .localSet(av);
        for (let j = 0; j < b.nrVec; j++) {
          if (fma) c.localGet(av).localGet(bv[j]).localGet(accs[i][j]).simd(p.madd).localSet(accs[i][j]);
          else c.localGet(accs[i][j]).localGet(av).localGet(bv[j]).simd(p.mul).simd(p.add).localSet(accs[i][j]);
        }
      }
    }
    addTo(c, ap, () => c.i32Const(count * b.mr * p.eb));
    addTo(c, bp, () => c.i32Const(count * nr * p.eb));
  };
  if (b.unroll > 1) {
    c.localGet(kc).i32Const(Math.log2(b.unroll)).op(op.i32ShrU).localSet(cnt);
    countedLoop(c, cnt, () => steps(b.unroll));
    c.localGet(kc)
      .i32Const(b.unroll - 1)
      .op(op.i32And)
      .localSet(cnt);
  } else {
    c.localGet(kc).localSet(cnt);
  }
  countedLoop(c, cnt, () => steps(1));

  const writeBack = (add: boolean): void => {
    for (let i = 0; i < b.mr; i++) {
      for (let j = 0; j < b.nrVec; j++) {
        c.localGet(cc);
        if (add)
          c.localGet(cc)
            .v128Load(j * 16)
            .localGet(accs[i][j])
            .simd(p.add);
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

/** `i8x16.shuffle` byte indices selecting elements `idx` (of width `eb`) of the two operands. */
function elementShuffle(eb: number, idx: readonly number[]): number[] {
  return idx.flatMap((e) => Array.from({ length: eb }, (_, i) => e * eb + i));
}

/**
 * One step of a transposing copy: reads one vector (`lanes` consecutive elements) from each of
 * `lines` lines at `s + lineOff[r]`, and writes them as `lanes` rows of `lines` elements at
 * `dst` (row q, element r at `dst + (q * lines + r) * eb`): full groups of `lanes` lines are
 * transposed with shuffles and stored as vectors, leftover lines lane by lane. Advances `s` by
 * `lanes` elements and `dst` by `lanes * lines`.
 */
function transposedStep(c: Code, p: Prec, lines: number, lineOff: readonly number[], s: number, dst: number, v: readonly number[], t: readonly number[]): void {
  const { eb, lanes } = p;
  for (let r = 0; r < lines; r++) c.localGet(s).localGet(lineOff[r]).op(op.i32Add).v128Load().localSet(v[r]);
  const groups = Math.floor(lines / lanes);
  for (let g = 0; g < groups; g++) {
    const base = g * lanes;
    const store = (q: number, a: number, b2: number, idx: number[]): void => {
      c.localGet(dst)
        .localGet(a)
        .localGet(b2)
        .shuffle(elementShuffle(eb, idx))
        .v128Store((q * lines + base) * eb);
    };
    if (lanes === 4) {
      const sh = (dstLocal: number, a: number, b2: number, idx: number[]): void => {
        c.localGet(a).localGet(b2).shuffle(elementShuffle(eb, idx)).localSet(dstLocal);
      };
      sh(t[0], v[base], v[base + 1], [0, 4, 1, 5]);
      sh(t[1], v[base], v[base + 1], [2, 6, 3, 7]);
      sh(t[2], v[base + 2], v[base + 3], [0, 4, 1, 5]);
      sh(t[3], v[base + 2], v[base + 3], [2, 6, 3, 7]);
      store(0, t[0], t[2], [0, 1, 4, 5]);
      store(1, t[0], t[2], [2, 3, 6, 7]);
      store(2, t[1], t[3], [0, 1, 4, 5]);
      store(3, t[1], t[3], [2, 3, 6, 7]);
    } else {
      store(0, v[base], v[base + 1], [0, 2]);
      store(1, v[base], v[base + 1], [1, 3]);
    }
  }
  for (let r = groups * lanes; r < lines; r++) {
    for (let q = 0; q < lanes; q++)
      c.localGet(dst)
        .localGet(v[r])
        .simdLaneMem(p.storeLane, eb, (q * lines + r) * eb, q);
  }
  addTo(c, s, () => c.i32Const(lanes * eb));
  addTo(c, dst, () => c.i32Const(lanes * lines * eb));
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
  const vecs = Array.from({ length: b.mr }, () => c.local(v128));
  const tmps = Array.from({ length: 4 }, () => c.local(v128));
  // Full panels.
  c.i32Const(0).localSet(ir);
  whileLt(
    c,
    ir,
    () =>
      c
        .localGet(mc)
        .i32Const(b.mr - 1)
        .op(op.i32Sub),
    () => {
      c.localGet(src).localSet(s);
      // Rows contiguous along k (A not transposed): transpose lanes×lanes blocks with shuffles.
      c.localGet(cs).i32Const(p.eb).op(op.i32Eq).if();
      c.localGet(kc).i32Const(Math.log2(p.lanes)).op(op.i32ShrU).localSet(cnt);
      countedLoop(c, cnt, () => transposedStep(c, p, b.mr, rowOff, s, dst, vecs, tmps));
      c.localGet(kc)
        .i32Const(p.lanes - 1)
        .op(op.i32And)
        .localSet(cnt);
      c.else();
      c.localGet(kc).localSet(cnt);
      c.end();
      countedLoop(c, cnt, () => {
        for (let r = 0; r < b.mr; r++) {
          c.localGet(dst).localGet(s).localGet(rowOff[r]).op(op.i32Add);
          p.load(c);
          p.store(c, r * p.eb);
        }
        addTo(c, s, () => c.localGet(cs));
        addTo(c, dst, () => c.i32Const(b.mr * p.eb));
      });
      addTo(c, src, () =>
        c
          .localGet(rowOff[b.mr - 1])
          .localGet(rs)
          .op(op.i32Add),
      );
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
  const vecs = Array.from({ length: nr }, () => c.local(v128));
  const tmps = Array.from({ length: 4 }, () => c.local(v128));
  c.i32Const(0).localSet(jr);
  whileLt(
    c,
    jr,
    () =>
      c
        .localGet(nc)
        .i32Const(nr - 1)
        .op(op.i32Sub),
    () => {
      c.localGet(src).localSet(s);
      c.localGet(kc).localSet(cnt);
      // Contiguous rows (B not transposed): copy whole vectors.
      c.localGet(cs).i32Const(p.eb).op(op.i32Eq).if();
      countedLoop(c, cnt, () => {
        for (let v = 0; v < b.nrVec; v++)
          c.localGet(dst)
            .localGet(s)
            .v128Load(v * 16)
            .v128Store(v * 16);
        addTo(c, s, () => c.localGet(rs));
        addTo(c, dst, () => c.i32Const(nr * p.eb));
      });
      c.else();
      // Columns contiguous along k (B transposed): transpose lanes×lanes blocks with shuffles.
      c.localGet(rs).i32Const(p.eb).op(op.i32Eq).if();
      c.localGet(kc).i32Const(Math.log2(p.lanes)).op(op.i32ShrU).localSet(cnt);
      countedLoop(c, cnt, () => transposedStep(c, p, nr, colOff, s, dst, vecs, tmps));
      c.localGet(kc)
        .i32Const(p.lanes - 1)
        .op(op.i32And)
        .localSet(cnt);
      c.end();
      countedLoop(c, cnt, () => {
        for (let r = 0; r < nr; r++) {
          c.localGet(dst).localGet(s).localGet(colOff[r]).op(op.i32Add);
          p.load(c);
          p.store(c, r * p.eb);
        }
        addTo(c, s, () => c.localGet(rs));
        addTo(c, dst, () => c.i32Const(nr * p.eb));
      });
      c.end();
      addTo(c, src, () =>
        c
          .localGet(colOff[nr - 1])
          .localGet(cs)
          .op(op.i32Add),
      );
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

/**
 * `merge(tile, c, ldc, mr, nr, acc)`: the valid mr×nr corner of a scratch tile into C (=, or +=
 * with `acc`): whole vectors while a row has `lanes` columns left, then single elements.
 */
function emitMerge(p: Prec, b: Blocking): FunctionDef {
  const c = new Code(6);
  const [tile, cc, ldc, mr, nr, acc] = [0, 1, 2, 3, 4, 5];
  const i = c.local(i32);
  const j = c.local(i32);
  const nrBytes = b.nrVec * p.lanes * p.eb;
  const at = (base: number): void => {
    c.localGet(base).localGet(j).i32Const(Math.log2(p.eb)).op(op.i32Shl).op(op.i32Add);
  };
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
        () =>
          c
            .localGet(nr)
            .i32Const(p.lanes - 1)
            .op(op.i32Sub),
        () => {
          // C = tile + (acc ? C : 0)
          at(cc);
          at(tile);
          c.v128Load();
          at(cc);
          c.v128Load().v128Zero().localGet(acc).op(op.select).simd(p.add);
          c.v128Store();
          addTo(c, j, () => c.i32Const(p.lanes));
        },
      );
      whileLt(
        c,
        j,
        () => c.localGet(nr),
        () => {
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
  c.localGet(kc)
    .i32Const(b.mr * p.eb)
    .op(op.i32Mul)
    .localSet(aStep);
  c.localGet(kc)
    .i32Const(nr * p.eb)
    .op(op.i32Mul)
    .localSet(bStep);
  c.i32Const(0).localSet(jr);
  whileLt(
    c,
    jr,
    () => c.localGet(nc),
    () => {
      setMin(
        c,
        nrv,
        () => c.i32Const(nr),
        () => c.localGet(nc).localGet(jr).op(op.i32Sub),
      );
      c.i32Const(0).localSet(ir);
      c.localGet(pa).localSet(ap);
      c.localGet(cc).localSet(ct);
      whileLt(
        c,
        ir,
        () => c.localGet(mc),
        () => {
          setMin(
            c,
            mrv,
            () => c.i32Const(b.mr),
            () => c.localGet(mc).localGet(ir).op(op.i32Sub),
          );
          c.localGet(mrv).i32Const(b.mr).op(op.i32Eq).localGet(nrv).i32Const(nr).op(op.i32Eq).op(op.i32And).if();
          c.localGet(ap)
            .localGet(pb)
            .localGet(ct)
            .localGet(ldc)
            .localGet(kc)
            .localGet(acc)
            .call(base + F.kernel);
          c.else();
          c.localGet(ap)
            .localGet(pb)
            .localGet(tile)
            .i32Const(nr * p.eb)
            .localGet(kc)
            .i32Const(0)
            .call(base + F.kernel);
          c.localGet(tile)
            .localGet(ct)
            .localGet(ldc)
            .localGet(mrv)
            .localGet(nrv)
            .localGet(acc)
            .call(base + F.merge);
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
 * `ensureB(states, src, rs, cs, kc, n, dst, j0, j1)`: makes sure packed B columns [j0, j1) of
 * one k block are ready at `dst`. The block is packed in two column parts, each guarded by an
 * i32 state (0 = to do, 1 = being packed, 2 = ready) at `states` and `states + 4`: a thread
 * claims and packs the parts it needs that nobody has claimed, then spins until the parts
 * another thread is packing are ready — so two threads starting together pack B in parallel.
 */
function emitEnsureB(p: Prec, b: Blocking, base: number): FunctionDef {
  const c = new Code(9);
  const [states, src, rs, cs, kc, n, dst, j0, j1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const nr = b.nrVec * p.lanes;
  const half = c.local(i32);
  // half = min(n, roundUp(ceil(n / 2), NR))
  setMin(
    c,
    half,
    () => c.localGet(n),
    () =>
      c
        .localGet(n)
        .i32Const(1)
        .op(op.i32Add)
        .i32Const(1)
        .op(op.i32ShrU)
        .i32Const(nr - 1)
        .op(op.i32Add)
        .i32Const(nr)
        .op(op.i32DivU)
        .i32Const(nr)
        .op(op.i32Mul),
  );
  const needed = (part: number): void => {
    if (part === 0) c.localGet(j0).localGet(half).op(op.i32LtS);
    else c.localGet(j1).localGet(half).op(op.i32GtS);
  };
  const claimAndPack = (part: number): void => {
    needed(part);
    c.if();
    c.localGet(states)
      .i32Const(0)
      .i32Const(1)
      .i32AtomicCmpxchg(part * 4)
      .op(op.i32Eqz)
      .if();
    // src + p0 * cs, rs, cs, kc, p1 - p0, dst + p0 * kc * eb
    if (part === 0) {
      c.localGet(src).localGet(rs).localGet(cs).localGet(kc).localGet(half).localGet(dst);
    } else {
      c.localGet(src).localGet(half).localGet(cs).op(op.i32Mul).op(op.i32Add);
      c.localGet(rs).localGet(cs).localGet(kc).localGet(n).localGet(half).op(op.i32Sub);
      c.localGet(dst).localGet(half).localGet(kc).op(op.i32Mul).i32Const(p.eb).op(op.i32Mul).op(op.i32Add);
    }
    c.call(base + F.packB);
    c.localGet(states)
      .i32Const(2)
      .i32AtomicStore(part * 4);
    c.end();
    c.end();
  };
  const awaitReady = (part: number): void => {
    needed(part);
    c.if().loop();
    c.localGet(states)
      .i32AtomicLoad(part * 4)
      .i32Const(2)
      .op(op.i32Ne)
      .brIf(0);
    c.end().end();
  };
  claimAndPack(0);
  claimAndPack(1);
  awaitReady(0);
  awaitReady(1);
  return { type: sig(9, 0), locals: c.locals, body: c.finish() };
}

/**
 * `run(params, thread) -> tasks done`: takes tasks from the shared counter until none are
 * left, and returns how many it took (the thread pool's task-loop convention). A task is
 * one (batch element, row block, column block) of C over all of k: for each k block, make sure
 * that block of B is packed (shared between threads, see `ensureB`), pack the task's rows of A
 * into this thread's `packA`, and run the macro-kernel. Both threads run this with the same
 * parameter block; only the scratch (`packA`, `tile`) is per thread.
 */
function emitRun(p: Prec, base: number): FunctionDef {
  const c = new Code(2);
  const [prm, thread] = [0, 1];
  const L = (): number => c.local(i32);
  const [packA, tile, t, per, bi, r, rb, cb, i0, i1, j0, j1, pc, kcv, kIdx, bsel, aBase, cBase, ldcb, pb, done] = Array.from({ length: 21 }, L);
  const get = (field: keyof typeof paramField): Code => c.localGet(prm).i32Load(paramField[field]);
  get("scratch").localGet(thread);
  get("scratchStride").op(op.i32Mul).op(op.i32Add).localTee(packA);
  get("tileOffset").op(op.i32Add).localSet(tile);
  get("rowBlocks");
  get("colBlocks").op(op.i32Mul).localSet(per);
  get("ldc").i32Const(p.eb).op(op.i32Mul).localSet(ldcb);
  c.claimTasks(
    t,
    done,
    () => get("counter"),
    () => get("tasks"),
    () => {
      c.localGet(t).localGet(per).op(op.i32DivU).localSet(bi);
      c.localGet(t).localGet(bi).localGet(per).op(op.i32Mul).op(op.i32Sub).localSet(r);
      c.localGet(r);
      get("colBlocks").op(op.i32DivU).localSet(rb);
      c.localGet(r).localGet(rb);
      get("colBlocks").op(op.i32Mul).op(op.i32Sub).localSet(cb);
      c.localGet(rb);
      get("mStep").op(op.i32Mul).localSet(i0);
      setMin(
        c,
        i1,
        () => get("m"),
        () => c.localGet(i0).localGet(prm).i32Load(paramField.mStep).op(op.i32Add),
      );
      c.localGet(cb);
      get("nStep").op(op.i32Mul).localSet(j0);
      setMin(
        c,
        j1,
        () => get("n"),
        () => c.localGet(j0).localGet(prm).i32Load(paramField.nStep).op(op.i32Add),
      );
      get("a").localGet(bi);
      get("strideA").op(op.i32Mul).op(op.i32Add).localSet(aBase);
      get("c").localGet(bi);
      get("m").op(op.i32Mul).localGet(i0).op(op.i32Add).localGet(ldcb).op(op.i32Mul).op(op.i32Add);
      c.localGet(j0).i32Const(p.eb).op(op.i32Mul).op(op.i32Add).localSet(cBase);
      // bsel = strideB == 0 ? 0 : bi
      c.localGet(bi).i32Const(0);
      get("strideB").op(op.select).localSet(bsel);
      c.i32Const(0).localSet(pc);
      c.i32Const(0).localSet(kIdx);
      whileLt(
        c,
        pc,
        () => get("k"),
        () => {
          setMin(
            c,
            kcv,
            () => get("kStep"),
            () => get("k").localGet(pc).op(op.i32Sub),
          );
          // pb = packB + bsel * packBStride + pc * nPad * eb
          get("packB").localGet(bsel);
          get("packBStride").op(op.i32Mul).op(op.i32Add).localGet(pc);
          get("nPad").op(op.i32Mul).i32Const(p.eb).op(op.i32Mul).op(op.i32Add).localSet(pb);
          // ensureB(states + (bsel * kBlocks + kIdx) * 8, b + bsel * strideB + pc * rsB, rsB, csB, kc, n, pb, j0, j1)
          get("states").localGet(bsel);
          get("kBlocks").op(op.i32Mul).localGet(kIdx).op(op.i32Add).i32Const(8).op(op.i32Mul).op(op.i32Add);
          get("b").localGet(bsel);
          get("strideB").op(op.i32Mul).op(op.i32Add).localGet(pc);
          get("rsB").op(op.i32Mul).op(op.i32Add);
          get("rsB");
          get("csB");
          c.localGet(kcv);
          get("n");
          c.localGet(pb)
            .localGet(j0)
            .localGet(j1)
            .call(base + F.ensureB);
          // packA(aBase + i0 * rsA + pc * csA, rsA, csA, i1 - i0, kc, packA)
          c.localGet(aBase).localGet(i0);
          get("rsA").op(op.i32Mul).op(op.i32Add).localGet(pc);
          get("csA").op(op.i32Mul).op(op.i32Add);
          get("rsA");
          get("csA");
          c.localGet(i1)
            .localGet(i0)
            .op(op.i32Sub)
            .localGet(kcv)
            .localGet(packA)
            .call(base + F.packA);
          // macro(packA, pb + j0 * kc * eb, cBase, i1 - i0, j1 - j0, kc, ldc, pc, tile)
          c.localGet(packA).localGet(pb).localGet(j0).localGet(kcv).op(op.i32Mul).i32Const(p.eb).op(op.i32Mul).op(op.i32Add);
          c.localGet(cBase).localGet(i1).localGet(i0).op(op.i32Sub).localGet(j1).localGet(j0).op(op.i32Sub);
          c.localGet(kcv)
            .localGet(ldcb)
            .localGet(pc)
            .localGet(tile)
            .call(base + F.macro);
          addTo(c, pc, () => get("kStep"));
          addTo(c, kIdx, () => c.i32Const(1));
        },
      );
    },
  );
  c.localGet(done);
  return { type: sig(2, 1), locals: c.locals, body: c.finish() };
}

function validBlocking(b: Blocking): void {
  const ok = b.mr >= 1 && b.nrVec >= 1 && Number.isInteger(Math.log2(b.unroll)) && b.kc >= 1 && b.mc % b.mr === 0;
  if (!ok) throw new Error(`invalid blocking ${JSON.stringify(b)}`);
}

/**
 * Builds the module: functions `run_f32(params, thread)` and `run_f64(...)` are exported
 * (see {@link paramField}), and the memory is imported as `env.memory`.
 * @example
 * const g = buildGemmModule({ shared: false, initialPages: 16, maximumPages: 1024 });
 * const memory = new WebAssembly.Memory({ initial: 16, maximum: 1024 });
 * const inst = new WebAssembly.Instance(new WebAssembly.Module(g.bytes), { env: { memory } });
 * // inst.exports.run_f32(paramsAddress, 0)
 */
export function buildGemmModule(options: GemmModuleOptions): GemmModule {
  const defaults = defaultBlocking(options.fma ?? false);
  const blocking: Record<Precision, Blocking> = {
    f32: options.blocking?.f32 ?? defaults.f32,
    f64: options.blocking?.f64 ?? defaults.f64,
  };
  const functions: FunctionDef[] = [];
  const names: Precision[] = ["f32", "f64"];
  const scratchBytes = {} as Record<Precision, { packA: number; tile: number }>;
  names.forEach((name, g) => {
    const p = precs[name];
    const b = blocking[name];
    validBlocking(b);
    const base = g * groupSize;
    const nr = b.nrVec * p.lanes;
    const group: FunctionDef[] = [];
    group[F.kernel] = emitKernel(p, b, options.fma ?? false);
    group[F.packA] = emitPackA(p, b);
    group[F.packB] = emitPackB(p, b);
    group[F.merge] = emitMerge(p, b);
    group[F.macro] = emitMacro(p, b, base);
    group[F.ensureB] = emitEnsureB(p, b, base);
    group[F.run] = { ...emitRun(p, base), exportName: `run_${name}` };
    functions.push(...group);
    scratchBytes[name] = { packA: b.mc * b.kc * p.eb, tile: b.mr * nr * p.eb };
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
