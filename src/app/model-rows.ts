// What the model manager shows (pure): the stored models merged with the downloads and the import running in this
// page, the state of each offered bundle, and bundle addresses as the store keys them (absolute, ending in '/').
import type { ErrorText } from './error-text.ts';
import type { Message } from './i18n/i18n.svelte.ts';
import type { DownloadProgress, StoredModel } from './store-client.ts';

/** A download started in this page. Keyed by its bundle URL: the model id is known only once the manifest is in. */
export interface DownloadJob {
  readonly url: string;
  /** 'failed' stays until the next try or until dismissed; a finished or paused download leaves the list. */
  readonly state: 'running' | 'pausing' | 'failed';
  readonly progress?: DownloadProgress;
  readonly error?: ErrorText;
}

export type ModelStatus =
  | 'downloading' // a download of it runs now
  | 'importing' // a checkpoint import is building it now
  | 'pausing' // Pause pressed; the chunk in flight is being dropped
  | 'paused' // incomplete, resumable from its source URL
  | 'incomplete' // incomplete and with no source to resume from (delete it)
  | 'ready' // installed: every chunk verified when stored, and every chunk still present
  | 'damaged'; // installed, but chunks are missing from IndexedDB (the browser evicted or lost them)

export interface ModelRow {
  readonly model: StoredModel;
  readonly status: ModelStatus;
  /** Of the running download, if any. */
  readonly progress?: DownloadProgress;
  /** The last download attempt's failure. */
  readonly error?: ErrorText;
}

/** `importing`: the id of the model a checkpoint import is building now (it has no source URL to match by). */
export function modelRows(models: readonly StoredModel[], jobs: readonly DownloadJob[], importing?: string): ModelRow[] {
  return models.map((model) => {
    if (model.id === importing && model.state !== 'installed') return { model, status: 'importing' };
    const job = jobs.find((j) => j.url === model.source);
    const extras = { ...(job?.progress ? { progress: job.progress } : {}), ...(job?.error ? { error: job.error } : {}) };
    if (job?.state === 'running') return { model, status: 'downloading', ...extras };
    if (job?.state === 'pausing') return { model, status: 'pausing', ...extras };
    return { model, status: statusAtRest(model), ...extras };
  });
}

function statusAtRest(model: StoredModel): ModelStatus {
  if (model.state === 'installed') return model.storedBytes >= model.totalBytes ? 'ready' : 'damaged';
  return model.source === undefined ? 'incomplete' : 'paused';
}

/** Downloads with no stored model yet: still fetching the manifest, or failed before the first write. */
export const pendingJobs = (models: readonly StoredModel[], jobs: readonly DownloadJob[]): DownloadJob[] =>
  jobs.filter((j) => !models.some((m) => m.source === j.url));

export type OfferStatus = 'absent' | 'downloading' | 'paused' | 'ready' | 'damaged';

/** How far an offered bundle (by its id and URL) is on this device. */
export function offerStatus(id: string, url: string, rows: readonly ModelRow[], jobs: readonly DownloadJob[]): OfferStatus {
  const row = rows.find((r) => r.model.id === id || r.model.source === url);
  if (row === undefined) return jobs.some((j) => j.url === url && j.state !== 'failed') ? 'downloading' : 'absent';
  switch (row.status) {
    case 'downloading':
    case 'importing':
    case 'pausing':
      return 'downloading';
    case 'ready':
      return 'ready';
    case 'damaged':
      return 'damaged';
    default:
      return 'paused';
  }
}

/**
 * What a person typed as a bundle address → the URL the store keys downloads by: absolute (relative to `base`),
 * http(s) only, ending in '/'. A pasted `…/manifest.json` means its folder.
 */
export function bundleUrl(input: string, base: string): { url: string } | { problem: Message } {
  const parsed = webAddress(input, base, 'model.url.emptyBundle');
  if ('problem' in parsed) return parsed;
  const { url } = parsed;
  url.hash = '';
  url.search = '';
  if (url.pathname.endsWith('/manifest.json')) url.pathname = url.pathname.slice(0, -'manifest.json'.length);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { url: url.href };
}

/** A checkpoint address as typed → an absolute http(s) folder URL (the importer maps Hugging Face page URLs itself). */
export function checkpointUrl(input: string, base: string): { url: string } | { problem: Message } {
  const parsed = webAddress(input, base, 'model.url.emptyCheckpoint');
  if ('problem' in parsed) return parsed;
  const { url } = parsed;
  url.hash = '';
  if (url.pathname.endsWith('/model_index.json')) url.pathname = url.pathname.slice(0, -'model_index.json'.length);
  return { url: url.href };
}

/** An absolute http(s) URL, or what is wrong with the text. */
function webAddress(input: string, base: string, empty: 'model.url.emptyBundle' | 'model.url.emptyCheckpoint'): { url: URL } | { problem: Message } {
  const text = input.trim();
  if (text === '') return { problem: { key: empty } };
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return { problem: { key: 'model.url.notAddress', vars: { text } } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: { key: 'model.url.scheme', vars: { scheme: `${url.protocol}//` } } };
  return { url };
}
