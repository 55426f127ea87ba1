// SafetensorsFile: a lazily read safetensors checkpoint; open() reads only the header, tensors are read by byte range.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { ByteSource } from './byte-source.ts';
import { toFloat16Bits, toFloat32, toInt64 } from './convert.ts';
import { type Dtype, type FloatDtype, isFloatDtype } from './dtype.ts';
import { withKey } from './errors.ts';
import { parseHeader } from './header.ts';
import { checkLayout } from './layout.ts';

/** Largest header accepted; the Python library refuses headers over 100 MB too. */
export const MAX_HEADER_LENGTH = 100_000_000;

export interface TensorInfo {
  readonly key: string;
  readonly dtype: Dtype;
  readonly shape: number[];
  /** Absolute offset of the tensor's first byte in the file. */
  readonly byteOffset: number;
  readonly byteLength: number;
}

export class SafetensorsFile {
  private constructor(
    readonly source: ByteSource,
    /** The header's `__metadata__` (empty when absent). */
    readonly metadata: Readonly<Record<string, string>>,
    /** Keyed tensors in the order their bytes lie in the file. */
    private readonly tensors: ReadonlyMap<string, TensorInfo>,
  ) {}

  static async open(source: ByteSource, signal?: AbortSignal): Promise<SafetensorsFile> {
    const file = source.name;
    const size = await source.size();
    if (size < 8) {
      throw new CheckpointError('truncated', `the file is ${size} bytes, too short for the 8-byte header length`, file);
    }
    const prefix = await source.read(0, 8, signal);
    const headerLength = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true));
    if (headerLength > MAX_HEADER_LENGTH) {
      const message = `header length ${headerLength} is over the ${MAX_HEADER_LENGTH}-byte limit`;
      throw new CheckpointError('corrupt-header', message, file);
    }
    if (headerLength > size - 8) {
      throw new CheckpointError(
        'truncated',
        `header length ${headerLength} does not fit the file (${size} bytes, ${size - 8} after the length)`,
        file,
      );
    }
    const header = parseHeader(await source.read(8, headerLength, signal), file);
    const dataStart = 8 + headerLength;
    const tensors = new Map<string, TensorInfo>();
    for (const entry of checkLayout(header.entries, size - dataStart, file)) {
      const { key, dtype, shape, begin, end } = entry;
      tensors.set(key, { key, dtype, shape: [...shape], byteOffset: dataStart + begin, byteLength: end - begin });
    }
    return new SafetensorsFile(source, header.metadata, tensors);
  }

  get name(): string {
    return this.source.name;
  }

  /** Tensor keys in the order their bytes lie in the file, so reading in this order reads the file front to back. */
  keys(): string[] {
    return [...this.tensors.keys()];
  }

  has(key: string): boolean {
    return this.tensors.has(key);
  }

  /** Throws 'missing-tensor' for a key the file lacks. */
  info(key: string): TensorInfo {
    const info = this.tensors.get(key);
    if (info === undefined) throw new CheckpointError('missing-tensor', 'no such tensor in the file', this.name, key);
    return { ...info, shape: [...info.shape] };
  }

  /** The tensor's bytes as stored (little-endian). */
  async readRaw(key: string, signal?: AbortSignal): Promise<Uint8Array> {
    const { byteOffset, byteLength } = this.info(key);
    try {
      return await this.source.read(byteOffset, byteLength, signal);
    } catch (error) {
      throw withKey(error, key);
    }
  }

  /** F32 as stored (no copy when aligned), F16 and BF16 widened, F64 narrowed; integer dtypes are 'unknown-dtype'. */
  async readFloat32(key: string, signal?: AbortSignal): Promise<Float32Array> {
    const dtype = this.floatDtype(key, 'float32');
    return toFloat32(await this.readRaw(key, signal), dtype);
  }

  /** IEEE half bits: F16 as stored, F32, BF16 and F64 rounded to nearest even; integer dtypes are 'unknown-dtype'. */
  async readFloat16Bits(key: string, signal?: AbortSignal): Promise<Uint16Array> {
    const dtype = this.floatDtype(key, 'float16');
    return toFloat16Bits(await this.readRaw(key, signal), dtype);
  }

  /** I64 only. */
  async readInt64(key: string, signal?: AbortSignal): Promise<BigInt64Array> {
    const { dtype } = this.info(key);
    if (dtype !== 'I64') throw this.notConvertible(key, dtype, 'int64');
    return toInt64(await this.readRaw(key, signal));
  }

  /** Checked before any byte is read. */
  private floatDtype(key: string, to: string): FloatDtype {
    const { dtype } = this.info(key);
    if (!isFloatDtype(dtype)) throw this.notConvertible(key, dtype, to);
    return dtype;
  }

  private notConvertible(key: string, dtype: Dtype, to: string): CheckpointError {
    return new CheckpointError('unknown-dtype', `a ${dtype} tensor cannot be read as ${to}`, this.name, key);
  }
}
