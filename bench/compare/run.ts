/**
 * `npm run bench:compare`: the workloads of `npm run bench` (B1 matmul 128/256/512, B2 MLP
 * value+grad, B3 gradient of a 1000-step scalar chain, B4 elementwise value+grad on 1e6,
 * B5 LeNet-5 value+grad, B6 LSTM value+grad over 28 steps, B7 transformer-block
 * value+grad) in purediff (eager,
 * jit, eager with one matmul thread), TensorFlow.js (cpu backend, not on B6/B7; wasm
 * backend with SIMD, 1 thread) and jax-js (wasm device, eager and jit), all in one process.
 *
 * The implementations run alternately (round robin: each round gives every one a short
 * slice of time; see ./harness), so machine load falls on all alike; the figure is the
 * median ms per call over all samples. Before timing, each implementation's results are
 * checked against purediff's (loss, gradient norms).
 *
 * Prints a JSON line per (bench, library), then tables of medians and ratios; writes
 * bench/compare/results.json and bench/compare/results.svg.
 *
 *   npm run bench:compare                                      installs bench/compare's packages, runs all
 *   npx tsx --stack-size=4000 bench/compare/run.ts --rounds 3  fewer rounds
 *   ... run.ts --only B2,B4 --libs purediff,purediff-jit,jax-js-jit
 *
 * The libraries compared are dependencies of bench/compare/package.json only, never of purediff.
 * jax-js's grad recurses once per primitive of the chain: B3 needs a V8 stack larger than
 * Node's default (hence `--stack-size=4000` in the npm script; without it jax-js's B3 fails
 * with "Maximum call stack size exceeded" and is reported as failed).
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { round } from "../measure";
import { PALETTE } from "../../src/train/plot/svg";
import { groupedBarChartSvg, type Bar } from "./chart";
import { COMPARE_DIR, installedVersion, loadJax, loadTf, loadTfWasm } from "./facades";
import { roundRobin, type Entry, type Failure, type Timing } from "./harness";
import { BENCHES, jaxEntries, LIB_NOTES, LIBS, purediffEntries, setupTf, tfEntries, type Lib } from "./impls";

/** Command-line options. */
export interface CompareArgs {
  readonly rounds: number;
  readonly sliceMs: number;
  /** Benchmark filters (an id or a prefix such as "B1"); empty: all. */
  readonly only: readonly string[];
  /** Library columns to run; empty: all. */
  readonly libs: readonly string[];
  /** Where results.json and results.svg go. */
  readonly outDir: string;
}

/** Parses `--rounds N`, `--slice-ms N`, `--only IDS`, `--libs LIBS`, `--out DIR` (also `--flag=value`). */
export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  let rounds = 9;
  let sliceMs = 120;
  const only: string[] = [];
  const libs: string[] = [];
  let outDir = COMPARE_DIR;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`bench:compare: ${flag} needs a value`);
      return v;
    };
    const positive = (v: string): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`bench:compare: ${flag} needs a positive number, got ${JSON.stringify(v)}`);
      return n;
    };
    if (flag === "--rounds") rounds = Math.round(positive(value()));
    else if (flag === "--slice-ms") sliceMs = positive(value());
    else if (flag === "--only")
      only.push(
        ...value()
          .split(",")
          .filter((s) => s !== ""),
      );
    else if (flag === "--libs")
      libs.push(
        ...value()
          .split(",")
          .filter((s) => s !== ""),
      );
    else if (flag === "--out") outDir = path.resolve(value());
    else
      throw new Error(`bench:compare: unknown argument ${JSON.stringify(argv[i])} (--rounds N, --slice-ms N, --only IDS, --libs ${LIBS.join(",")}, --out DIR)`);
  }
  const unknownLibs = libs.filter((l) => !(LIBS as readonly string[]).includes(l));
  if (unknownLibs.length > 0) throw new Error(`bench:compare: unknown libraries ${unknownLibs.join(", ")}; known: ${LIBS.join(", ")}`);
  const unknownBench = only.filter((f) => !BENCHES.some((b) => b === f || b.startsWith(`${f}-`)));
  if (unknownBench.length > 0) throw new Error(`bench:compare: no benchmark matches ${unknownBench.join(", ")}; known: ${BENCHES.join(", ")}`);
  return { rounds, sliceMs, only, libs, outDir };
}

/** True when the fingerprints agree (relative 2e-3, absolute 1e-6 per number). */
export function fingerprintsAgree(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 2e-3 * Math.max(Math.abs(x), Math.abs(b[i])) + 1e-6);
}

/** One row of results.json: a timing or a failure, with the comparison to purediff. */
export interface ResultRow {
  readonly bench: string;
  readonly lib: string;
  readonly ms?: number;
  readonly p10Ms?: number;
  readonly p90Ms?: number;
  readonly samples?: number;
  readonly callsPerSample?: number;
  /** First call (tracing and compiling under jit), ms. */
  readonly firstMs?: number;
  readonly gflops?: number;
  /** This library's ms ÷ purediff eager's (above 1: purediff is faster). */
  readonly vsPurediff?: number;
  /** This library's ms ÷ purediff jit's. */
  readonly vsPurediffJit?: number;
  /** Results agree with purediff's (loss, gradient norms). */
  readonly agrees?: boolean;
  readonly fingerprint?: readonly number[];
  readonly error?: string;
}

function rows(timings: readonly Timing[], failures: readonly Failure[]): ResultRow[] {
  const find = (bench: string, lib: Lib): Timing | undefined => timings.find((t) => t.bench === bench && t.lib === lib);
  const out: ResultRow[] = [];
  for (const bench of BENCHES) {
    const ref = find(bench, "purediff");
    const refJit = find(bench, "purediff-jit");
    for (const lib of LIBS) {
      const t = find(bench, lib);
      const f = failures.find((x) => x.bench === bench && x.lib === lib);
      if (f !== undefined) out.push({ bench, lib, error: f.error });
      if (t === undefined) continue;
      const n = bench.startsWith("B1-") ? Number(bench.slice(3)) : 0;
      out.push({
        bench,
        lib,
        ms: round(t.ms),
        p10Ms: round(t.p10Ms),
        p90Ms: round(t.p90Ms),
        samples: t.samples,
        callsPerSample: t.callsPerSample,
        firstMs: round(t.firstMs),
        ...(n > 0 ? { gflops: round((2 * n ** 3) / (t.ms * 1e6)) } : {}),
        ...(ref !== undefined ? { vsPurediff: round(t.ms / ref.ms, 3) } : {}),
        ...(refJit !== undefined ? { vsPurediffJit: round(t.ms / refJit.ms, 3) } : {}),
        ...(ref !== undefined ? { agrees: fingerprintsAgree(t.fingerprint, ref.fingerprint) } : {}),
        fingerprint: t.fingerprint.map((x) => round(x, 6)),
      });
    }
  }
  return out;
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...body.map(line)].join("\n");
}

function tables(results: readonly ResultRow[], libs: readonly Lib[], benches: readonly string[]): string {
  const cell = (bench: string, lib: Lib, f: (r: ResultRow) => string): string => {
    const r = results.find((x) => x.bench === bench && x.lib === lib);
    if (r === undefined) return "–";
    if (r.error !== undefined) return "fails";
    return f(r);
  };
  const msTable = markdownTable(
    ["median ms (p10–p90)", ...libs],
    benches.map((b) => [b, ...libs.map((l) => cell(b, l, (r) => `${r.ms} (${r.p10Ms}–${r.p90Ms})`))]),
  );
  const ratio = (key: "vsPurediff" | "vsPurediffJit") =>
    benches.map((b) => [b, ...libs.map((l) => cell(b, l, (r) => (r[key] === undefined ? "–" : `${r[key]}×`)))]);
  const vsEager = markdownTable(["÷ purediff (eager)", ...libs], ratio("vsPurediff"));
  const vsJit = markdownTable(
    ["÷ purediff-jit", ...libs],
    ratio("vsPurediffJit").filter((r) => !r[0].startsWith("B1")),
  );
  return [msTable, "", "Ratios: that library's median ÷ purediff's (above 1: purediff is faster).", "", vsEager, "", vsJit].join("\n");
}

async function main(): Promise<void> {
  const args = parseCompareArgs(process.argv.slice(2));
  const wanted = (lib: string): boolean => args.libs.length === 0 || args.libs.includes(lib);
  const benchWanted = (bench: string): boolean => args.only.length === 0 || args.only.some((f) => bench === f || bench.startsWith(`${f}-`));
  const loadavgStart = os.loadavg();
  const failures: Failure[] = [];
  const entries: Entry[] = [];
  const setupNotes: Record<string, unknown> = {};

  entries.push(...purediffEntries());

  if (wanted("tfjs-cpu") || wanted("tfjs-wasm")) {
    const tf = loadTf();
    const wasm = loadTfWasm();
    if (!tf.ok || !wasm.ok) {
      const error = !tf.ok ? tf.error : !wasm.ok ? wasm.error : "";
      for (const lib of ["tfjs-cpu", "tfjs-wasm"] as const) for (const bench of BENCHES) failures.push({ bench, lib, error });
    } else {
      try {
        setupNotes.tfjsWasm = await setupTf(tf.module, wasm.module);
        entries.push(...tfEntries(tf.module, "cpu"), ...tfEntries(tf.module, "wasm"));
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        for (const lib of ["tfjs-cpu", "tfjs-wasm"] as const) for (const bench of BENCHES) failures.push({ bench, lib, error });
      }
    }
  }

  if (wanted("jax-js") || wanted("jax-js-jit")) {
    const jax = loadJax();
    if (!jax.ok) {
      for (const lib of ["jax-js", "jax-js-jit"] as const)
        for (const bench of BENCHES) if (lib === "jax-js" || !bench.startsWith("B1")) failures.push({ bench, lib, error: jax.error });
    } else {
      const devices = await jax.module.init("wasm");
      setupNotes.jaxDevices = devices;
      if (!devices.includes("wasm")) {
        for (const bench of BENCHES) failures.push({ bench, lib: "jax-js", error: `jax-js: no wasm device (got ${devices.join(", ")})` });
      } else {
        jax.module.defaultDevice("wasm");
        // B3 (deep recursion in jax-js's tracing) last, so a failure there cannot disturb the others' setup
        const js = jaxEntries(jax.module);
        entries.push(...js.filter((e) => e.bench !== "B3-grad"), ...js.filter((e) => e.bench === "B3-grad"));
      }
    }
  }

  const selected = entries.filter((e) => wanted(e.lib) && benchWanted(e.bench));
  const selectedFailures = failures.filter((f) => wanted(f.lib) && benchWanted(f.bench));
  process.stderr.write(
    `bench:compare: ${selected.length} implementations, ${args.rounds} rounds of ${args.sliceMs} ms slices (setup first; jax-js's B3 jit compiles for several seconds)\n`,
  );
  const t0 = performance.now();
  const { timings, failures: runFailures } = await roundRobin(selected, {
    rounds: args.rounds,
    sliceMs: args.sliceMs,
    onRound: (r) => process.stderr.write(`  round ${r + 1}/${args.rounds} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`),
  });
  const results = rows(timings, [...selectedFailures, ...runFailures]);
  for (const r of results) {
    const { fingerprint: _fingerprint, ...line } = r;
    console.log(JSON.stringify(line));
  }
  const libs = LIBS.filter((l) => results.some((r) => r.lib === l));
  const mismatched = results.filter((r) => r.agrees === false);
  const loadavgEnd = os.loadavg();
  // node flags given by the user (tsx adds --require/--import of its own loader)
  const nodeFlags = process.execArgv.filter((a, i, all) => !(a === "--require" || a === "--import" || all[i - 1] === "--require" || all[i - 1] === "--import"));
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 3),
    loadavgStart: loadavgStart.map((x) => round(x, 3)),
    loadavgEnd: loadavgEnd.map((x) => round(x, 3)),
    node: process.version,
    nodeFlags,
    platform: `${os.platform()} ${os.arch()}`,
  };
  const versions = {
    "@tensorflow/tfjs": installedVersion("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": installedVersion("@tensorflow/tfjs-backend-wasm"),
    "@jax-js/jax": installedVersion("@jax-js/jax"),
  };
  console.log("");
  console.log(tables(results, libs, BENCHES.filter(benchWanted)));
  console.log("");
  console.log(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), load average ${loadavgStart.map((x) => x.toFixed(1)).join(" ")} at start, ${loadavgEnd.map((x) => x.toFixed(1)).join(" ")} at end; Node ${process.version}`,
  );
  console.log(
    `versions: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  for (const r of results.filter((x) => x.error !== undefined)) console.log(`fails: ${r.bench} ${r.lib}: ${r.error}`);
  for (const r of mismatched) console.log(`WARNING: ${r.bench} ${r.lib} computes something else than purediff: ${JSON.stringify(r.fingerprint)}`);

  fs.mkdirSync(args.outDir, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    command: `tsx ${nodeFlags.join(" ")} bench/compare/run.ts ${process.argv.slice(2).join(" ")}`.replace(/\s+/g, " ").trim(),
    machine,
    versions,
    settings: { rounds: args.rounds, sliceMs: args.sliceMs, statistic: "median ms per call over all samples of all rounds" },
    libs: Object.fromEntries(libs.map((l) => [l, LIB_NOTES[l]])),
    setup: setupNotes,
    results,
  };
  fs.writeFileSync(path.join(args.outDir, "results.json"), `${JSON.stringify(json, null, 2)}\n`);
  const subtitles: Record<string, string> = {
    "B1-128": "matmul 128×128 float32",
    "B1-256": "matmul 256×256 float32",
    "B1-512": "matmul 512×512 float32",
    "B2-grad": "value+grad, MLP 784-256-10, batch 128",
    "B3-grad": "grad of a 1000-step sin chain (scalar)",
    "B4-vg": "value+grad of sum(tanh(x)·x+1), 1e6 float32",
    "B5-lenet": "value+grad, LeNet-5, batch 128, 28×28",
    "B6-lstm": "value+grad, LSTM 28 steps, batch 128, 128 units",
    "B7-attention": "value+grad, transformer block, 16×64 tokens, width 128",
  };
  const svg = groupedBarChartSvg({
    title: "purediff vs TensorFlow.js vs jax-js: median ms per call (log scale, lower is better)",
    notes: [
      `${machine.cpus} cores, load average ${loadavgStart[0].toFixed(1)}→${loadavgEnd[0].toFixed(1)}; Node ${process.version}; round robin, ${args.rounds} rounds; whiskers p10–p90`,
      `tfjs ${versions["@tensorflow/tfjs"]} (wasm: SIMD, 1 thread), @jax-js/jax ${versions["@jax-js/jax"]} (wasm, 1 thread); purediff matmul 2 threads, purediff-1t 1 thread`,
    ],
    libs,
    colors: Object.fromEntries(LIBS.map((l, i) => [l, PALETTE[i % PALETTE.length]])),
    panels: BENCHES.filter(benchWanted).map((bench) => ({
      title: bench,
      subtitle: subtitles[bench],
      bars: libs.flatMap((lib): Bar[] => {
        const r = results.find((x) => x.bench === bench && x.lib === lib);
        if (r === undefined) return [];
        return [r.error !== undefined ? { lib, failed: r.error } : { lib, ms: r.ms, p10Ms: r.p10Ms, p90Ms: r.p90Ms }];
      }),
    })),
  });
  fs.writeFileSync(path.join(args.outDir, "results.svg"), svg);
  console.log(`wrote ${path.relative(process.cwd(), path.join(args.outDir, "results.json"))} and results.svg`);
  if (mismatched.length > 0) process.exitCode = 1;
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}
