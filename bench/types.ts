/**
 * `npm run bench:types`: how long a user waits for the type checker. Builds the package's
 * declarations into a scratch consumer project (`node_modules/purediff`, with the
 * package's runtime dependencies and @types/node linked beside it, as an install gives
 * them), then type-checks `bench/types/user-program.ts` (an `nn.serial` MLP and an Adam
 * step, ~30 lines) and an empty program with `tsc --noEmit --extendedDiagnostics`, with
 * and without `skipLibCheck`. The empty program is the floor: what TypeScript's own
 * libraries and @types/node cost before purediff is imported.
 *
 * Prints one JSON line per case, {"bench": ID, "cpuMs": median CPU time of tsc (user +
 * system), "minCpuMs": the least of the runs, "wallMs": median wall time, "checkMs": median "Check time", "types",
 * "instantiations", "runs"}, and then, for the user program without `skipLibCheck`, the
 * check time per package (from `--generateTrace`), the largest first. CPU time is the
 * figure to compare: wall time depends on what else the machine is running (and on a
 * busy machine CPU time too, a little: compare the least of several runs).
 *
 *   npm run bench:types                 3 runs per case
 *   npm run bench:types -- --runs 5
 *   npm run bench:types -- --keep       keep the scratch project (its path is printed)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { median, round } from "./measure";

const root = resolve(__dirname, "..");
const tsc = join(root, "node_modules/typescript/bin/tsc");

interface Args {
  readonly runs: number;
  readonly keep: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let runs = 3;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench:types: --runs needs a positive integer, got ${JSON.stringify(argv[i])}`);
    } else if (argv[i] === "--keep") keep = true;
    else throw new Error(`bench:types: unknown argument ${JSON.stringify(argv[i])} (use --runs N or --keep)`);
  }
  return { runs, keep };
}

function mustRun(command: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`bench:types: ${command} ${args.join(" ")} exited ${r.status}\n${r.stdout.slice(-4000)}${r.stderr.slice(-4000)}`);
  return r.stdout;
}

/** The consumer project: the built declarations as an installed package, and the two programs. */
function setUp(work: string): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const consumer = join(work, "consumer");
  const modules = join(consumer, "node_modules");
  const installed = join(modules, "purediff");
  mustRun(
    process.execPath,
    [
      tsc,
      "-p",
      join(root, "tsconfig.build.json"),
      "--outDir",
      join(installed, "dist"),
      "--emitDeclarationOnly",
      "--sourceMap",
      "false",
      "--inlineSources",
      "false",
    ],
    root,
  );
  cpSync(join(root, "package.json"), join(installed, "package.json"));
  for (const name of [...Object.keys(pkg.dependencies ?? {}), "typescript", "@types/node"]) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(modules, name), "dir");
  }
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  cpSync(join(root, "bench/types/user-program.ts"), join(consumer, "user-program.ts"));
  writeFileSync(join(consumer, "empty-program.ts"), "export {};\n");
  // Reports the CPU time of the process it is preloaded into (tsc) on stderr.
  writeFileSync(
    join(work, "cpu.cjs"),
    `process.on("exit", () => { const u = process.resourceUsage(); process.stderr.write("\\ncpu-us " + (u.userCPUTime + u.systemCPUTime) + "\\n"); });\n`,
  );
  return consumer;
}

/**
 * A Node project's settings (as `@tsconfig/node20` gives them, without the DOM library);
 * the pack test type-checks consumers with the same strictness.
 */
function writeConfig(consumer: string, name: string, file: string, skipLibCheck: boolean): string {
  const path = join(consumer, `tsconfig.${name}.json`);
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: "es2022",
    lib: ["es2022"],
    module: "node16",
    moduleResolution: "node16",
    types: ["node"],
    skipLibCheck,
  };
  writeFileSync(path, JSON.stringify({ compilerOptions, files: [file] }, null, 2));
  return path;
}

interface Run {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly checkMs: number;
  readonly types: number;
  readonly instantiations: number;
}

function check(work: string, consumer: string, config: string, extra: readonly string[] = []): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", join(work, "cpu.cjs"), tsc, "-p", config, "--extendedDiagnostics", ...extra], {
    cwd: consumer,
    encoding: "utf8",
  });
  const wallMs = performance.now() - t0;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`bench:types: tsc -p ${config} found errors:\n${r.stdout.slice(-4000)}`);
  const field = (label: string): number => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(r.stdout);
    if (m === null) throw new Error(`bench:types: no "${label}" in tsc's --extendedDiagnostics output`);
    return Number(m[1]);
  };
  const cpu = /^cpu-us (\d+)$/m.exec(r.stderr);
  if (cpu === null) throw new Error("bench:types: tsc's CPU time was not reported");
  return { cpuMs: Number(cpu[1]) / 1000, wallMs, checkMs: field("Check time") * 1000, types: field("Types"), instantiations: field("Instantiations") };
}

/** Check time per package (or per file of the consumer) from a `--generateTrace` directory, in ms. */
function checkTimeByPackage(traceDir: string): [string, number][] {
  const events = JSON.parse(readFileSync(join(traceDir, "trace.json"), "utf8")) as { name: string; ph: string; ts: number; args?: { path?: string } }[];
  const began = new Map<string, number>();
  const total = new Map<string, number>();
  for (const e of events) {
    const path = e.args?.path;
    if (e.name !== "checkSourceFile" || path === undefined) continue;
    if (e.ph === "B") {
      began.set(path, e.ts);
      continue;
    }
    const inModules = path.split("/node_modules/").at(-1) ?? path;
    const parts = inModules.split("/");
    const owner = path.includes("/node_modules/") ? (parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]) : "(user program)";
    total.set(owner, (total.get(owner) ?? 0) + (e.ts - (began.get(path) ?? e.ts)) / 1000);
  }
  return [...total].sort((a, b) => b[1] - a[1]);
}

function main(): void {
  const { runs, keep } = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), "purediff-bench-types-"));
  try {
    const consumer = setUp(work);
    for (const [program, file] of [
      ["user-program", "user-program.ts"],
      ["empty-program", "empty-program.ts"],
    ] as const) {
      for (const skipLibCheck of [false, true]) {
        const id = `types-${program}${skipLibCheck ? "-skipLibCheck" : ""}`;
        const config = writeConfig(consumer, id, file, skipLibCheck);
        const samples = Array.from({ length: runs }, () => check(work, consumer, config));
        const med = (key: keyof Run): number => round(median(samples.map((s) => s[key])));
        const minCpuMs = round(Math.min(...samples.map((s) => s.cpuMs)));
        console.log(
          JSON.stringify({
            bench: id,
            cpuMs: med("cpuMs"),
            minCpuMs,
            wallMs: med("wallMs"),
            checkMs: med("checkMs"),
            types: med("types"),
            instantiations: med("instantiations"),
            runs,
          }),
        );
      }
    }
    const traceDir = join(work, "trace");
    check(work, consumer, writeConfig(consumer, "trace", "user-program.ts", false), ["--generateTrace", traceDir]);
    const byPackage = Object.fromEntries(checkTimeByPackage(traceDir).map(([name, ms]) => [name, round(ms)]));
    console.log(JSON.stringify({ bench: "types-user-program-check-ms-by-package", ...byPackage }));
    if (keep) console.error(`bench:types: scratch project kept in ${consumer}`);
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

main();
