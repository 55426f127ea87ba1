// The built app's Content-Security-Policy: what the pages and the engine worker may load, and the build-time options.
import { describe, expect, it } from 'vitest';
import { cspHeaderFor, cspOptionsFromEnv, isWorkerScript, pageCspHeader, pageCspMeta, parseSources, workerCsp } from './csp.ts';

const defaults = cspOptionsFromEnv({});
const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('page policy', () => {
  it('allows scripts only from the app itself (no inline script, no eval), and wasm compilation', () => {
    expect(directive(pageCspMeta(defaults), 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(pageCspMeta(defaults)).not.toContain("'unsafe-eval'");
  });

  it('connects only to the app and the model hosts (Hugging Face and this computer by default)', () => {
    expect(directive(pageCspMeta(defaults), 'connect-src')).toBe(
      "connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co http://localhost:* http://127.0.0.1:*",
    );
    const own = cspOptionsFromEnv({ LOCALMOTION_MODEL_HOSTS: 'https://models.example.org, https://*.cdn.example.org:8443' });
    expect(directive(pageCspMeta(own), 'connect-src')).toBe("connect-src 'self' https://models.example.org https://*.cdn.example.org:8443");
  });

  it('locks down plugins, <base>, forms and frames', () => {
    const p = pageCspMeta(defaults);
    for (const d of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-src 'self'", "default-src 'self'", "worker-src 'self' blob:"]) expect(p).toContain(d);
  });

  it('says who may frame the app only in the header (browsers ignore frame-ancestors in <meta>)', () => {
    expect(pageCspMeta(defaults)).not.toContain('frame-ancestors');
    expect(pageCspHeader(defaults)).toBe(`${pageCspMeta(defaults)}; frame-ancestors *`);
    expect(pageCspHeader(cspOptionsFromEnv({ LOCALMOTION_FRAME_ANCESTORS: 'https://blog.example' }))).toMatch(/; frame-ancestors 'self' https:\/\/blog\.example$/);
  });
});

describe('worker policy', () => {
  it('gives the engine worker its own policy with eval (protobufjs), and everything else the page policy', () => {
    expect(isWorkerScript('/assets/engine.worker-BfOgmft6.js')).toBe(true);
    expect(isWorkerScript('/assets/index-BfOgmft6.js')).toBe(false);
    expect(isWorkerScript('/sw.js')).toBe(false);
    expect(cspHeaderFor('/assets/engine.worker-BfOgmft6.js', defaults)).toBe(workerCsp(defaults));
    expect(directive(workerCsp(defaults), 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'");
    expect(cspHeaderFor('/', defaults)).toBe(pageCspHeader(defaults));
    expect(cspHeaderFor('/embed-demo.html', defaults)).toBe(pageCspHeader(defaults));
  });
});

describe('parseSources', () => {
  it('refuses anything that would widen the policy or break it', () => {
    for (const bad of ["'unsafe-inline'", 'https://a.example/path', 'https://a.example;script-src *', 'data:', 'https://*']) {
      expect(() => parseSources(bad, 'LOCALMOTION_MODEL_HOSTS')).toThrow(/LOCALMOTION_MODEL_HOSTS/);
    }
    expect(parseSources(' https://a.example  http://localhost:8080,https://*.b.example ', 'X')).toEqual(['https://a.example', 'http://localhost:8080', 'https://*.b.example']);
  });
});
