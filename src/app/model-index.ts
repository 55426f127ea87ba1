// Reads /models/index.json, the list of model bundles the site ships in public/models/ (absent until one is added).

/**
 * The demo bundle this app ships (public/models/tiny/, made by `npm run make:tiny`). Its notice (random weights: it
 * makes noise) is shown from the app's own catalog, in the reader's language; other bundles' notices as written.
 */
export const DEMO_BUNDLE_ID = 'i2vgen-xl-tiny-demo';

export interface ModelIndexEntry {
  id: string;
  name: string;
  /** Bundle folder relative to /models/ (e.g. "tiny/"). */
  path: string;
  precision: string;
  /** Shown to users as is, e.g. that the demo model has random weights. */
  notice?: string;
}

export type ModelIndexState =
  | { status: 'absent' } // no /models/index.json on this server
  | { status: 'present'; models: ModelIndexEntry[] }
  | { status: 'unreadable'; detail: string }; // it exists but is not JSON we understand

/**
 * `{ "bundles": [{ "id", "name", "path", "precision", "notice"? }, …] }` as `npm run make:tiny` writes it.
 * Returns undefined for anything else.
 */
export function parseModelIndex(json: unknown): ModelIndexEntry[] | undefined {
  if (!isRecord(json) || !Array.isArray(json.bundles)) return undefined;
  const entries = json.bundles.map(toEntry);
  return entries.every((e) => e !== undefined) ? entries : undefined;
}

function toEntry(value: unknown): ModelIndexEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { id, name, path, precision, notice } = value;
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (!text(id) || !text(name) || !text(path) || !text(precision)) return undefined;
  if (notice !== undefined && typeof notice !== 'string') return undefined;
  return notice === undefined ? { id, name, path, precision } : { id, name, path, precision, notice };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fetches and parses the index; a missing file (404, or an SPA host answering with its HTML page) is 'absent'. */
export async function loadModelIndex(url = '/models/index.json'): Promise<ModelIndexState> {
  let response: Response;
  try {
    // Vite's preview server (and many static hosts) answer unknown paths with index.html when Accept allows HTML.
    response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  } catch (error) {
    return { status: 'unreadable', detail: String(error) };
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (response.status === 404 || (response.ok && type.includes('text/html'))) return { status: 'absent' };
  if (!response.ok) return { status: 'unreadable', detail: `${url}: HTTP ${response.status}` };
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    return { status: 'unreadable', detail: `${url} is not valid JSON: ${String(error)}` };
  }
  const models = parseModelIndex(json);
  return models === undefined
    ? { status: 'unreadable', detail: `${url} lists no model ids` }
    : { status: 'present', models };
}

/** Where an index entry's bundle lives: its path is relative to the index's folder (`tiny/` → `/models/tiny/`). */
export function entryUrl(entry: ModelIndexEntry, indexUrl: string): string {
  const url = new URL(entry.path, indexUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
