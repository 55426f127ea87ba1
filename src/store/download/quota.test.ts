// The quota check: free space is quota − usage, compared with the bytes still missing, in words a person reads.
import { describe, expect, it } from 'vitest';
import { checkQuota, formatSize, requestPersistence } from './quota.ts';

const storage = (quota: number | undefined, usage: number) => ({ estimate: async () => ({ quota, usage }) });

describe('checkQuota', () => {
  it('passes when the missing bytes fit, fails with needed and free when they do not', async () => {
    await expect(checkQuota(storage(10e9, 8e9), 1.5e9, 'x')).resolves.toBeUndefined();
    const e = await checkQuota(storage(10e9, 9.2e9), 1.52e9, 'I2VGen-XL (q4f16)').catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'quota',
      message: 'not enough storage for I2VGen-XL (q4f16): it needs 1.52 GB more, but only 800.0 MB is free',
      detail: { expected: 1.52e9, actual: 8e8 },
    });
  });

  it('cannot check without an estimate, and needs no space for nothing', async () => {
    await expect(checkQuota(undefined, 1e12, 'x')).resolves.toBeUndefined();
    await expect(checkQuota(storage(undefined, 0), 1e12, 'x')).resolves.toBeUndefined();
    await expect(checkQuota(storage(0, 0), 0, 'x')).resolves.toBeUndefined();
  });
});

describe('requestPersistence', () => {
  it('is undefined where persist() does not exist (workers) and false when it throws', async () => {
    expect(await requestPersistence(storage(1, 0))).toBeUndefined();
    expect(await requestPersistence({ ...storage(1, 0), persist: async () => true })).toBe(true);
    expect(await requestPersistence({ ...storage(1, 0), persist: () => Promise.reject(new Error('no')) })).toBe(false);
  });
});

describe('formatSize', () => {
  it('uses decimal kB, MB and GB', () => {
    expect([formatSize(999), formatSize(1.5e6), formatSize(2.5e9)]).toEqual(['1 kB', '1.5 MB', '2.50 GB']);
  });
});
