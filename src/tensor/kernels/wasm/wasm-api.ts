/**
 * The part of the WebAssembly JavaScript API the kernels use, typed here because the project's
 * `lib` (ES2022, no DOM) and `@types/node` 20 do not declare the `WebAssembly` global.
 */

/** A compiled module (opaque; cloneable to workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An instance: its exports by name. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** A linear memory, shared (its buffer a SharedArrayBuffer) or not. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** The `WebAssembly` namespace object. */
export interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports?: Record<string, Record<string, unknown>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/**
 * The engine's `WebAssembly` object, or undefined where there is none.
 * @example const ok = wasmApi?.validate(bytes) ?? false;
 */
export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The engine's `WebAssembly` object; throws where there is none.
 * @example const module = requireWasm().Module; new module(bytes)
 */
export function requireWasm(): WasmApi {
  if (!wasmApi) throw new Error("WebAssembly is not available in this JavaScript engine");
  return wasmApi;
}
