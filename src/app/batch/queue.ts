// The batch queue as data: items (an image, the form's settings and prompt when it was queued, a status) and the
// transitions between statuses. Pure: the page's Batch state (state/batch.svelte.ts) keeps them in IndexedDB and
// runs them; what a reload, a cancel or "Clear finished" does to the queue is decided here.
import type { Message } from '../i18n/i18n.svelte.ts';
import type { GenerateSettings } from '../settings.ts';

export type ItemStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

/** The Generate form at the moment images were queued: every item made from it runs with exactly these values. */
export interface Snapshot {
  readonly settings: GenerateSettings;
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly modelId: string;
}

export interface BatchItem {
  readonly id: string;
  /** Queue order: lower runs first. */
  readonly seq: number;
  /** The image file's name, for people. */
  readonly name: string;
  readonly image: Blob;
  readonly snapshot: Snapshot;
  readonly status: ItemStatus;
  /** Why it failed (failed only). */
  readonly error?: Message;
  /** The finished video (done only), and the seed and time it took. */
  readonly video?: Blob;
  readonly seed?: number;
  readonly seconds?: number;
}

export const isFinished = (s: ItemStatus): boolean => s === 'done' || s === 'failed' || s === 'cancelled';

/** New waiting items for accepted files, numbered after the ones already queued. */
export function enqueue(
  items: readonly BatchItem[],
  files: readonly { readonly name: string; readonly image: Blob }[],
  snapshot: Snapshot,
  newId: () => string,
): BatchItem[] {
  const start = items.reduce((max, i) => Math.max(max, i.seq), 0) + 1;
  return files.map((f, k) => ({ id: newId(), seq: start + k, name: f.name, image: f.image, snapshot, status: 'waiting' }));
}

/** The queue as a reload finds it: in order, and an item that was running when the page went away waits again
 *  (its run died with the page). */
export function afterReload(items: readonly BatchItem[]): BatchItem[] {
  return [...items].sort((a, b) => a.seq - b.seq).map((i) => (i.status === 'running' ? withStatus(i, 'waiting') : i));
}

/** The item to run next: the first waiting one. */
export const nextWaiting = (items: readonly BatchItem[]): BatchItem | undefined =>
  items.filter((i) => i.status === 'waiting').sort((a, b) => a.seq - b.seq)[0];

/** The item with a new status; a result or error belongs only to the status that has it. */
export function withStatus(
  item: BatchItem,
  status: ItemStatus,
  extra: { readonly error?: Message; readonly video?: Blob; readonly seed?: number; readonly seconds?: number } = {},
): BatchItem {
  const { error: _e, video: _v, seed: _s, seconds: _t, ...rest } = item;
  if (status === 'done') return { ...rest, status, video: extra.video, seed: extra.seed, seconds: extra.seconds };
  if (status === 'failed') return { ...rest, status, error: extra.error };
  return { ...rest, status };
}

export interface QueueCounts {
  readonly waiting: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
}

export function countByStatus(items: readonly BatchItem[]): QueueCounts {
  const c = { waiting: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const i of items) c[i.status] += 1;
  return c;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const STATUSES: readonly unknown[] = ['waiting', 'running', 'done', 'failed', 'cancelled'];

/** A stored value as an item, or undefined when it is not one. */
export function readItem(value: unknown): BatchItem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const s = v.snapshot as Record<string, unknown> | null | undefined;
  const ok =
    isString(v.id) &&
    typeof v.seq === 'number' &&
    isString(v.name) &&
    v.image instanceof Blob &&
    STATUSES.includes(v.status) &&
    typeof s === 'object' &&
    s !== null &&
    typeof s.settings === 'object' &&
    isString(s.prompt) &&
    isString(s.negativePrompt) &&
    isString(s.modelId) &&
    (v.video === undefined || v.video instanceof Blob);
  return ok ? (value as BatchItem) : undefined;
}
