/** The WebAssembly kernel takes the same product description as the JavaScript one. */
export type { MatmulSpec } from "../matmul";
