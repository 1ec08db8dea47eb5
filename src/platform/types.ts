/**
 * What purediff needs from the environment it runs in, as small interfaces: file access
 * (datasets, saving and loading params) and the terminal (progress bars). Node implements
 * them in `./node`, browsers in `./browser`; `./index` picks one when the package loads
 * (see there). The core, `nn`, `optim`, `random`, `lax` and the laws need none of them.
 * @module
 */

/**
 * Synchronous file access and the paths around it. Every method throws an `Error` with the
 * platform's message when it cannot do its job; callers add which operation failed.
 * @example
 * const bytes: Uint8Array = platform.files.readFile("model.pdif");
 */
export interface Files {
  /** The whole file at `path`. */
  readFile(path: string): Uint8Array;
  /** True when something exists at `path`. */
  exists(path: string): boolean;
  /** Writes `bytes` to `path` so that a crash never leaves a half-written file. */
  writeFileAtomically(path: string, bytes: Uint8Array): void;
  /** The bytes inflated from gzip data. */
  gunzip(bytes: Uint8Array): Uint8Array;
  /** `parts` joined with the platform's separator and normalised. */
  join(...parts: string[]): string;
  /** The directory part of `path`. */
  dirname(path: string): string;
  /** `path` made absolute. */
  resolve(path: string): string;
  /** Where to start looking for files shipped with purediff: this module's directory. */
  readonly moduleDir: string;
  /** The current directory. */
  cwd(): string;
  /** The `package.json` of the installed package `name`, looked up from `from`, or undefined. */
  resolvePackageJson(name: string, from: readonly string[]): string | undefined;
}

/**
 * A live progress bar on a text stream (cli-progress on Node).
 * @example
 * const bar = platform.terminal.progressBar({ format: "{bar} {value}/{total}", stream, barsize: 30 });
 * bar.start(100, 0, {});
 * bar.update(50, {});
 * bar.stop();
 */
export interface ProgressBar {
  start(total: number, value: number, payload: Readonly<Record<string, string>>): void;
  update(value: number, payload: Readonly<Record<string, string>>): void;
  stop(): void;
}

/**
 * How a {@link ProgressBar} looks: a cli-progress format string (`{bar}`, `{value}`,
 * `{total}`, `{eta_formatted}` and payload keys), its stream and width.
 * @example
 * const spec: ProgressBarSpec = { format: "{bar} {value}/{total}", stream: process.stderr, barsize: 30 };
 */
export interface ProgressBarSpec {
  readonly format: string;
  readonly stream: NodeJS.WritableStream;
  readonly barsize: number;
}

/**
 * The process's text output and environment.
 * @example
 * platform.terminal.errorStream().write("done\n");
 */
export interface Terminal {
  /** Where progress bars go by default: standard error on Node, none in a browser. */
  errorStream(): NodeJS.WritableStream | undefined;
  /** The environment variables (empty in a browser). */
  env(): NodeJS.ProcessEnv;
  /** A live bar drawn on `spec.stream`. */
  progressBar(spec: ProgressBarSpec): ProgressBar;
}

/**
 * One environment's implementations.
 * @example
 * if (platform.name === "browser") console.log("no file system here");
 */
export interface Platform {
  readonly name: "node" | "browser";
  readonly files: Files;
  readonly terminal: Terminal;
}
