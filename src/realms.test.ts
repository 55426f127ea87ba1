// The house's import rules (STYLE.md), checked on the source: graph/, store/, pipeline/ and protocol/ run in the browser worker
// too, so they never import Node built-ins (only node-*.ts files and tests may); only app/ imports Svelte; only
// workers/, cli/ and tests import onnxruntime. main.ts (the page entry that mounts the app) counts as app/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

const isTest = (f: string) => /\.test\.ts$|test-support\.ts$/.test(f) || f.includes('/testing/');
const imports = (f: string) => [...readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('import rules', () => {
  const all = files(src).filter((f) => !isTest(f));

  it('graph/, store/, pipeline/ and protocol/ import no Node built-ins outside node-*.ts files', () => {
    const offenders = all
      .filter((f) => /^(graph|store|pipeline|protocol)\//.test(relative(src, f)) && !/\/node-[^/]+\.ts$/.test(f))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('node:')).map((i) => `${relative(src, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('only app/ imports svelte', () => {
    const offenders = all
      .filter((f) => !relative(src, f).startsWith('app/') && relative(src, f) !== 'main.ts' && f.endsWith('.ts'))
      .flatMap((f) => imports(f).filter((i) => i === 'svelte' || i.startsWith('svelte/')).map((i) => `${relative(src, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('only workers/ and cli/ import onnxruntime', () => {
    const offenders = all
      .filter((f) => !/^(workers|cli)\//.test(relative(src, f)))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('onnxruntime')).map((i) => `${relative(src, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });
});
