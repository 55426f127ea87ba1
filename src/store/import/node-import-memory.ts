// npx tsx src/store/import/node-import-memory.ts <checkpoint folder> [precision]
// Measures the importer's memory in Node: the checkpoint is served over real HTTP (Range, HEAD) by a child process,
// importCheckpoint reads and converts it exactly as in the browser, and the chunks go to a store that only counts
// them (IndexedDB keeps chunks outside the JS heap). Prints time, requests, bytes, and the peak of JS memory (V8
// heap + ArrayBuffers) and RSS over the import, per component.
import { fork } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { join, resolve } from 'node:path';
import type { ComponentName } from '../../graph/components.ts';
import { isPrecision } from '../../graph/quant/precision.ts';
import type { ModelRecord } from '../idb/model-record.ts';
import type { ModelStorage } from '../idb/model-store.ts';
import { importCheckpoint } from './import-checkpoint.ts';

const MiB = 2 ** 20;

/** The child: serves `dir` with HEAD and single Range requests, 404 for anything missing. */
function serve(dir: string): void {
  const server = http.createServer(async (req, res) => {
    const file = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const info = await stat(file).catch(() => undefined);
    if (!file.startsWith(dir) || !info?.isFile()) return void res.writeHead(404).end();
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const [start, end] = m ? [Number(m[1]), Math.min(Number(m[2]), info.size - 1)] : [0, info.size - 1];
    res.writeHead(m ? 206 : 200, {
      'Content-Length': String(end - start + 1),
      ...(m ? { 'Content-Range': `bytes ${start}-${end}/${info.size}` } : {}),
    });
    if (req.method === 'HEAD' || end < start) return void res.end();
    createReadStream(file, { start, end }).pipe(res);
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as { port: number }).port));
}

/** A ModelStorage that keeps records and chunk sizes only. */
function countingStorage(): ModelStorage {
  const records = new Map<string, ModelRecord>();
  let bytes = 0;
  return {
    listModels: async () => [...records.values()],
    getModel: async (id) => records.get(id),
    putRecord: async (r) => void records.set(r.id, r),
    putChunk: async (r, _path, _i, blob) => void ((bytes += blob.size), records.set(r.id, r)),
    getChunk: async () => undefined,
    deleteChunks: async () => {},
    deleteModel: async (id) => void records.delete(id),
    storageUsed: async () => bytes,
  };
}

async function measure(dir: string, precision: string): Promise<void> {
  if (!isPrecision(precision)) throw new Error(`unknown precision ${precision}`);
  const child = fork(process.argv[1]!, ['--serve', dir], { execArgv: process.execArgv });
  const port = await new Promise<number>((r) => child.once('message', (p) => r(p as number)));
  const mem = () => process.memoryUsage();
  const base = mem();
  const peak = { js: 0, rss: 0 };
  const perComponent = new Map<ComponentName, number>();
  let component: ComponentName = 'text_encoder';
  const sample = () => {
    const m = mem();
    const js = m.heapUsed + m.arrayBuffers;
    peak.js = Math.max(peak.js, js);
    peak.rss = Math.max(peak.rss, m.rss);
    perComponent.set(component, Math.max(perComponent.get(component) ?? 0, js));
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const r = await importCheckpoint(`http://127.0.0.1:${port}/`, {
      precision,
      storage: countingStorage(),
      storageAccess: { estimate: async () => ({ quota: 1e13, usage: 0 }) },
      progressIntervalMs: 0,
      onProgress: (p) => {
        component = p.component;
        sample();
      },
    });
    sample();
    const s = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${dir} → ${precision}: ${s} s; checkpoint weights ${(r.checkpointBytes / MiB).toFixed(1)} MiB, ${r.requests} requests, ` +
        `${(r.receivedBytes / MiB).toFixed(1)} MiB received; bundle ${(r.record.manifest.totalBytes / MiB).toFixed(1)} MiB in ${r.storedChunks} chunks`,
    );
    console.log(
      `  JS memory (heap + ArrayBuffers): ${(base.heapUsed + base.arrayBuffers) / MiB | 0} MiB before, peak ${(peak.js / MiB).toFixed(0)} MiB ` +
        `(${[...perComponent].map(([c, b]) => `${c} ${(b / MiB).toFixed(0)}`).join(', ')}); RSS ${(base.rss / MiB).toFixed(0)} → peak ${(peak.rss / MiB).toFixed(0)} MiB`,
    );
  } finally {
    clearInterval(timer);
    child.kill();
  }
}

if (process.argv[2] === '--serve') serve(resolve(process.argv[3]!));
else if (process.argv[2] === undefined) console.error('usage: npx tsx src/store/import/node-import-memory.ts <checkpoint folder> [precision]');
else await measure(resolve(process.argv[2]), process.argv[3] ?? 'q4f32');
