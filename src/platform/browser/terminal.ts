/**
 * The terminal in a browser: none. Progress reporters fall back to plain lines on the console.
 * @module
 */
import type { Terminal } from "../types";

/**
 * A browser's terminal: no stream, no environment variables.
 * @example browserTerminal.errorStream() // undefined
 */
export const browserTerminal: Terminal = {
  errorStream: () => undefined,
  env: () => ({}),
  progressBar: () => {
    throw new Error("barProgress: a browser page has no terminal to draw a progress bar on; use plainProgress");
  },
};
