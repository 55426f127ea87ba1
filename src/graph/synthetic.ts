// SyntheticWeights: a WeightSource that invents every tensor a build asks for, seeded, with the shape the config
// implies. Building a component against it enumerates the model's checkpoint keys and shapes from its config alone;
// used to make the tiny demo checkpoint and the real-size checkpoints with random weights.
import { randn } from '../pipeline/random.ts'; // the project's one documented Gaussian generator
import type { TensorMeta, WeightSource } from './scope.ts';

export class SyntheticWeights implements WeightSource {
  private readonly shapes = new Map<string, readonly number[]>();

  constructor(
    readonly name: string,
    private readonly seed: number,
  ) {}

  keys(): string[] {
    return [...this.shapes.keys()];
  }

  meta(key: string): TensorMeta | undefined {
    const shape = this.shapes.get(key);
    return shape && { shape, dtype: 'F32' };
  }

  provide(key: string, shape: readonly number[]): TensorMeta {
    this.shapes.set(key, [...shape]);
    return { shape, dtype: 'F32' };
  }

  async readFloat32(key: string): Promise<Float32Array> {
    const shape = this.shapes.get(key);
    if (!shape) throw new Error(`${this.name}: synthetic tensor ${key} was never requested`);
    return syntheticTensor(key, shape, this.seed);
  }
}

/**
 * Values by role, so activations keep a sane scale through deep stacks: norm weights 1 + N(0, 0.05²), biases and
 * norm biases N(0, 0.02²), embeddings N(0, 0.02²)... Linear/Conv weights N(0, 1/fan_in).
 */
export function syntheticTensor(key: string, shape: readonly number[], seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const normals = randn(n, (hashString(key) ^ seed) >>> 0);
  const isNorm = /norm|layrnorm/.test(key);
  let mean = 0;
  let std: number;
  if (key.endsWith('.bias')) std = 0.02;
  else if (isNorm && shape.length === 1) [mean, std] = [1, 0.05];
  else if (/embedding/.test(key)) std = 0.02;
  else if (shape.length === 1) std = 0.02; // e.g. class_embedding
  else std = 1 / Math.sqrt(shape.slice(1).reduce((a, b) => a * b, 1));
  for (let i = 0; i < n; i++) normals[i] = mean + std * normals[i]!;
  return normals;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
