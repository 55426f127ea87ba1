// SyntheticWeights: a WeightSource that invents every tensor a build asks for, seeded, with the shape the config
// implies. Building a component against it enumerates the model's checkpoint keys and shapes from its config alone;
// used to make the tiny demo checkpoint and the real-size checkpoints with random weights.
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
  const out = new Float32Array(n);
  const random = gaussian(hashString(key) ^ seed);
  const isNorm = /norm|layrnorm/.test(key);
  let mean = 0;
  let std: number;
  if (key.endsWith('.bias')) std = 0.02;
  else if (isNorm && shape.length === 1) [mean, std] = [1, 0.05];
  else if (/embedding/.test(key)) std = 0.02;
  else if (shape.length === 1) std = 0.02; // e.g. class_embedding
  else std = 1 / Math.sqrt(shape.slice(1).reduce((a, b) => a * b, 1));
  for (let i = 0; i < n; i++) out[i] = mean + std * random();
  return out;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32 uniforms → Box–Muller standard normals (deterministic for a seed). */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
