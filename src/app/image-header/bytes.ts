// Reading numbers and tags out of a file's bytes, for the image header parsers. Out-of-range reads return undefined
// (a file cut short is the parsers' business, not an exception).

export const be16 = (b: Uint8Array, at: number): number | undefined => (at + 2 <= b.length ? (b[at]! << 8) | b[at + 1]! : undefined);

export const be32 = (b: Uint8Array, at: number): number | undefined =>
  at + 4 <= b.length ? ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0 : undefined;

export const le16 = (b: Uint8Array, at: number): number | undefined => (at + 2 <= b.length ? b[at]! | (b[at + 1]! << 8) : undefined);

export const le24 = (b: Uint8Array, at: number): number | undefined =>
  at + 3 <= b.length ? b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) : undefined;

export const le32 = (b: Uint8Array, at: number): number | undefined =>
  at + 4 <= b.length ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : undefined;

/** The bytes at `at` as Latin-1 text ('' past the end). */
export function ascii(b: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...b.subarray(at, Math.min(b.length, at + length)));
}

/** Whether `b` holds exactly `bytes` at `at`. */
export function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((v, i) => b[at + i] === v);
}
