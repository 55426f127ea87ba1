// The one table of ONNX op types the graph builder may emit (domain + the opset that defines the version we rely on).
// Every entry was checked against onnxruntime-web 1.30's WebGPU EP (../shared/notes/webgpu-op-support.md):
// all run on the GPU for float tensors. Anything int64 (Shape/Gather/Concat on shapes) is small shape math that ORT
// may place on the CPU by design. A test asserts that every built graph uses only these.

// 21: LayerNormalization needs 17, DequantizeLinear with int4 blocks (4-bit convolution weights) needs 21;
// onnxruntime-web 1.30 runs both on WebGPU.
export const ONNX_OPSET = 21;
export const MS_DOMAIN = 'com.microsoft';
export const MS_OPSET = 1;

export interface OpSpec {
  readonly domain: '' | typeof MS_DOMAIN;
  readonly why: string;
}

export const OP_TABLE = {
  Add: { domain: '', why: 'residuals, biases' },
  Sub: { domain: '', why: 'elementwise' },
  Mul: { domain: '', why: 'scales, SiLU, GroupNorm affine' },
  Div: { domain: '', why: 'output_scale_factor' },
  MatMul: { domain: '', why: 'float Linear layers, attention scores' },
  Transpose: { domain: '', why: 'heads split/merge, NCHW ↔ tokens' },
  Reshape: { domain: '', why: 'heads, GroupNorm groups' },
  Softmax: { domain: '', why: 'attention' },
  Sigmoid: { domain: '', why: 'SiLU = x·sigmoid(x) (ORT fuses it)' },
  Exp: { domain: '', why: 'VAE std = exp(logvar / 2)' },
  Clip: { domain: '', why: 'VAE logvar clamp(-30, 20)' },
  Split: { domain: '', why: 'VAE moments → mean, logvar' },
  Conv: { domain: '', why: '2-D convolutions (temporal ones lowered to 2-D)' },
  Resize: { domain: '', why: 'nearest ×2 upsampling' },
  Gather: { domain: '', why: 'token embedding lookup, CLS token' },
  Concat: { domain: '', why: 'CLS + patch tokens; shape vectors' },
  Shape: { domain: '', why: 'dynamic batch/spatial dims for Reshape/Expand' },
  Slice: { domain: '', why: 'shape vectors' },
  Expand: { domain: '', why: 'CLS token per batch item' },
  Cast: { domain: '', why: 'float32 graph I/O around fp16 compute; shape dims to float (AdaptiveAvgPool)' },
  Identity: { domain: '', why: 'intermediate outputs for tests (only with the intermediates option)' },
  Sin: { domain: '', why: 'sinusoidal timestep / fps embedding' },
  Cos: { domain: '', why: 'sinusoidal timestep / fps embedding' },
  Range: { domain: '', why: 'AdaptiveAvgPool bin matrix (float inputs: runs on the GPU)' },
  Floor: { domain: '', why: 'AdaptiveAvgPool bin starts' },
  Ceil: { domain: '', why: 'AdaptiveAvgPool bin ends' },
  GreaterOrEqual: { domain: '', why: 'AdaptiveAvgPool bin membership' },
  Less: { domain: '', why: 'AdaptiveAvgPool bin membership' },
  And: { domain: '', why: 'AdaptiveAvgPool bin membership' },
  MultiHeadAttention: { domain: MS_DOMAIN, why: 'memory-bounded (FlashAttention) attention on WebGPU; a build option' },
  LayerNormalization: { domain: '', why: 'LayerNorm (opset 17, runs natively on WebGPU)' },
  InstanceNormalization: { domain: '', why: 'GroupNorm as Reshape → InstanceNorm → Reshape (GroupNormalization falls back to CPU)' },
  Gelu: { domain: MS_DOMAIN, why: 'exact (erf) GELU' },
  QuickGelu: { domain: MS_DOMAIN, why: "CLIP's quick_gelu x·sigmoid(1.702x)" },
  DequantizeLinear: { domain: '', why: '4-bit convolution weights (uint4 blocks of 32, opset 21), expanded in-graph' },
  MatMulNBits: { domain: MS_DOMAIN, why: '4-bit block-quantized Linear weights (q4f16/q4f32)' },
} as const satisfies Record<string, OpSpec>;

export type OpType = keyof typeof OP_TABLE;

export function isKnownOp(opType: string, domain: string): boolean {
  const spec = (OP_TABLE as Record<string, OpSpec>)[opType];
  return spec !== undefined && spec.domain === domain;
}
