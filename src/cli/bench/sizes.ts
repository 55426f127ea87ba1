// Real-config sizes for `npm run bench`: each graph's initializer bytes per precision, built from the real I2VGen-XL
// configs against SyntheticWeights (shapes only, no values drawn, nothing written), and the UNet memory model's
// GPU estimate for each generation preset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildComponent, COMPONENTS } from '../../graph/components.ts';
import { ModelConfig } from '../../graph/config.ts';
import { readUNetConfig } from '../../graph/models/unet/config.ts';
import { estimateUNetMemory } from '../../graph/models/unet/memory.ts';
import { PRECISIONS, type Precision } from '../../graph/quant/precision.ts';
import { graphStats } from '../../graph/stats.ts';
import { SyntheticWeights } from '../../graph/synthetic.ts';

export interface BundleSize {
  precision: Precision;
  /** Initializer bytes per graph; the bundle's files add only the graph protobufs (well under 1 %). */
  graphs: Record<string, number>;
  totalBytes: number;
}

export interface PresetMemory {
  preset: string;
  width: number;
  height: number;
  frames: number;
  batch: number;
  precision: Precision;
  weightBytes: number;
  activationBytes: number;
  totalBytes: number;
  peakLayer: string;
}

/** The app's generation presets; batch 2 = classifier-free guidance's two halves in one UNet call. */
export const PRESETS = [
  { preset: 'fast', width: 512, height: 512, frames: 8 },
  { preset: 'standard', width: 512, height: 512, frames: 16 },
  { preset: 'high', width: 768, height: 768, frames: 24 },
] as const;

const config = (dir: string, component: string) => {
  const file = join(dir, `${component}.json`);
  return ModelConfig.parse(file, readFileSync(file, 'utf8'));
};

export function bundleSizes(realConfigs: string): BundleSize[] {
  return PRECISIONS.map((precision) => {
    const graphs: Record<string, number> = {};
    for (const component of COMPONENTS) {
      for (const g of buildComponent(component, config(realConfigs, component), new SyntheticWeights('size', 0), { precision })) {
        graphs[g.name] = graphStats(g).initializerBytes;
      }
    }
    return { precision, graphs, totalBytes: Object.values(graphs).reduce((a, b) => a + b, 0) };
  });
}

export function presetMemory(realConfigs: string, precisions: readonly Precision[] = ['fp16', 'q4f16', 'q4f32']): PresetMemory[] {
  const unet = readUNetConfig(config(realConfigs, 'unet'));
  return PRESETS.flatMap((p) =>
    precisions.map((precision) => {
      const e = estimateUNetMemory(unet, { precision, latentHeight: p.height / 8, latentWidth: p.width / 8, frames: p.frames, batch: 2 });
      return { ...p, batch: 2, precision, weightBytes: e.weightBytes, activationBytes: e.skipBytes + e.transientBytes, totalBytes: e.totalBytes, peakLayer: e.peakLayer };
    }),
  );
}
