// Raw float32 files for `generate` (little-endian, C order, no header — the golden .bin format): --init-latents and
// --vae-noise read with their size checked against the shape the run needs, --dump-frames written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { fileError, messageOf } from './errors.ts';

const bigEndian = endianness() === 'BE';

/** Reads `path` as float32 values of `shape`; a file of another size is a CliError naming flag, file and sizes. */
export async function readFloat32(flag: string, path: string, shape: readonly number[]): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(`${flag} ${path}: cannot read (${messageOf(e)})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== count * 4) {
    throw fileError(
      `${flag} ${path}: expected ${count * 4} bytes (float32 [${shape.join(', ')}]), got ${bytes.byteLength}`,
    );
  }
  const copy = Buffer.from(bytes); // own, aligned memory
  if (bigEndian) copy.swap32();
  return new Float32Array(copy.buffer, copy.byteOffset, count);
}

/** Writes the arrays one after the other as little-endian float32. */
export async function writeFloat32(path: string, arrays: readonly Float32Array[]): Promise<void> {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const out = Buffer.alloc(total * 4);
  const view = new Float32Array(out.buffer, out.byteOffset, total);
  let offset = 0;
  for (const a of arrays) {
    view.set(a, offset);
    offset += a.length;
  }
  if (bigEndian) out.swap32();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, out);
}
