/**
 * The platform purediff runs on, chosen when the package loads: this module re-exports the
 * Node implementation, and the browser bundle (`npm run build:browser`, the `browser`
 * condition of package.json's `exports`) is built with `./node/index` replaced by
 * `./browser/index`, so no Node built-in reaches a page.
 * @module
 */
export { platform } from "./node/index";
export type { Files, Platform, ProgressBar, ProgressBarSpec, Terminal } from "./types";
