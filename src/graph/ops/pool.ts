// AdaptiveAvgPool2d((outH, outW)) for dynamic input sizes, exactly as PyTorch bins it: output cell i averages input
// rows floor(i·H/outH) … ceil((i+1)·H/outH) − 1 (bins overlap when H is not a multiple of outH, e.g. a 64×112
// latent). Lowered to Y = P_h · X · P_wᵀ with bin matrices P [out, in] built in-graph from the input's shape, in
// float32 (fp16 cannot hold i·H exactly), then cast to the graph's float type.
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { dim } from './shape.ts';
import { toFloatType } from './tensor.ts';

export function adaptiveAvgPool2d(p: WeightScope, x: Value, outH: number, outW: number): Value {
  const ph = binMatrix(p, dim(p, x, 2, 'height'), outH, 'rows');
  const pwT = p.op('Transpose', [binMatrix(p, dim(p, x, 3, 'width'), outW, 'cols')], 'cols/Transpose', { perm: [1, 0] });
  const rows = p.op('MatMul', [ph, x], 'rows/MatMul'); // [N, C, outH, W]
  return p.op('MatMul', [rows, pwT], 'cols/MatMul'); // [N, C, outH, outW]
}

/** [out, size] matrix whose row i averages the inputs of bin i. `size` is an int64 [1] dim. */
function binMatrix(p: WeightScope, size: Value, out: number, name: string): Value {
  const g = p.g;
  const c = (suffix: string, dims: number[], values: number[]) => g.constant(p.nodeName(`${name}/${suffix}`), 'float32', dims, values);
  const n = p.op('Cast', [size], `${name}/Cast`, { to: 1 }, 'float32'); // [1]
  const index = c('i', [out, 1], Array.from({ length: out }, (_, i) => i));
  const outF = c('out', [], [out]);
  const start = p.op('Floor', [p.op('Div', [p.op('Mul', [index, n], `${name}/start/Mul`), outF], `${name}/start/Div`)], `${name}/Floor`);
  const next = p.op('Add', [index, c('one', [], [1])], `${name}/next`);
  const end = p.op('Ceil', [p.op('Div', [p.op('Mul', [next, n], `${name}/end/Mul`), outF], `${name}/end/Div`)], `${name}/Ceil`);
  const nScalar = p.op('Reshape', [n, g.constant(p.nodeName(`${name}/scalar`), 'int64', [0], [])], `${name}/scalar`);
  const j = p.op('Range', [c('zero', [], [0]), nScalar, c('step', [], [1])], `${name}/Range`); // [size]
  const inBin = p.op(
    'And',
    [p.op('GreaterOrEqual', [j, start], `${name}/GreaterOrEqual`, undefined, 'bool'), p.op('Less', [j, end], `${name}/Less`, undefined, 'bool')],
    `${name}/And`,
    undefined,
    'bool',
  );
  const mask = p.op('Cast', [inBin], `${name}/mask`, { to: 1 }, 'float32'); // [out, size]
  const matrix = p.op('Div', [mask, p.op('Sub', [end, start], `${name}/count`)], `${name}/Div`);
  return toFloatType(p.sub(name), matrix);
}
