// The Hugging Face / diffusers URL layout of a checkpoint (pure): where a checkpoint's files are, which weight files
// to try in which order (fp16 variant first), and which model classes an I2VGen-XL checkpoint must hold.
import { COMPONENT_SPECS, type ComponentName } from '../../graph/components.ts';
import type { Precision } from '../../graph/quant/precision.ts';

export const PIPELINE_CLASS = 'I2VGenXLPipeline';

/** The class each component's config.json names (`_class_name` in diffusers, `architectures[0]` in transformers). */
export const COMPONENT_CLASSES: Readonly<Record<ComponentName, string>> = {
  text_encoder: 'CLIPTextModel',
  image_encoder: 'CLIPVisionModelWithProjection',
  vae: 'AutoencoderKL',
  unet: 'I2VGenXLUNet',
};

/**
 * The folder URL files are read from, with a trailing slash. A Hugging Face repository page
 * (`https://huggingface.co/ali-vilab/i2vgen-xl`, or `…/tree/<rev>`) becomes its file URL (`…/resolve/main/`).
 */
export function checkpointBase(url: string, pageHref?: string): string {
  const u = new URL(url, pageHref);
  u.search = '';
  u.hash = '';
  if (u.hostname === 'huggingface.co' || u.hostname === 'www.huggingface.co') {
    const parts = u.pathname.split('/').filter((p) => p !== '');
    if (parts.length === 2) u.pathname = `/${parts.join('/')}/resolve/main/`;
    else if (parts.length >= 4 && parts[2] === 'tree') u.pathname = `/${parts[0]}/${parts[1]}/resolve/${parts.slice(3).join('/')}/`;
  }
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/** A checkpoint file's URL: `<base><component>/<file>`. */
export const fileUrl = (base: string, path: string): string => new URL(path, base).href;

/** The weight files of a component, in the order they are tried: the fp16 variant, then the full-precision file. */
export const weightCandidates = (component: ComponentName): string[] =>
  COMPONENT_SPECS[component].weightFiles.map((f) => `${component}/${f}`);

/** The model class a parsed config.json names, if any. */
export function configClass(config: unknown): string | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const c = config as { _class_name?: unknown; architectures?: unknown };
  if (typeof c._class_name === 'string') return c._class_name;
  if (Array.isArray(c.architectures) && typeof c.architectures[0] === 'string') return c.architectures[0];
  return undefined;
}

/**
 * Bytes per checkpoint parameter a bundle takes, an upper estimate for the quota check (the real I2VGen-XL bundles
 * take 4, 2, 0.83 and 0.66: q4 leaves embeddings, norms and the VAE in float).
 */
const BYTES_PER_PARAMETER: Readonly<Record<Precision, number>> = { fp32: 4, fp16: 2, q4f32: 1, q4f16: 0.8 };

export const estimateBundleBytes = (parameters: number, precision: Precision): number =>
  Math.ceil(parameters * BYTES_PER_PARAMETER[precision]);
