// GraphBuilder: collects the nodes, inputs, outputs and (lazy) initializers of one ONNX graph.
// Node names are checkpoint key paths (`text_model.encoder.layers.0.self_attn/MatMul`) so an ORT error points at a
// PyTorch module. Initializer data is produced lazily by emit.ts, one tensor at a time, so memory stays bounded.
import type { DType } from './onnx/schema.ts';
import { OP_TABLE, type OpType } from './ops/table.ts';
import { needsShaderF16, type Precision } from './quant/precision.ts';
import type { QuantPolicy } from './quant/policy.ts';

export interface Value {
  readonly name: string;
  readonly dtype: DType;
}

/** A dimension: a number, or a symbolic name kept dynamic in the graph. */
export type Dim = number | string;

export type AttrValue =
  | number // INT (must be an integer)
  | readonly number[] // INTS
  | string // STRING
  | { readonly f: number } // FLOAT
  | { readonly floats: readonly number[] }; // FLOATS

export interface NodeSpec {
  readonly opType: OpType;
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

export interface InitializerSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** Produces the little-endian bytes; called once, when the graph is emitted. */
  readonly data: () => Uint8Array | Promise<Uint8Array>;
}

export interface IOSpec {
  readonly name: string;
  readonly dtype: DType;
  /** undefined: the shape is not declared (intermediate outputs). */
  readonly dims: readonly Dim[] | undefined;
}

export interface GraphOptions {
  readonly name: string;
  readonly precision: Precision;
  readonly policy: QuantPolicy;
  /** Checkpoint component this graph is built from (the quantization policy is keyed on it). */
  readonly component: string;
  /** How large self-attentions are lowered (ops/attention.ts); default DEFAULT_ATTENTION. */
  readonly attention?: AttentionLowering;
  /** Also output named intermediate tensors (tests compare them with the goldens' per-module values). */
  readonly intermediates?: boolean;
}

/**
 * - `chunked`: MatMul → Softmax → MatMul with the queries split into `queryChunks` pieces at the largest spatial
 *   level (fewer at smaller levels), so at most one chunk's scores [B·F, heads, N/chunks, N] exist at a time; exact
 *   on every EP. `queryChunks: 1` is the plain, fully materialised form.
 * - `mha`: com.microsoft MultiHeadAttention, which onnxruntime-web's WebGPU EP runs as FlashAttention (no score
 *   matrix at all); exact only where the EP's subgroup path is right for the adapter (see the notes).
 */
export type AttentionLowering = { readonly mode: 'chunked'; readonly queryChunks: number } | { readonly mode: 'mha' };

export const DEFAULT_ATTENTION: AttentionLowering = { mode: 'chunked', queryChunks: 16 };

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: InitializerSpec[] = [];
  readonly inputs: IOSpec[] = [];
  readonly outputs: IOSpec[] = [];
  readonly metadata: Record<string, string> = {};
  private readonly names = new Set<string>();

  constructor(readonly options: GraphOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** The float type activations and float weights use inside the graph. */
  get attention(): AttentionLowering {
    return this.options.attention ?? DEFAULT_ATTENTION;
  }

  get floatType(): 'float32' | 'float16' {
    return needsShaderF16(this.options.precision) ? 'float16' : 'float32';
  }

  input(name: string, dtype: DType, dims: readonly Dim[]): Value {
    this.claim(name);
    this.inputs.push({ name, dtype, dims });
    return { name, dtype };
  }

  /** With the `intermediates` option, exposes `value` as an extra graph output named `name`. */
  intermediate(name: string, value: Value): void {
    if (!this.options.intermediates) return;
    this.output(name, this.op('Identity', [value], `intermediate/${name}`), undefined);
  }

  output(name: string, value: Value, dims: readonly Dim[] | undefined): void {
    // An output gets its contract name through an Identity-free rename: the producing node writes `name`.
    const producer = this.nodes.find((n) => n.outputs.includes(value.name));
    if (producer === undefined) throw new Error(`output ${name}: ${value.name} is not produced by a node`);
    const index = producer.outputs.indexOf(value.name);
    this.claim(name);
    this.nodes[this.nodes.indexOf(producer)] = {
      ...producer,
      outputs: producer.outputs.map((o, i) => (i === index ? name : o)),
    };
    this.renameUses(value.name, name);
    this.outputs.push({ name, dtype: value.dtype, dims });
  }

  initializer(spec: InitializerSpec): Value {
    this.claim(spec.name);
    this.initializers.push(spec);
    return { name: spec.name, dtype: spec.dtype };
  }

  /** A small constant computed by the builder itself (shapes, scales, masks). */
  constant(name: string, dtype: DType, dims: readonly number[], values: ArrayLike<number> | ArrayLike<bigint>): Value {
    const bytes = encodeValues(dtype, values);
    return this.initializer({ name: this.unique(name), dtype, dims, data: () => bytes });
  }

  /** Adds a node; returns its outputs (dtype: `dtypes` when given, else the first input's). */
  node(
    opType: OpType,
    inputs: readonly (Value | null)[],
    name: string,
    options: { attrs?: Record<string, AttrValue>; outputs?: number; dtypes?: readonly DType[] } = {},
  ): Value[] {
    const nodeName = this.unique(name);
    const count = options.outputs ?? 1;
    const first = inputs.find((v): v is Value => v !== null);
    const outputs: Value[] = [];
    for (let i = 0; i < count; i++) {
      const dtype = options.dtypes?.[i] ?? first?.dtype;
      if (dtype === undefined) throw new Error(`${nodeName}: output dtype unknown`);
      const outName = count === 1 ? nodeName : `${nodeName}:${i}`;
      this.claim(outName);
      outputs.push({ name: outName, dtype });
    }
    this.nodes.push({
      opType,
      domain: OP_TABLE[opType].domain,
      name: nodeName,
      inputs: inputs.map((v) => v?.name ?? ''),
      outputs: outputs.map((v) => v.name),
      attrs: options.attrs ?? {},
    });
    return outputs;
  }

  /** Single-output node. */
  op(opType: OpType, inputs: readonly (Value | null)[], name: string, attrs?: Record<string, AttrValue>, dtype?: DType): Value {
    const [out] = this.node(opType, inputs, name, { attrs: attrs ?? {}, ...(dtype ? { dtypes: [dtype] } : {}) });
    return out!;
  }

  /** A fresh name derived from `base` (`base`, `base_1`, …). */
  unique(base: string): string {
    if (!this.names.has(base)) return base;
    for (let i = 1; ; i++) {
      const candidate = `${base}_${i}`;
      if (!this.names.has(candidate)) return candidate;
    }
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`graph ${this.name}: duplicate name ${name}`);
    this.names.add(name);
  }

  private renameUses(from: string, to: string): void {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      if (n.inputs.includes(from)) this.nodes[i] = { ...n, inputs: n.inputs.map((x) => (x === from ? to : x)) };
    }
  }
}

export function encodeValues(dtype: DType, values: ArrayLike<number> | ArrayLike<bigint>): Uint8Array {
  const n = values.length;
  switch (dtype) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
    case 'int64': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = BigInt(values[i] as number | bigint);
      return new Uint8Array(out.buffer);
    }
    case 'int32':
      return new Uint8Array(Int32Array.from(values as ArrayLike<number>).buffer);
    case 'uint8':
      return Uint8Array.from(values as ArrayLike<number>);
    case 'float16':
      throw new Error('float16 constants: convert with float32ToFloat16Bits and pass uint16 bytes via initializer()');
    default:
      throw new Error(`constants of dtype ${dtype} are not supported`);
  }
}
