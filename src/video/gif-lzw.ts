// GIF's variable-length LZW (GIF89a spec, appendix F): palette indices → code stream, packed LSB first.

/** Grows as bytes are appended; whole bytes out, bits packed least significant first. */
class BitWriter {
  private bytes = new Uint8Array(4096);
  private length = 0;
  private bits = 0;
  private bitCount = 0;

  write(code: number, size: number): void {
    this.bits |= code << this.bitCount;
    this.bitCount += size;
    while (this.bitCount >= 8) {
      this.push(this.bits & 255);
      this.bits >>>= 8;
      this.bitCount -= 8;
    }
  }

  finish(): Uint8Array {
    if (this.bitCount > 0) this.push(this.bits & 255);
    this.bits = 0;
    this.bitCount = 0;
    return this.bytes.subarray(0, this.length);
  }

  private push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
}

const MAX_CODE = 4095; // codes are at most 12 bits

/**
 * The LZW code stream of `indices` (each < 2^minCodeSize), starting with a clear code and ending with end-of-
 * information. When the table is full a clear code starts a fresh one (the simple, universally decoded choice).
 */
export function lzwEncode(indices: Uint8Array, minCodeSize: number): Uint8Array {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const out = new BitWriter();
  // Key: prefix code · 256 + next index → the code of that string.
  let table = new Map<number, number>();
  let codeSize = minCodeSize + 1;
  let next = end + 1;
  out.write(clear, codeSize);
  let prefix = indices[0];
  if (prefix === undefined) {
    out.write(end, codeSize);
    return out.finish();
  }
  for (let i = 1; i < indices.length; i++) {
    const k = indices[i]!;
    const key = prefix * 256 + k;
    const code = table.get(key);
    if (code !== undefined) {
      prefix = code;
      continue;
    }
    out.write(prefix, codeSize);
    if (next > MAX_CODE) {
      out.write(clear, codeSize);
      table = new Map();
      codeSize = minCodeSize + 1;
      next = end + 1;
    } else {
      // The decoder widens its codes one step behind the encoder's table, so widen when `next` needs the bit.
      if (next >= 1 << codeSize) codeSize++;
      table.set(key, next++);
    }
    prefix = k;
  }
  out.write(prefix, codeSize);
  out.write(end, codeSize);
  return out.finish();
}
