// Tests for format.ts: byte sizes as the Compatibility panel shows them.
import { describe, expect, it } from 'vitest';
import { formatBytes } from './format.ts';

describe('formatBytes', () => {
  it('keeps small sizes in bytes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
  });
  it('uses binary units, as WebGPU limits are powers of two', () => {
    expect(formatBytes(16 * 1024)).toBe('16 KiB');
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBytes(4 * 2 ** 40)).toBe('4 TiB');
  });
  it('shows fractions without trailing zeros', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 ** 32 - 1)).toBe('4 GiB');
    expect(formatBytes(1.25 * 2 ** 20)).toBe('1.25 MiB');
  });
});
