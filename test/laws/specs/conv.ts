/**
 * Law specs of the convolution primitive: one case per option (strides, each kind of
 * padding, input and kernel dilation, feature and batch groups, 1-D, 2-D and 3-D,
 * channels-last layouts), on tiny float64 operands so the battery stays quick. Each case
 * also checks the values against the convolution by definition.
 */
import fc from "fast-check";
import { lax, type Tensor } from "../../../src/index";
import { arbTensor, failed, passed, type LawResult } from "../../../laws/index";
import { convReference, withDefaults, type ReferenceConv } from "../../kernels/conv-reference";
import { show, values, type LawCase, type LawSpec } from "./kit";

type Options = lax.ConvGeneralDilatedOptions;

interface ConvCase {
  readonly name: string;
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly strides: readonly number[];
  readonly padding: lax.ConvPadding;
  readonly options?: Options;
  /** The same convolution as the reference takes it (layouts as permutations, padding as pairs). */
  readonly reference: Partial<ReferenceConv>;
}

/** The output equals the convolution by definition (to rounding). */
function matchesReference(c: ConvCase, [lhs, rhs]: readonly Tensor[], out: Tensor): LawResult {
  const expected = convReference(values(lhs), lhs.shape, values(rhs), rhs.shape, withDefaults(lhs.shape.length, c.reference));
  const law = "convGeneralDilated equals the convolution by definition";
  if (show(out.shape) !== show(expected.shape)) return failed(law, `shape ${show(out.shape)}, expected ${show(expected.shape)}`);
  const got = values(out);
  const i = got.findIndex((v, k) => Math.abs(v - expected.values[k]) > 1e-12 * (1 + Math.abs(expected.values[k])));
  return i < 0 ? passed : failed(law, `at flat index ${i}: ${got[i]}, expected ${expected.values[i]}`);
}

function convCase(c: ConvCase): LawCase {
  const fn = (x: Tensor, w: Tensor): Tensor => lax.convGeneralDilated(x, w, c.strides, c.padding, c.options);
  return {
    name: `convGeneralDilated ${c.name}: ${show(c.lhs)} * ${show(c.rhs)}`,
    sample: fc.tuple(arbTensor(c.lhs, { min: -2, max: 2 }), arbTensor(c.rhs, { min: -2, max: 2 })).map(([x, w]) => ({ args: [x, w], fn })),
    value: (s) => matchesReference(c, s.args, s.fn(...s.args)),
  };
}

const nhwc: Options = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] };

const cases: readonly ConvCase[] = [
  { name: "1-D VALID", lhs: [2, 2, 5], rhs: [3, 2, 2], strides: [1], padding: "VALID", reference: {} },
  { name: "1-D strided SAME", lhs: [1, 2, 5], rhs: [2, 2, 3], strides: [2], padding: "SAME", reference: { windowStrides: [2], padding: [[1, 1]] } },
  {
    name: "2-D explicit padding with a crop",
    lhs: [1, 2, 4, 3],
    rhs: [2, 2, 2, 2],
    strides: [1, 2],
    padding: [
      [1, 2],
      [-1, 1],
    ],
    reference: {
      windowStrides: [1, 2],
      padding: [
        [1, 2],
        [-1, 1],
      ],
    },
  },
  {
    name: "2-D SAME, odd padding",
    lhs: [2, 1, 4, 4],
    rhs: [2, 1, 2, 3],
    strides: [1, 1],
    padding: "SAME",
    reference: {
      padding: [
        [0, 1],
        [1, 1],
      ],
    },
  },
  {
    name: "2-D lhs dilation (transposed)",
    lhs: [1, 2, 3, 2],
    rhs: [2, 2, 2, 2],
    strides: [1, 1],
    padding: [
      [1, 1],
      [1, 0],
    ],
    options: { lhsDilation: [2, 2] },
    reference: {
      padding: [
        [1, 1],
        [1, 0],
      ],
      lhsDilation: [2, 2],
    },
  },
  {
    name: "2-D rhs dilation (atrous)",
    lhs: [1, 2, 5, 4],
    rhs: [2, 2, 2, 2],
    strides: [1, 1],
    padding: "VALID",
    options: { rhsDilation: [2, 2] },
    reference: { rhsDilation: [2, 2] },
  },
  {
    name: "2-D feature groups",
    lhs: [2, 4, 3, 3],
    rhs: [4, 2, 2, 2],
    strides: [1, 1],
    padding: "VALID",
    options: { featureGroupCount: 2 },
    reference: { featureGroupCount: 2 },
  },
  {
    name: "2-D batch groups",
    lhs: [4, 2, 3, 3],
    rhs: [4, 2, 2, 2],
    strides: [1, 1],
    padding: "VALID",
    options: { batchGroupCount: 2 },
    reference: { batchGroupCount: 2 },
  },
  {
    name: "2-D NHWC/HWIO, strided, grouped",
    lhs: [2, 4, 3, 2],
    rhs: [2, 2, 1, 4],
    strides: [2, 1],
    padding: "SAME",
    options: { ...nhwc, featureGroupCount: 2 },
    reference: {
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
      windowStrides: [2, 1],
      padding: [
        [0, 1],
        [0, 1],
      ],
      featureGroupCount: 2,
    },
  },
  {
    name: "3-D strided and padded",
    lhs: [1, 2, 3, 3, 3],
    rhs: [2, 2, 2, 2, 2],
    strides: [2, 1, 1],
    padding: [
      [1, 0],
      [0, 0],
      [0, 1],
    ],
    reference: {
      windowStrides: [2, 1, 1],
      padding: [
        [1, 0],
        [0, 0],
        [0, 1],
      ],
    },
  },
];

/** The convolution primitive's laws. */
export const convSpecs: { readonly convGeneralDilated: LawSpec } = {
  convGeneralDilated: {
    via: "lax.convGeneralDilated (and lax.conv, lax.convTranspose)",
    domain: "[−2, 2]",
    derivative: "smooth",
    cases: [
      ...cases.map(convCase),
      {
        // the kernel flipped (gathers) and its features swapped, then an input-dilated convolution
        name: "convTranspose NHWC, stride 2, SAME, transposeKernel: [1,2,3,2] * [2,3,2,2]",
        sample: fc.tuple(arbTensor([1, 2, 3, 2], { min: -2, max: 2 }), arbTensor([2, 3, 2, 2], { min: -2, max: 2 })).map(([x, w]) => ({
          args: [x, w],
          fn: (u: Tensor, k: Tensor): Tensor => lax.convTranspose(u, k, [2, 1], "SAME", { transposeKernel: true }),
        })),
      },
    ],
  },
};
