// A one-node ONNX model (y = x + x): creating a session of it pays a runtime's own start-up (wasm compile, WebGPU
// device) so that the UNet's session-create time is the model's alone.
import { GraphBuilder } from '../../graph/builder.ts';
import { emitModel } from '../../graph/onnx/emit.ts';
import { DEFAULT_POLICY } from '../../graph/quant/policy.ts';

export async function warmupModel(): Promise<Uint8Array> {
  const g = new GraphBuilder({ name: 'warmup', precision: 'fp32', policy: DEFAULT_POLICY, component: 'warmup' });
  const x = g.input('x', 'float32', [1]);
  g.output('y', g.op('Add', [x, x], 'warmup/Add'), [1]);
  return emitModel(g);
}
