/**
 * The layout kernels in one import: each lives in its own file (one concept per file).
 * @example import { transposeKernel, sliceKernel } from "./layout";
 */
export { transposeKernel } from "./transpose";
export { sliceKernel, slicedShape } from "./slice";
export { padKernel } from "./pad";
export { concatKernel } from "./concat";
export { gatherKernel, scatterAddKernel } from "./gather";
export { convertKernel } from "./convert";
export { iotaKernel } from "./iota";
export { broadcastToKernel } from "./broadcast";
