// Types of checks.js for the TypeScript that imports it (test/browser).
import type * as purediff from "../../src/index";
import type * as lawKit from "../../laws/index";

/** What {@link fixedCase} computes. */
export interface FixedCase {
  readonly value: number;
  readonly grad: number[][];
  readonly jitValue: number;
  readonly jitGrad: number[][];
  readonly gradCheck: { readonly passed: boolean; readonly checked: number; readonly maxAbsoluteError: number; readonly maxRelativeError: number };
  readonly checkGrads: "passed";
}

/** What {@link saveAndReload} reports. */
export interface SaveReport {
  readonly bytes: number;
  readonly binary: boolean;
  readonly json: boolean;
  readonly blob: boolean;
  readonly corrupted: string;
  readonly wrongLike: string;
}

export function fixedCase(pd: typeof purediff, laws: typeof lawKit): FixedCase;
export function saveAndReload(pd: typeof purediff, params: unknown): Promise<SaveReport>;
