// A SafetensorsFile as the builder's WeightSource.
import type { SafetensorsFile } from '../store/safetensors/index.ts';
import type { TensorMeta, WeightSource } from './scope.ts';

export function safetensorsWeights(file: SafetensorsFile): WeightSource {
  return {
    name: file.name,
    keys: () => file.keys(),
    meta: (key: string): TensorMeta | undefined => (file.has(key) ? file.info(key) : undefined),
    readFloat32: (key: string) => file.readFloat32(key),
    readFloat16Bits: (key: string) => file.readFloat16Bits(key),
  };
}
