// WeightScope: resolves checkpoint key paths (`p.sub('encoder').sub('layers').at(3)`), checks every tensor's shape
// against the one the config implies, records which keys were consumed, and names nodes after the key path.
// A checkpoint tensor that no module consumed (or explicitly discarded) is an error, not a silent skip.
import { CheckpointError } from './checkpoint-error.ts';
import type { AttrValue, GraphBuilder, Value } from './builder.ts';
import type { DType } from './onnx/schema.ts';
import type { OpType } from './ops/table.ts';

export interface TensorMeta {
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** Where weights come from: a safetensors file (store/safetensors) or a synthetic generator. */
export interface WeightSource {
  readonly name: string;
  keys(): string[];
  meta(key: string): TensorMeta | undefined;
  readFloat32(key: string): Promise<Float32Array>;
  /** IEEE half bits, rounded to nearest even (optional: fp16 graphs use it to skip a float32 round trip). */
  readFloat16Bits?(key: string): Promise<Uint16Array>;
  /**
   * Only synthetic sources (synthetic.ts) implement this: called for a key the source lacks, it creates the tensor
   * with the shape the config implies, so a build enumerates a model's weights from its config alone.
   */
  provide?(key: string, shape: readonly number[]): TensorMeta;
}

/** Which keys of one source were consumed, across all the graphs built from it. */
export class WeightUsage {
  readonly used = new Set<string>();
  readonly discarded = new Map<string, string>();

  constructor(readonly source: WeightSource) {}

  /** Throws `unused-tensor` naming the first key nobody consumed or discarded. */
  assertAllConsumed(): void {
    const unused = this.source.keys().filter((k) => !this.used.has(k) && !this.discarded.has(k));
    if (unused.length > 0) {
      const more = unused.length > 1 ? ` (and ${unused.length - 1} more: ${unused.slice(1, 6).join(', ')})` : '';
      throw new CheckpointError(
        'unused-tensor',
        `tensor is in the checkpoint but no module of the graph consumed it${more}; the config and the weights disagree`,
        this.source.name,
        unused[0],
      );
    }
  }
}

/** A consumed checkpoint tensor, read when the graph is emitted. */
export interface TensorRef {
  readonly key: string;
  readonly shape: readonly number[];
  read(): Promise<Float32Array>;
  readFloat16Bits?: () => Promise<Uint16Array>;
}

export class WeightScope {
  constructor(
    readonly g: GraphBuilder,
    readonly usage: WeightUsage,
    readonly path: string,
  ) {}

  static root(g: GraphBuilder, usage: WeightUsage, path = ''): WeightScope {
    return new WeightScope(g, usage, path);
  }

  sub(name: string): WeightScope {
    return new WeightScope(this.g, this.usage, this.key(name));
  }

  at(index: number): WeightScope {
    return this.sub(String(index));
  }

  key(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  has(name: string): boolean {
    return this.usage.source.meta(this.key(name)) !== undefined;
  }

  /** Consumes the tensor `name`, checking its shape. */
  tensor(name: string, shape: readonly number[]): TensorRef {
    const key = this.key(name);
    const source = this.usage.source;
    const meta = source.meta(key) ?? source.provide?.(key, shape);
    if (meta === undefined) {
      throw new CheckpointError('missing-tensor', `missing tensor; expected shape [${shape.join(', ')}]`, source.name, key);
    }
    if (meta.shape.length !== shape.length || meta.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(
        'shape-mismatch',
        `shape [${meta.shape.join(', ')}] but the config implies [${shape.join(', ')}]`,
        source.name,
        key,
      );
    }
    this.usage.used.add(key);
    const half = source.readFloat16Bits?.bind(source);
    return { key, shape, read: () => source.readFloat32(key), ...(half ? { readFloat16Bits: () => half(key) } : {}) };
  }

  /** Marks every tensor under this path as deliberately unused, with the reason (e.g. clip_skip drops a layer). */
  discard(reason: string): void {
    const prefix = `${this.path}.`;
    for (const key of this.usage.source.keys()) {
      if (key.startsWith(prefix) || key === this.path) this.usage.discarded.set(key, reason);
    }
  }

  /** A node named after this scope's key path. */
  op(opType: OpType, inputs: readonly (Value | null)[], suffix: string, attrs?: Record<string, AttrValue>, dtype?: DType): Value {
    return this.g.op(opType, inputs, this.nodeName(suffix), attrs, dtype);
  }

  nodeName(suffix: string): string {
    return this.path === '' ? suffix : `${this.path}/${suffix}`;
  }
}
