// npm run eval:demo -- --model <bundle folder> [--pairs tools/demo-model/heldout.json] [--steps N] [--guidance G]
//                      [--seed S] [--limit K] [--json out.json]
// Runs every held-out (image, prompt) pair of the toy motion world through runI2VGenXL on onnxruntime-node and
// judges each clip by where its object goes (eval/motion.ts): per clip and per motion class the observed direction,
// displacement per frame, area change and frame 0's PSNR against the input image.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runI2VGenXL } from '../pipeline/i2vgen-xl.ts';
import { DEFAULT_PARAMS } from '../protocol/params.ts';
import { analyseClip, followsMotion, type Motion, MOTIONS, psnr, TRANSLATIONS } from './eval/motion.ts';
import { openBundle } from './generate/bundle.ts';
import { decodeImage } from './generate/images.ts';

interface Pair {
  readonly id: string;
  readonly motion: Motion;
  readonly prompt: string;
}

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    pairs: { type: 'string', default: 'tools/demo-model/heldout.json' },
    steps: { type: 'string', default: '10' },
    guidance: { type: 'string', default: '9' },
    seed: { type: 'string', default: '42' },
    limit: { type: 'string' },
    json: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (!values.model) throw new Error('usage: npm run eval:demo -- --model <bundle folder> [options]');
  const doc = JSON.parse(await readFile(values.pairs, 'utf8')) as { size: number; frames: number; pairs: Pair[] };
  const pairs = doc.pairs.slice(0, values.limit ? Number(values.limit) : undefined);
  const bundle = await openBundle(values.model);
  const rows = [];
  try {
    for (const pair of pairs) {
      const image = await decodeImage(join(dirname(values.pairs), 'heldout', `${pair.id}.png`));
      const result = await runI2VGenXL(bundle.runner, bundle.model, image, {
        ...DEFAULT_PARAMS,
        prompt: pair.prompt,
        width: doc.size,
        height: doc.size,
        numFrames: doc.frames,
        numInferenceSteps: Number(values.steps),
        guidanceScale: Number(values.guidance),
        seed: Number(values.seed),
      });
      const s = analyseClip(result.frames, result.width, result.height);
      const row = {
        id: pair.id,
        motion: pair.motion,
        observed: s.observed,
        ok: followsMotion(pair.motion, s),
        dx: s.dx,
        dy: s.dy,
        meanShift: s.meanShift,
        areaRatio: s.areaRatio,
        psnr0: psnr(result.frames[0]!, image.data),
      };
      rows.push(row);
      console.log(
        `${row.ok ? 'ok ' : 'BAD'} ${pair.id.padEnd(24)} observed ${row.observed.padEnd(6)} dx ${row.dx.toFixed(2)} dy ${row.dy.toFixed(2)} ` +
          `shift ${row.meanShift.toFixed(2)} area ×${row.areaRatio.toFixed(2)} frame0 ${row.psnr0.toFixed(1)} dB`,
      );
    }
  } finally {
    await bundle.runner.release();
  }
  console.log('\n| motion | clips | follows | mean |dx|,|dy| px/frame | area × | frame 0 PSNR |\n|---|---:|---:|---|---:|---:|');
  for (const m of MOTIONS) {
    const r = rows.filter((x) => x.motion === m);
    if (r.length === 0) continue;
    const mean = (f: (x: (typeof r)[number]) => number) => r.reduce((s, x) => s + f(x), 0) / r.length;
    console.log(
      `| ${m} | ${r.length} | ${r.filter((x) => x.ok).length} | ${mean((x) => Math.abs(x.dx)).toFixed(2)}, ${mean((x) => Math.abs(x.dy)).toFixed(2)} | ` +
        `${mean((x) => x.areaRatio).toFixed(2)} | ${mean((x) => x.psnr0).toFixed(1)} dB |`,
    );
  }
  const moving = rows.filter((x) => TRANSLATIONS.includes(x.motion));
  console.log(
    `\nall: ${rows.filter((x) => x.ok).length}/${rows.length} follow their prompt; moving ${moving.filter((x) => x.ok).length}/${moving.length}; ` +
      `frame 0 PSNR ${(rows.reduce((s, x) => s + x.psnr0, 0) / rows.length).toFixed(1)} dB (min ${Math.min(...rows.map((x) => x.psnr0)).toFixed(1)})`,
  );
  if (values.json) await writeFile(values.json, `${JSON.stringify({ model: values.model, rows }, null, 1)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
