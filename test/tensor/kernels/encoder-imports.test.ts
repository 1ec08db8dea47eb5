import { describe, expect, it } from "vitest";
import { Code, encodeModule, simd, valType } from "../../../src/tensor/kernels/wasm/encoder";
import { emitVectorMath, vectorMathImports } from "../../../src/tensor/kernels/wasm/vector-math";
import { float32Math } from "../../../src/tensor/kernels/vector-math-scalar";

const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
      validate(b: Uint8Array): boolean;
    };
  }
).WebAssembly;

describe("the encoder's function imports", () => {
  it("imported functions take the first indices and defined functions follow them", () => {
    const f64ToF64 = { params: [valType.f64], results: [valType.f64] };
    // twice(x) = host(x) · 2, calling import 0; a second import shifts the defined function to index 2.
    const body = new Code(1).localGet(0).call(1).localGet(0).call(0).raw(0xa0).finish();
    const bytes = encodeModule({
      functionImports: [
        { module: "m", field: "square", type: f64ToF64 },
        { module: "m", field: "half", type: f64ToF64 },
      ],
      functions: [{ type: f64ToF64, locals: [], body, exportName: "f" }],
    });
    const instance = new wasm.Instance(new wasm.Module(bytes), { m: { square: (x: number) => x * x, half: (x: number) => x / 2 } });
    expect((instance.exports.f as (x: number) => number)(6)).toBe(3 + 36);
  });

  it("a function of emitVectorMath alone (no memory) validates and calls the imported Math.sin for huge lanes", () => {
    // f(x) = lane 2 of sin(splat(x)).
    const code = new Code(1).localGet(0).simd(simd.f32x4Splat);
    emitVectorMath({ code, importedMath: (n) => vectorMathImports.indexOf(n) }, "sin", "float32");
    code.extractLane(simd.f32x4ExtractLane, 2);
    const f64ToF64 = { params: [valType.f64], results: [valType.f64] };
    const bytes = encodeModule({
      functionImports: vectorMathImports.map((name) => ({ module: "math", field: name, type: f64ToF64 })),
      functions: [{ type: { params: [valType.f32], results: [valType.f32] }, locals: code.locals, body: code.finish(), exportName: "f" }],
    });
    expect(wasm.validate(bytes)).toBe(true);
    const calls: number[] = [];
    const sin = (x: number): number => {
      calls.push(x);
      return Math.sin(x);
    };
    const f = new wasm.Instance(new wasm.Module(bytes), { math: { sin, cos: Math.cos } }).exports.f as (x: number) => number;
    expect(f(2.5)).toBe(float32Math.sin(2.5));
    expect(calls).toEqual([]);
    expect(f(1e30)).toBe(Math.fround(Math.sin(Math.fround(1e30))));
    // All four lanes are huge: one call each.
    expect(calls).toEqual(new Array(4).fill(Math.fround(1e30)));
  });
});
