import type { RuleTable } from "../primitive";
import { registerRules } from "../bind";
import { unaryRules } from "./unary";
import { binaryRules } from "./binary";
import { logicRules } from "./logic";
import { reduceRules } from "./reduce";
import { layoutRules } from "./layout";
import { gatherRules } from "./gather";
import { matmulRule } from "./matmul";
import { linalgRules } from "./linalg";
import { decompositionRules } from "./decompositions";
import { bitwiseRules } from "./bitwise";
import { threefryRules } from "./threefry";
import { sortRules } from "./sort";
import { revRule } from "./rev";
import { scatterRule } from "./scatter";
import { reduceWindowRules } from "./reduce-window";
import { cumulativeRules } from "./cumulative";
import { convRule } from "./conv";
import { erfcRule, erfRule } from "./erf";
import { erfInvRule } from "./erf-inv";
import { roundingRules } from "./rounding";
import { trigonometricRules } from "./trigonometric";
import { exponentialRules } from "./exponential";
import { remRule } from "./remainder";
import { gammaRules } from "./gamma";

/** Every primitive's rules; a primitive named in `PrimitiveParams` without rules here fails to compile. */
export const rules: RuleTable = {
  ...unaryRules,
  ...binaryRules,
  ...logicRules,
  ...reduceRules,
  ...layoutRules,
  ...gatherRules,
  matmul: matmulRule,
  ...linalgRules,
  ...decompositionRules,
  ...bitwiseRules,
  ...threefryRules,
  erf: erfRule,
  ...sortRules,
  rev: revRule,
  scatter: scatterRule,
  ...reduceWindowRules,
  ...cumulativeRules,
  convGeneralDilated: convRule,
  erfc: erfcRule,
  erfInv: erfInvRule,
  ...roundingRules,
  ...trigonometricRules,
  ...exponentialRules,
  rem: remRule,
  ...gammaRules,
};

registerRules(rules);
