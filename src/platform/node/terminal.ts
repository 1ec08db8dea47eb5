/**
 * The terminal on Node: `process.stderr`, `process.env`, cli-progress bars.
 * @module
 */
import { Presets, SingleBar } from "cli-progress";
import type { Terminal } from "../types";

/**
 * Node's terminal.
 * @example nodeTerminal.progressBar({ format: "{bar} {value}/{total}", stream: process.stderr, barsize: 30 })
 */
export const nodeTerminal: Terminal = {
  errorStream: () => process.stderr,
  env: () => process.env,
  progressBar: (spec) => new SingleBar({ format: spec.format, stream: spec.stream, hideCursor: true, barsize: spec.barsize, fps: 10 }, Presets.shades_classic),
};
