/**
 * Builds an ONNX graph node by node: fresh value names, attributes from plain values,
 * and constants (int64 shapes and axes, literal tensors) as initializers.
 * @module
 */
import { allocate, type DType, type TypedArray } from "../tensor/dtype";
import { dataOf, type ConcreteTensor } from "../tensor/concrete";
import type { Tensor } from "../tensor/tensor";
import { OnnxAttributeType, OnnxDataType, type OnnxAttribute, type OnnxNode, type OnnxTensor } from "./onnx-schema";

/** An attribute value: an integer, a list of integers or a string (the kinds the exported operators take). */
export type AttributeValue = number | readonly number[] | string;

/** The ONNX element type of a purediff dtype. */
export const onnxElementType = (dtype: DType): number => OnnxDataType[dtype];

/** A node attribute from its value, typed by the value's kind. */
function attribute(name: string, value: AttributeValue): OnnxAttribute {
  if (typeof value === "number") return { name, type: OnnxAttributeType.INT, i: value };
  if (typeof value === "string") return { name, type: OnnxAttributeType.STRING, s: new TextEncoder().encode(value) };
  return { name, type: OnnxAttributeType.INTS, ints: value };
}

/** Little-endian bytes of typed-array data, as ONNX's `raw_data` holds them. */
function littleEndian(data: TypedArray | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  const n = data.length;
  if (data instanceof Float32Array) for (let i = 0; i < n; i++) view.setFloat32(4 * i, data[i], true);
  else if (data instanceof Float64Array) for (let i = 0; i < n; i++) view.setFloat64(8 * i, data[i], true);
  else if (data instanceof Int32Array) for (let i = 0; i < n; i++) view.setInt32(4 * i, data[i], true);
  else if (data instanceof Uint32Array) for (let i = 0; i < n; i++) view.setUint32(4 * i, data[i], true);
  else if (data instanceof BigInt64Array) for (let i = 0; i < n; i++) view.setBigInt64(8 * i, data[i], true);
  else bytes.set(data);
  return bytes;
}

/** Accumulates the nodes and initializers of one graph. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly literalNames = new Map<Tensor, string>();
  private readonly int64Names = new Map<string, string>();
  private counter = 0;

  /**
   * The initializers some node reads: a constant handed to a sub-program that does not
   * use it (a scan's unused input) is left out.
   */
  usedInitializers(): OnnxTensor[] {
    const read = new Set(this.nodes.flatMap((n) => n.input));
    return this.initializers.filter((t) => read.has(t.name as string));
  }

  /** A value name no other value of the graph has. */
  fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  /** Appends a node with one output and returns the output's name. */
  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, output = this.fresh(opType)): string {
    this.push(opType, inputs, attributes, [output]);
    return output;
  }

  /** Appends a node with `count` outputs (e.g. TopK's values and indices) and returns their names. */
  nodeWithOutputs(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>>, count: number): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(opType));
    this.push(opType, inputs, attributes, outputs);
    return outputs;
  }

  private push(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>>, outputs: readonly string[]): void {
    this.nodes.push({
      name: `${opType}_${this.nodes.length}`,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
  }

  /** An int64 vector initializer (shapes, axes, starts...), shared between nodes that use the same values. */
  int64(values: readonly number[]): string {
    const key = values.join(",");
    const known = this.int64Names.get(key);
    if (known !== undefined) return known;
    const name = this.fresh("int64");
    this.initializers.push({ name, dims: [values.length], dataType: OnnxDataType.int64, rawData: littleEndian(BigInt64Array.from(values, (v) => BigInt(v))) });
    this.int64Names.set(key, name);
    return name;
  }

  /** An initializer of `dtype` and shape `dims` filled with `value` (e.g. the 1 of `log1p`: `dims` `[]`). */
  filled(value: number, dims: readonly number[], dtype: DType): string {
    const data = allocate(
      dtype,
      dims.reduce((n, d) => n * d, 1),
    ).fill(value);
    const name = this.fresh("const");
    this.initializers.push({ name, dims, dataType: onnxElementType(dtype), rawData: littleEndian(data) });
    return name;
  }

  /** A concrete tensor as an initializer, one per tensor however often it is used. */
  literal(value: Tensor): string {
    const known = this.literalNames.get(value);
    if (known !== undefined) return known;
    const name = this.fresh("const");
    const data = dataOf(value as ConcreteTensor);
    this.initializers.push({ name, dims: value.shape.slice(), dataType: onnxElementType(value.dtype), rawData: littleEndian(data) });
    this.literalNames.set(value, name);
    return name;
  }
}
