// Tests for model-rows.ts: a half-downloaded model is never shown as installed, one a checkpoint import is building
// shows as importing; downloads running in the page are matched to their stored model by bundle URL; typed bundle and
// checkpoint addresses become the URLs the store and the importer take.
import { describe, expect, it } from 'vitest';
import { bundleUrl, checkpointUrl, type DownloadJob, modelRows, offerStatus, pendingJobs } from './model-rows.ts';
import type { StoredModel } from './store-client.ts';

const URL_A = 'https://example.com/models/a/';
const model = (over: Partial<StoredModel> = {}): StoredModel => ({
  id: 'a',
  name: 'A',
  precision: 'q4f32',
  state: 'installed',
  verifiedBytes: 100,
  totalBytes: 100,
  storedBytes: 100,
  source: URL_A,
  ...over,
});
const progress = { stage: 'download', done: 40, total: 100, unit: 'bytes', bytesPerSecond: 10, etaSeconds: 6 } as const;
const failed: DownloadJob = {
  url: URL_A,
  state: 'failed',
  error: { code: 'network', summary: { key: 'model.error.network.any' }, advice: { key: 'model.error.network.advice' }, technical: 'x' },
};

describe('modelRows', () => {
  it('shows an installed model with every chunk present as ready', () => {
    expect(modelRows([model()], [])).toEqual([{ model: model(), status: 'ready' }]);
  });
  it('never shows a half-downloaded model as installed: paused when it can resume, incomplete when it cannot', () => {
    const half = model({ state: 'downloading', verifiedBytes: 40, storedBytes: 40 });
    expect(modelRows([half], [])[0]!.status).toBe('paused');
    const { source: _, ...noSource } = half;
    expect(modelRows([noSource], [])[0]!.status).toBe('incomplete');
  });
  it('calls an installed model with chunks gone from storage damaged', () => {
    expect(modelRows([model({ storedBytes: 60 })], [])[0]!.status).toBe('damaged');
  });
  it('takes the status and progress of the download running for its URL', () => {
    const half = model({ state: 'downloading', verifiedBytes: 40 });
    expect(modelRows([half], [{ url: URL_A, state: 'running', progress }])[0]).toEqual({ model: half, status: 'downloading', progress });
    expect(modelRows([half], [{ url: URL_A, state: 'pausing', progress }])[0]!.status).toBe('pausing');
    expect(modelRows([half], [{ url: 'https://elsewhere/', state: 'running' }])[0]!.status).toBe('paused');
  });
  it('shows the model a checkpoint import is building as importing, never incomplete, until it is installed', () => {
    const { source: _, ...building } = model({ id: 'i2vgen-xl-q4f32', state: 'downloading', verifiedBytes: 40, storedBytes: 40 });
    expect(modelRows([building], [], 'i2vgen-xl-q4f32')[0]!.status).toBe('importing');
    expect(modelRows([building], [])[0]!.status).toBe('incomplete');
    expect(modelRows([{ ...building, state: 'installed', verifiedBytes: 100, storedBytes: 100 }], [], 'i2vgen-xl-q4f32')[0]!.status).toBe('ready');
  });
  it('keeps the last failure next to the model it belongs to', () => {
    const half = model({ state: 'downloading', verifiedBytes: 40 });
    expect(modelRows([half], [failed])[0]).toEqual({ model: half, status: 'paused', error: failed.error });
  });
});

describe('pendingJobs', () => {
  it('lists downloads with nothing stored yet', () => {
    const early: DownloadJob = { url: 'https://example.com/models/b/', state: 'running' };
    expect(pendingJobs([model()], [failed, early])).toEqual([early]);
  });
});

describe('offerStatus', () => {
  it('follows the stored model by id or by URL, and a download that has not stored anything yet', () => {
    const rows = modelRows([model()], []);
    expect(offerStatus('a', 'https://other/', rows, [])).toBe('ready');
    expect(offerStatus('other-id', URL_A, rows, [])).toBe('ready');
    expect(offerStatus('b', 'https://example.com/models/b/', rows, [])).toBe('absent');
    expect(offerStatus('b', 'https://example.com/models/b/', rows, [{ url: 'https://example.com/models/b/', state: 'running' }])).toBe('downloading');
    expect(offerStatus('b', 'https://example.com/models/b/', rows, [{ ...failed, url: 'https://example.com/models/b/' }])).toBe('absent');
  });
  it('offers Resume for a paused one, never Installed', () => {
    const rows = modelRows([model({ state: 'downloading', verifiedBytes: 40 })], []);
    expect(offerStatus('a', URL_A, rows, [])).toBe('paused');
  });
});

describe('bundleUrl', () => {
  const base = 'https://app.example/';
  it('makes absolute folder URLs', () => {
    expect(bundleUrl(' https://example.com/models/a ', base)).toEqual({ url: URL_A });
    expect(bundleUrl('/models/tiny/', base)).toEqual({ url: 'https://app.example/models/tiny/' });
  });
  it('takes a pasted manifest.json URL as its folder', () => {
    expect(bundleUrl('https://example.com/models/a/manifest.json', base)).toEqual({ url: URL_A });
  });
  it('refuses empty input and other schemes, saying why', () => {
    expect(bundleUrl('  ', base)).toEqual({ problem: { key: 'model.url.emptyBundle' } });
    expect(bundleUrl('ftp://example.com/a/', base)).toEqual({ problem: { key: 'model.url.scheme', vars: { scheme: 'ftp://' } } });
    expect(bundleUrl('http://[::1', base)).toEqual({ problem: { key: 'model.url.notAddress', vars: { text: 'http://[::1' } } });
  });
});

describe('checkpointUrl', () => {
  const base = 'https://app.example/';
  it('keeps a checkpoint folder or repository page as typed (the importer maps Hugging Face pages), absolute', () => {
    const official = 'https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/';
    expect(checkpointUrl(` ${official} `, base)).toEqual({ url: official });
    expect(checkpointUrl('https://huggingface.co/ali-vilab/i2vgen-xl', base)).toEqual({ url: 'https://huggingface.co/ali-vilab/i2vgen-xl' });
    expect(checkpointUrl('/test-checkpoint/', base)).toEqual({ url: 'https://app.example/test-checkpoint/' });
  });
  it('takes a pasted model_index.json URL as its folder', () => {
    expect(checkpointUrl('https://example.com/ckpt/model_index.json#x', base)).toEqual({ url: 'https://example.com/ckpt/' });
  });
  it('refuses empty input and other schemes, saying why', () => {
    expect(checkpointUrl('', base)).toEqual({ problem: { key: 'model.url.emptyCheckpoint' } });
    expect(checkpointUrl('file:///models/', base)).toEqual({ problem: { key: 'model.url.scheme', vars: { scheme: 'file://' } } });
  });
});
