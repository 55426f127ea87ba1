// The streaming SHA-256 equals node:crypto whatever the message length (padding edges) and however it is fed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256-stream.ts';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + 17) % 251);
const reference = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Sha256', () => {
  it.each([0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 100_003])('hashes %i bytes like node:crypto', (n) => {
    const data = bytes(n);
    expect(new Sha256().update(data).hex()).toBe(reference(data));
  });

  it('gives the same digest for any split of the input', () => {
    const data = bytes(10_000);
    for (const sizes of [[1, 63, 64, 9872], [5000, 5000], [7, 7, 7, 9979], [64, 64, 9872]]) {
      const h = new Sha256();
      let at = 0;
      for (const n of sizes) {
        h.update(data.subarray(at, at + n));
        at += n;
      }
      expect(h.hex(), sizes.join('+')).toBe(reference(data));
    }
  });

  it('hashes the known vector of "abc"', () => {
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('refuses input after the digest', () => {
    const h = new Sha256();
    h.hex();
    expect(() => h.update(bytes(1))).toThrow(/after digest/);
  });
});
