// npm run convert -- --from <diffusers folder> --out <bundle folder> [--precision fp32|fp16|q4f16|q4f32]
//                    [--components text_encoder,image_encoder,vae] [--id <bundle id>]
// Converts a diffusers I2VGen-XL checkpoint into a LocalMotion bundle, printing progress per component.
import { parseArgs } from 'node:util';
import { CheckpointError } from '../graph/checkpoint-error.ts';
import { COMPONENTS, type ComponentName } from '../graph/components.ts';
import { POLICIES } from '../graph/quant/policy.ts';
import { isPrecision, PRECISIONS } from '../graph/quant/precision.ts';
import { convertCheckpoint, type ConvertEvent } from '../store/bundle/convert.ts';
import { folderReader, folderWriter } from './folder-io.ts';
import { formatBytes, progressLine } from './progress.ts';

const usage = `usage: npm run convert -- --from <diffusers folder> --out <bundle folder>
       [--precision ${PRECISIONS.join('|')}] [--policy ${Object.keys(POLICIES).join('|')}]
       [--components ${COMPONENTS.join(',')}] [--id <bundle id>]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string' },
      precision: { type: 'string', default: 'q4f16' },
      policy: { type: 'string', default: 'default' },
      components: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      notice: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage), 0;
  if (!values.from || !values.out) return console.error(`--from and --out are required\n${usage}`), 2;
  if (!isPrecision(values.precision)) {
    return console.error(`--precision must be one of ${PRECISIONS.join(', ')}, got ${values.precision}`), 2;
  }
  const policy = POLICIES[values.policy];
  if (!policy) return console.error(`--policy must be one of ${Object.keys(POLICIES).join(', ')}, got ${values.policy}`), 2;
  let components: ComponentName[] | undefined;
  if (values.components) {
    components = [];
    for (const c of values.components.split(',').map((s) => s.trim())) {
      if (!(COMPONENTS as readonly string[]).includes(c)) {
        return console.error(`--components: unknown component ${c} (known: ${COMPONENTS.join(', ')})`), 2;
      }
      components.push(c as ComponentName);
    }
  }
  const started = performance.now();
  const manifest = await convertCheckpoint(
    folderReader(values.from),
    folderWriter(values.out),
    {
      precision: values.precision,
      policy,
      id: values.id ?? `i2vgen-xl-${values.precision}`,
      ...(components ? { components } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(values.notice ? { notice: values.notice } : {}),
    },
    report,
  );
  const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`bundle ${manifest.id} (${manifest.precision}): ${manifest.files.length} files, ${formatBytes(total)} in ${seconds}s → ${values.out}`);
  return 0;
}

function report(e: ConvertEvent): void {
  switch (e.type) {
    case 'component':
      return console.log(`${e.component}: reading ${e.weights}`);
    case 'tensors':
      return progressLine(`  ${e.graph}: tensors ${e.done}/${e.total}`, e.done === e.total);
    case 'graph-written':
      return console.log(`  ${e.graph}: ${e.files.map((f) => `${f.path} ${formatBytes(f.bytes)}`).join(', ')}`);
    case 'graph-built':
      return console.log(`  ${e.stats.graph}: ${e.stats.nodes} nodes, ${e.stats.initializers} initializers (${formatBytes(e.stats.initializerBytes)})`);
    case 'file':
      return;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CheckpointError) console.error(`error (${error.code}): ${error.message}`);
    else console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
