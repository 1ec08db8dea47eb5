/**
 * The messages of ONNX's `onnx.proto` that an exported model uses (ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto, OperatorSetIdProto),
 * as a protobufjs descriptor with the field numbers of the ONNX specification
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto), and typed plain-object forms of
 * them. protobufjs does the wire encoding.
 * @module
 */
import { Root, type INamespace, type Type } from "protobufjs";

/** ONNX's `TensorProto.DataType` codes of the dtypes purediff exports (and int64, for shapes and axes). */
export const OnnxDataType = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11, uint32: 12 } as const;

/** ONNX's `AttributeProto.AttributeType` codes used here. */
export const OnnxAttributeType = { INT: 2, STRING: 3, INTS: 7 } as const;

/** A tensor constant (an initializer, or a `value` attribute): dims and little-endian raw bytes. */
export interface OnnxTensor {
  readonly name?: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly rawData: Uint8Array;
}

/** A node attribute: its name, its type code and the one field that type uses. */
export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Uint8Array;
  readonly t?: OnnxTensor;
  readonly floats?: readonly number[];
  readonly ints?: readonly number[];
}

/** One operator application of the graph. */
export interface OnnxNode {
  readonly name?: string;
  readonly opType: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute?: readonly OnnxAttribute[];
}

/** A typed, shaped tensor value of the graph (an input or an output). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: { readonly tensorType: { readonly elemType: number; readonly shape: { readonly dim: readonly { readonly dimValue: number }[] } } };
}

/** The computation: nodes in topological order, constants, inputs and outputs. */
export interface OnnxGraph {
  readonly name: string;
  readonly node: readonly OnnxNode[];
  readonly initializer: readonly OnnxTensor[];
  readonly input: readonly OnnxValueInfo[];
  readonly output: readonly OnnxValueInfo[];
}

/** A whole model file. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImport: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion?: string;
  readonly graph: OnnxGraph;
}

const descriptor: INamespace = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            refAttrName: { type: "string", id: 21 },
            docString: { type: "string", id: 13 },
            type: { type: "int32", id: 20 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            s: { type: "bytes", id: 4 },
            t: { type: "TensorProto", id: 5 },
            g: { type: "GraphProto", id: 6 },
            floats: { rule: "repeated", type: "float", id: 7 },
            ints: { rule: "repeated", type: "int64", id: 8 },
            strings: { rule: "repeated", type: "bytes", id: 9 },
            tensors: { rule: "repeated", type: "TensorProto", id: 10 },
            graphs: { rule: "repeated", type: "GraphProto", id: 11 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: "string", id: 1 },
            type: { type: "TypeProto", id: 2 },
            docString: { type: "string", id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            domain: { type: "string", id: 7 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            docString: { type: "string", id: 6 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: "int64", id: 1 },
            opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
            producerName: { type: "string", id: 2 },
            producerVersion: { type: "string", id: 3 },
            domain: { type: "string", id: 4 },
            modelVersion: { type: "int64", id: 5 },
            docString: { type: "string", id: 6 },
            graph: { type: "GraphProto", id: 7 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            docString: { type: "string", id: 10 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
            output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
            valueInfo: { rule: "repeated", type: "ValueInfoProto", id: 13 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1 },
            dataType: { type: "int32", id: 2 },
            floatData: { rule: "repeated", type: "float", id: 4, options: { packed: true } },
            int32Data: { rule: "repeated", type: "int32", id: 5, options: { packed: true } },
            int64Data: { rule: "repeated", type: "int64", id: 7, options: { packed: true } },
            name: { type: "string", id: 8 },
            docString: { type: "string", id: 12 },
            rawData: { type: "bytes", id: 9 },
            doubleData: { rule: "repeated", type: "double", id: 10, options: { packed: true } },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: "repeated", type: "Dimension", id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
              fields: {
                dimValue: { type: "int64", id: 1 },
                dimParam: { type: "string", id: 2 },
                denotation: { type: "string", id: 3 },
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ["tensorType"] } },
          fields: {
            tensorType: { type: "Tensor", id: 1 },
            denotation: { type: "string", id: 6 },
          },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: "int32", id: 1 },
                shape: { type: "TensorShapeProto", id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: "string", id: 1 },
            version: { type: "int64", id: 2 },
          },
        },
      },
    },
  },
};

const root = Root.fromJSON(descriptor);
const modelType: Type = root.lookupType("onnx.ModelProto");

/**
 * The bytes of an ONNX model file.
 * @example
 * const bytes = encodeOnnxModel({ irVersion: 8, opsetImport: [{ domain: "", version: 18 }], producerName: "me", graph });
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  // A copy: protobufjs hands out a Node Buffer that may share a pooled allocation.
  return new Uint8Array(modelType.encode(modelType.fromObject(model)).finish());
}

/**
 * An ONNX model file decoded into plain objects (64-bit integers as numbers, bytes as
 * `Uint8Array`), e.g. to check the structure of an exported model.
 * @example
 * ```ts
 * import { Tensor, decodeOnnxModel, exp, exportOnnx, ones } from "purediff";
 * decodeOnnxModel(exportOnnx((x: Tensor) => exp(x), ones([3]))).graph.node[0].opType; // => "Exp"
 * ```
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  return modelType.toObject(modelType.decode(bytes), { longs: Number, defaults: true, arrays: true }) as OnnxModel;
}
