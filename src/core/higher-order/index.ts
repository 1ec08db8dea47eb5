/**
 * The higher-order primitives: each carries closed sub-programs in its params and holds
 * its rule for every interpreter (see `primitive.ts`).
 * @module
 */
import { checkpointCall, jitCall } from "./call";
import { customJvpCall } from "./custom-jvp-call";
import { customVjpCall } from "./custom-vjp-call";
import { scanPrimitive } from "./scan";
import { whilePrimitive } from "./while-loop";
import { condPrimitive } from "./cond";
import type { HigherOrderPrimitive } from "./primitive";

/** Every higher-order primitive, by the name the IR prints. */
export const higherOrderPrimitives: readonly HigherOrderPrimitive<never>[] = [
  jitCall,
  customJvpCall,
  customVjpCall,
  checkpointCall,
  scanPrimitive,
  whilePrimitive,
  condPrimitive,
] as readonly HigherOrderPrimitive<never>[];
