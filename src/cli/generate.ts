// npm run generate -- --model <bundle folder> --image <png|jpeg|webp>… --prompt "…" [options] --out <folder>
// Image-to-video with runI2VGenXL on onnxruntime-node: frame-NNN.png + metadata.json per image (a sub-folder each in
// a batch), progress per stage on the terminal. Exit codes: 1 a file or the run failed, 2 a wrong command line,
// 130 cancelled (Ctrl-C, checked between steps and frames).
import { basename, dirname, extname, join } from 'node:path';
import { runI2VGenXL } from '../pipeline/i2vgen-xl.ts';
import { ParamError } from '../protocol/params.ts';
import { type OpenedBundle, openBundle } from './generate/bundle.ts';
import { CliError, EXIT_FAILED, messageOf } from './generate/errors.ts';
import { checkImage, decodeImage, type ImageInfo, type InputImage, listImages } from './generate/images.ts';
import { type GenerateOptions, paramUsageError, parseGenerateArgs, USAGE } from './generate/options.ts';
import { dumpFrames, runMetadata, writeFrames, writeMetadata } from './generate/outputs.ts';
import { readFloat32 } from './generate/raw-f32.ts';
import { StageTimer } from './generate/stage-timer.ts';
import { progressLine } from './progress.ts';

const cancel = new AbortController();

async function main(): Promise<number> {
  const options = parseGenerateArgs(process.argv.slice(2));
  if (!options) return console.log(USAGE), 0;
  const { images, batch } = await listImages(options.images);
  const infos = new Map<InputImage, ImageInfo>();
  for (const image of images) infos.set(image, await checkImage(image.path)); // every file before any work
  const bundle = await openBundle(options.model);
  process.once('SIGINT', () => cancel.abort());
  try {
    const noise = await injectedNoise(options, bundle);
    for (const [i, image] of images.entries()) {
      const out = batch ? join(options.out, image.name) : options.out;
      const label = batch ? `[${i + 1}/${images.length}] ${image.name}: ` : '';
      const dump = options.dumpFrames && batch ? suffixed(options.dumpFrames, image.name) : options.dumpFrames;
      await generateOne(options, bundle, { ...image, ...infos.get(image)! }, noise, { out, label, dump });
    }
  } finally {
    await bundle.runner.release();
  }
  return 0;
}

interface Noise {
  readonly initLatents: Float32Array | undefined;
  readonly vaeNoise: Float32Array | undefined;
}

/** --init-latents [1, C, F, h, w] and --vae-noise [1, C, h, w], sized for this bundle and these settings. */
async function injectedNoise(o: GenerateOptions, bundle: OpenedBundle): Promise<Noise> {
  const { latentChannels: c, scaleFactor } = bundle.model.vae;
  const [f, h, w] = [o.params.numFrames, o.params.height / scaleFactor, o.params.width / scaleFactor];
  return {
    initLatents: o.initLatents ? await readFloat32('--init-latents', o.initLatents, [1, c, f, h, w]) : undefined,
    vaeNoise: o.vaeNoise ? await readFloat32('--vae-noise', o.vaeNoise, [1, c, h, w]) : undefined,
  };
}

async function generateOne(
  o: GenerateOptions,
  bundle: OpenedBundle,
  image: InputImage & ImageInfo,
  noise: Noise,
  to: { out: string; label: string; dump: string | undefined },
): Promise<void> {
  const started = performance.now();
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    console.error(`${to.label}warning: ${message}`);
  };
  if (noise.initLatents && noise.vaeNoise && o.explicit.has('seed')) {
    warn('--seed is unused: --init-latents and --vae-noise replace both random draws');
  }
  const rgb = await decodeImage(image.path);
  const timer = new StageTimer();
  const result = await runI2VGenXL(bundle.runner, bundle.model, rgb, o.params, {
    ...noise,
    signal: cancel.signal,
    onWarning: (w) => warn(w.message),
    onProgress: (e) => {
      timer.event(e.stage);
      progressLine(`${to.label}${e.stage} ${e.done}/${e.total}`, e.done === e.total);
    },
  });
  const frames = await writeFrames(to.out, result);
  if (to.dump) await dumpFrames(to.dump, result);
  const { format, width, height } = image;
  const metadata = runMetadata({
    image: { path: image.path, format, width, height },
    bundleDir: bundle.dir,
    manifest: bundle.manifest,
    params: o.params,
    initLatents: o.initLatents,
    vaeNoise: o.vaeNoise,
    frames,
    dumpFrames: to.dump,
    timingsMs: timer.timings(),
    totalMs: performance.now() - started,
    warnings,
  });
  await writeMetadata(to.out, metadata);
  const seconds = (metadata.totalMs / 1000).toFixed(1);
  console.log(`${to.label}${frames.length} frames ${result.width}×${result.height} in ${seconds}s → ${to.out}`);
}

/** frames.f32 → frames-<name>.f32 (one dump per image in a batch). */
function suffixed(path: string, name: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}-${name}${ext}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (cancel.signal.aborted) return console.error('cancelled'), process.exit(130);
    const e = error instanceof ParamError ? paramUsageError(error) : error;
    console.error(`error: ${messageOf(e)}`);
    process.exit(e instanceof CliError ? e.exitCode : EXIT_FAILED);
  },
);
