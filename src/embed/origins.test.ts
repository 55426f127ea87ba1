// Who may drive the embedded app: ?host= origins, else the embedding page (referrer), else the app itself.
import { describe, expect, it } from 'vitest';
import { allowedOrigins, isAllowed, normalizeOrigin } from './origins.ts';

const APP = 'https://app.example';

describe('allowedOrigins', () => {
  it('takes the origins listed in ?host=, comma-separated, without duplicates', () => {
    expect(allowedOrigins('https://a.example, http://localhost:8080 ,https://a.example', 'https://ref.example/page', APP)).toEqual({
      origins: ['https://a.example', 'http://localhost:8080'],
      rejected: [],
    });
  });

  it('rejects entries that are not bare http(s) origins and names them', () => {
    const { origins, rejected } = allowedOrigins('https://a.example,*,https://b.example/path,javascript:alert(1),https://u:p@c.example', '', APP);
    expect(origins).toEqual(['https://a.example']);
    expect(rejected).toEqual(['*', 'https://b.example/path', 'javascript:alert(1)', 'https://u:p@c.example']);
  });

  it('falls back to the embedding page when ?host= has no usable origin (never to everyone)', () => {
    expect(allowedOrigins('*', 'https://ref.example/a/b?c', APP)).toEqual({ origins: ['https://ref.example'], rejected: ['*'] });
  });

  it('without ?host= allows the embedding page (from the referrer), else only the app itself', () => {
    expect(allowedOrigins(null, 'https://ref.example/a/b?c', APP).origins).toEqual(['https://ref.example']);
    expect(allowedOrigins(null, '', APP).origins).toEqual([APP]);
    expect(allowedOrigins('', 'not a url', APP).origins).toEqual([APP]);
  });
});

describe('isAllowed', () => {
  it('matches whole origins only, and never the opaque origin "null"', () => {
    const list = ['https://a.example', 'null'];
    expect(isAllowed('https://a.example', list)).toBe(true);
    expect(isAllowed('https://a.example.evil.test', list)).toBe(false);
    expect(isAllowed('http://a.example', list)).toBe(false);
    expect(isAllowed('null', list)).toBe(false);
  });

  it('normalizes default ports and case like the browser does in event.origin', () => {
    expect(normalizeOrigin('HTTPS://A.Example:443/')).toBe('https://a.example');
    expect(normalizeOrigin('ftp://a.example')).toBeUndefined();
  });
});
