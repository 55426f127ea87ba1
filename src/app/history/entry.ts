// A history entry: one finished video kept with what it takes to show it again, download it and make it again (the
// settings with the seed the run actually used, locked, so "Reuse settings" reproduces the video). Pure: built from a
// run's request and outcome; entries read back from storage are checked here before the page trusts them.
import type { RunOutcome, RunRequest } from '../run.ts';
import type { GenerateSettings } from '../settings.ts';

export interface HistoryEntry {
  readonly id: string;
  /** When the run finished, ms since the epoch. */
  readonly createdAt: number;
  readonly prompt: string;
  readonly negativePrompt: string;
  /** The installed model's id, or the bundle URL the run loaded. */
  readonly modelId: string;
  /** The run's settings with seedMode 'locked' and the seed used. */
  readonly settings: GenerateSettings;
  /** Wall time of the run, s (model load included). */
  readonly seconds: number;
  readonly backend: string;
  readonly video: Blob;
  /** A small still of the first frame (JPEG or WebP), when one could be made. */
  readonly thumbnail: Blob | undefined;
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  readonly fps: number;
  readonly codec: string;
  readonly extension: string;
}

/** The entry for a finished run; `thumbnail` is made on the page (see thumbnail.ts). */
export function buildEntry(
  request: RunRequest,
  outcome: RunOutcome,
  made: { readonly id: string; readonly createdAt: number; readonly thumbnail: Blob | undefined },
): HistoryEntry {
  const { video, backend } = outcome.result;
  return {
    id: made.id,
    createdAt: made.createdAt,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    modelId: request.model.modelId ?? request.model.bundleUrl ?? '',
    settings: { ...request.settings, seed: outcome.seed, seedMode: 'locked' },
    seconds: outcome.seconds,
    backend,
    video: outcome.video,
    thumbnail: made.thumbnail,
    width: video.width,
    height: video.height,
    frameCount: video.frameCount,
    fps: video.fps,
    codec: video.codec,
    extension: video.extension,
  };
}

/** Bytes an entry takes in storage: its video and thumbnail. */
export const entryBytes = (e: HistoryEntry): number => e.video.size + (e.thumbnail?.size ?? 0);

/** Bytes the whole history takes. */
export const storageUsed = (entries: readonly HistoryEntry[]): number => entries.reduce((sum, e) => sum + entryBytes(e), 0);

/** Newest first (ties: the later id first, so the order is stable). */
export const newestFirst = (entries: readonly HistoryEntry[]): HistoryEntry[] =>
  [...entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));

/** The download name: the seed makes it findable again (`localmotion-7.mp4`). */
export const entryFileName = (e: HistoryEntry): string => `localmotion-${e.settings.seed}.${e.extension}`;

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored value as an entry, or undefined when it is not one (another version's record, a damaged value). */
export function readEntry(value: unknown): HistoryEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    isString(v.id) &&
    isNumber(v.createdAt) &&
    isString(v.prompt) &&
    isString(v.negativePrompt) &&
    isString(v.modelId) &&
    typeof v.settings === 'object' &&
    v.settings !== null &&
    v.video instanceof Blob &&
    (v.thumbnail === undefined || v.thumbnail instanceof Blob) &&
    isNumber(v.width) &&
    isNumber(v.height) &&
    isNumber(v.frameCount) &&
    isNumber(v.fps) &&
    isString(v.codec) &&
    isString(v.extension) &&
    isNumber(v.seconds) &&
    isString(v.backend);
  return ok ? (value as HistoryEntry) : undefined;
}
