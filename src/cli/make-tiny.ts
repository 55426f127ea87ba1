// npm run make:tiny [-- --out <models dir>] [--keep-checkpoint <dir>]: (re)makes the demo bundle in
// public/models/tiny/ (see tiny-bundle.ts). A test checks that the committed bundle is what this script makes.
import { parseArgs } from 'node:util';
import { formatBytes } from './progress.ts';
import { MODELS_DIR, makeTinyBundle } from './tiny-bundle.ts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: MODELS_DIR }, 'keep-checkpoint': { type: 'string' } },
});
makeTinyBundle(values.out, values['keep-checkpoint'], console.log).then(
  (manifest) => {
    const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
    console.log(`demo bundle ${manifest.id}: ${manifest.files.length} files, ${formatBytes(bytes)} → ${values.out}/tiny`);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
