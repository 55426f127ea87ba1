// Safetensors reader and streaming writer, the browser-safe part (Web Worker and Node); Node-only: node-*.ts.
export type { ByteSource } from './byte-source.ts';
export { blobSource } from './blob-source.ts';
export { httpSource, type HttpSourceOptions } from './http-source.ts';
export { SafetensorsFile, MAX_HEADER_LENGTH, type TensorInfo } from './safetensors-file.ts';
export type { Dtype, FloatDtype } from './dtype.ts';
export {
  bfloat16BitsToFloat16Bits,
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  float64ToFloat16Bits,
} from './half.ts';
export { writeSafetensors, type ByteSink, type WriteEntry } from './writer.ts';
