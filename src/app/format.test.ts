// Tests for format.ts: byte sizes as the Compatibility panel shows them, download rates and times left, with the unit
// words in the reader's language.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate } from './format.ts';

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

describe('formatRate', () => {
  it('is a byte size per second', () => {
    expect(formatRate(1536)).toBe('1.5 KiB/s');
    expect(formatRate(12.4 * 2 ** 20)).toBe('12.4 MiB/s');
  });
});

describe('formatDuration', () => {
  it('rounds up, so the time left never reads 0 s before the end', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(4.2)).toBe('5 s');
  });
  it('switches to minutes and hours', () => {
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(130)).toBe('2 min 10 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });
});

describe('unit words in Chinese', () => {
  it('translates the words and keeps the symbols', () => {
    expect(formatBytes(100, 'zh-CN')).toBe('100 字节');
    expect(formatBytes(1536, 'zh-CN')).toBe('1.5 KiB');
    expect(formatRate(1536, 'zh-CN')).toBe('1.5 KiB/s');
    expect(formatDuration(4.2, 'zh-CN')).toBe('5 秒');
    expect(formatDuration(130, 'zh-CN')).toBe('2 分钟 10 秒');
    expect(formatDuration(3900, 'zh-CN')).toBe('1 小时 5 分钟');
  });
});
