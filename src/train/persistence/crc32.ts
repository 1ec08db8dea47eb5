/**
 * CRC-32 (IEEE 802.3, the checksum of gzip, zip and PNG): reflected polynomial
 * 0xEDB88320, initial value and final xor 0xFFFFFFFF, table-driven.
 * @module
 */

/** The 256-entry lookup table of the reflected polynomial 0xEDB88320. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `bytes` as an unsigned 32-bit number. Pass the previous result as
 * `crc` to checksum data given in pieces.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.crc32(new TextEncoder().encode("123456789")).toString(16); // => "cbf43926"
 * const a = new TextEncoder().encode("1234");
 * const b = new TextEncoder().encode("56789");
 * train.crc32(b, train.crc32(a)) === train.crc32(new Uint8Array([...a, ...b])); // => true
 * ```
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
