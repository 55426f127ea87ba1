// Benchmark weights: SyntheticWeights' shapes and per-role distributions, made ~50× faster for large tensors (the
// real-width UNet's 1.4 B values take ~75 s to draw one by one; timings do not depend on the values).
import { SyntheticWeights, syntheticTensor } from '../../graph/synthetic.ts';

/** Tensors up to this many values are drawn exactly as SyntheticWeights draws them. */
const EXACT_BELOW = 1 << 16;

export class FastSyntheticWeights extends SyntheticWeights {
  constructor(
    name: string,
    private readonly weightSeed: number,
  ) {
    super(name, weightSeed);
  }

  /**
   * A weight [out, ...fanIn] gets one row drawn by syntheticTensor (same key, so the same std, 1/√fan_in), and
   * every other row is that row rotated by a row-dependent offset: each value has the intended distribution and
   * no two output channels are equal, at the cost of a copy.
   */
  override async readFloat32(key: string): Promise<Float32Array> {
    const shape = this.meta(key)?.shape;
    if (!shape || shape.length < 2 || shape.reduce((a, b) => a * b, 1) < EXACT_BELOW) return super.readFloat32(key);
    const [rows, ...rest] = shape as [number, ...number[]];
    const row = syntheticTensor(key, [1, ...rest], this.weightSeed);
    const n = row.length;
    const out = new Float32Array(rows * n);
    for (let r = 0; r < rows; r++) {
      const shift = (r * 7919) % n;
      out.set(row.subarray(shift), r * n);
      out.set(row.subarray(0, shift), r * n + n - shift);
    }
    return out;
  }
}
