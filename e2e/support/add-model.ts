// A one-node ONNX model, y = x + x over float32[4], hand-encoded so browser smoke tests need no graph builder.

type Field = number | string | Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let n = value;
  while (n > 127) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** One protobuf message: [field number, varint | string | nested message bytes] pairs, in order. */
function message(...fields: Array<[number, Field]>): Uint8Array {
  const out: number[] = [];
  for (const [no, value] of fields) {
    if (typeof value === 'number') {
      out.push(...varint(no << 3), ...varint(value));
    } else {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      out.push(...varint((no << 3) | 2), ...varint(bytes.length), ...bytes);
    }
  }
  return Uint8Array.from(out);
}

// onnx.proto field numbers: ValueInfoProto{name 1, type 2}, TypeProto{tensor_type 1}, Tensor{elem_type 1, shape 2},
// TensorShapeProto{dim 1}, Dimension{dim_value 1}; elem_type 1 = FLOAT.
const float4 = (name: string) =>
  message([1, name], [2, message([1, message([1, 1], [2, message([1, message([1, 4])])])])]);

/** ModelProto{ir_version 1, opset_import 8, graph 7}; GraphProto{node 1, name 2, input 11, output 12}. */
export function addModel(): Uint8Array {
  const node = message([1, 'x'], [1, 'x'], [2, 'y'], [3, 'add'], [4, 'Add']);
  const graph = message([1, node], [2, 'add'], [11, float4('x')], [12, float4('y')]);
  return message([1, 8], [8, message([1, ''], [2, 17])], [7, graph]);
}
