// Tests that index.ts stays browser-safe: nothing it imports, directly or not, reaches a node: module.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from './index.ts';

/** Every module specifier imported (or re-exported) by `file` and the relative files it reaches. */
function importsReachedFrom(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  return specifiers.flatMap((spec) =>
    spec.startsWith('.') ? [spec, ...importsReachedFrom(resolve(dirname(file), spec), seen)] : [spec],
  );
}

describe('index.ts', () => {
  it('reaches no node: module, so a Web Worker bundle can import it', () => {
    const reached = importsReachedFrom(fileURLToPath(new URL('./index.ts', import.meta.url)));
    expect(reached).toContain('./safetensors-file.ts');
    expect(reached.filter((spec) => spec.startsWith('node:') || spec.includes('node-'))).toEqual([]);
  });

  it('exports the reader, the sources that run in a browser, the half conversions and the writer', () => {
    expect(Object.keys(api).sort()).toEqual([
      'MAX_HEADER_LENGTH',
      'SafetensorsFile',
      'bfloat16BitsToFloat16Bits',
      'bfloat16BitsToFloat32',
      'blobSource',
      'float16BitsToFloat32',
      'float32ToFloat16Bits',
      'float64ToFloat16Bits',
      'httpSource',
      'writeSafetensors',
    ]);
  });
});
