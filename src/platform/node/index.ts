/**
 * The Node platform: files through `node:fs`, the terminal through `process` and cli-progress.
 * @module
 */
import type { Platform } from "../types";
import { nodeFiles } from "./files";
import { nodeTerminal } from "./terminal";

/**
 * Node's implementations of the platform interfaces.
 * @example platform.files.readFile("data/iris.csv")
 */
export const platform: Platform = { name: "node", files: nodeFiles, terminal: nodeTerminal };
