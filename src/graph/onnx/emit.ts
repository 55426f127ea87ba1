// Writes a built graph as an ONNX ModelProto. Initializers are produced one at a time (lazy weights are read,
// transformed and quantized here) and either inlined or appended to external data, so memory holds one tensor.
import type { AttrValue, GraphBuilder, IOSpec } from '../builder.ts';
import { MS_DOMAIN, MS_OPSET, ONNX_OPSET } from '../ops/table.ts';
import { AttributeType, ModelProtoType, OnnxDataType } from './schema.ts';

/** Where large initializers go: appended to one of the graph's external data files. */
export interface ExternalDataSink {
  /** Appends bytes; returns the file (relative location) and the offset they were written at. */
  append(bytes: Uint8Array): Promise<{ location: string; offset: number }>;
}

export interface EmitOptions {
  /** When given, initializers of at least `externalMinBytes` go to external data. */
  readonly external?: ExternalDataSink;
  readonly externalMinBytes?: number;
  readonly producerVersion?: string;
  /** Called after each initializer is written (done, total). */
  readonly onInitializer?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export const IR_VERSION = 10; // the IR version of opset 21

export async function emitModel(g: GraphBuilder, o: EmitOptions = {}): Promise<Uint8Array> {
  const minBytes = o.externalMinBytes ?? 1024;
  const initializer: object[] = [];
  let done = 0;
  for (const init of g.initializers) {
    o.signal?.throwIfAborted();
    const bytes = await init.data();
    const tensor: Record<string, unknown> = { name: init.name, dataType: OnnxDataType[init.dtype], dims: [...init.dims] };
    if (o.external && bytes.byteLength >= minBytes) {
      const { location, offset } = await o.external.append(bytes);
      tensor.dataLocation = 1; // EXTERNAL
      tensor.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(bytes.byteLength) },
      ];
    } else {
      tensor.rawData = bytes;
    }
    initializer.push(tensor);
    o.onInitializer?.(++done, g.initializers.length);
  }
  const usesMs = g.nodes.some((n) => n.domain === MS_DOMAIN);
  const model = ModelProtoType.fromObject({
    irVersion: IR_VERSION,
    producerName: 'localmotion-graph-builder',
    producerVersion: o.producerVersion ?? '1',
    opsetImport: [{ domain: '', version: ONNX_OPSET }, ...(usesMs ? [{ domain: MS_DOMAIN, version: MS_OPSET }] : [])],
    metadataProps: Object.entries(g.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      node: g.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs).map(([name, v]) => attribute(name, v)),
      })),
      initializer,
      input: g.inputs.map(valueInfo),
      output: g.outputs.map(valueInfo),
    },
  });
  return ModelProtoType.encode(model).finish();
}

function valueInfo(io: IOSpec): object {
  return {
    name: io.name,
    type: {
      tensorType: {
        elemType: OnnxDataType[io.dtype],
        ...(io.dims ? { shape: { dim: io.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } : {}),
      },
    },
  };
}

function attribute(name: string, v: AttrValue): object {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer; use { f: ${v} }`);
    return { name, type: AttributeType.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: [...v] };
  if ('f' in v) return { name, type: AttributeType.FLOAT, f: v.f };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
  throw new Error(`attribute ${name}: unsupported value`);
}
