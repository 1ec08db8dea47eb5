/**
 * The browser platform: no file system and no terminal; the bundle puts it in place of
 * `../node/index`.
 * @module
 */
import type { Platform } from "../types";
import { browserFiles } from "./files";
import { browserTerminal } from "./terminal";

/**
 * A browser's implementations of the platform interfaces.
 * @example platform.name // "browser"
 */
export const platform: Platform = { name: "browser", files: browserFiles, terminal: browserTerminal };
