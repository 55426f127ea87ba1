// History: every video made on this page (and before: IndexedDB), newest first. Records each finished run through
// run.ts's onRunFinished with a thumbnail; delete, clear, and "Reuse settings" into the Generate form.
import { errorMessage as reason } from '../error-text.ts';
import { buildEntry, type HistoryEntry, storageUsed } from '../history/entry.ts';
import { type HistoryStore, isQuotaError, openHistoryStore } from '../history/history-store.ts';
import { makeThumbnail } from '../history/thumbnail.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { onRunFinished, type RunOutcome, type RunRequest } from '../run.ts';
import type { GenerateSettings } from '../settings.ts';

/** An entry as the page shows it: object URLs for its thumbnail and video. */
export interface ShownEntry {
  readonly entry: HistoryEntry;
  readonly videoUrl: string;
  readonly thumbnailUrl: string | undefined;
}

/** What "Reuse settings" hands to (the Generate form's Generator has this method). */
export interface ReuseTarget {
  reuse(values: { settings: GenerateSettings; prompt: string; negativePrompt: string; modelId: string }): void;
}


export class History {
  /** undefined until the stored history has been read. */
  shown = $state<ShownEntry[] | undefined>(undefined);
  /** A storage failure (role="alert"). */
  problem = $state<Message | undefined>(undefined);
  /** The latest thing that happened (announced politely). */
  news = $state<Message | undefined>(undefined);
  readonly bytes = $derived(storageUsed((this.shown ?? []).map((s) => s.entry)));
  private loaded: Promise<void> | undefined;
  private readonly store: HistoryStore;

  constructor(store: HistoryStore = openHistoryStore()) {
    this.store = store;
  }

  /** Reads the stored history and records every finished run from now on (once per page). */
  start(): void {
    if (this.loaded) return;
    onRunFinished((request, outcome) => void this.record(request, outcome));
    this.loaded = this.load();
  }

  async record(request: RunRequest, outcome: RunOutcome): Promise<void> {
    const bare = buildEntry(request, outcome, { id: crypto.randomUUID(), createdAt: Date.now(), thumbnail: undefined });
    const thumbnail = await makeThumbnail({ frames: outcome.result.frames, video: bare.video, image: request.image });
    const entry: HistoryEntry = { ...bare, thumbnail };
    await this.loaded;
    try {
      await this.store.put(entry);
    } catch (e) {
      this.problem = isQuotaError(e) ? { key: 'history.quota' } : { key: 'history.saveFailed', vars: { reason: reason(e) } };
      return;
    }
    this.shown = [show(entry), ...(this.shown ?? [])];
    this.news = { key: 'history.saved' };
  }

  async remove(id: string): Promise<void> {
    try {
      await this.store.remove(id);
    } catch (e) {
      this.problem = { key: 'history.changeFailed', vars: { reason: reason(e) } };
      return;
    }
    const gone = this.shown?.find((s) => s.entry.id === id);
    if (gone) forget(gone);
    this.shown = (this.shown ?? []).filter((s) => s.entry.id !== id);
    this.news = { key: 'history.deleted' };
  }

  async clear(): Promise<void> {
    try {
      await this.store.clear();
    } catch (e) {
      this.problem = { key: 'history.changeFailed', vars: { reason: reason(e) } };
      return;
    }
    this.shown?.forEach(forget);
    this.shown = [];
    this.problem = undefined;
    this.news = { key: 'history.cleared' };
  }

  /** Puts the entry's settings (seed locked to the one used), prompt, negative prompt and model into the form (when
   *  that model is no longer installed, the form falls back to its first ready model, as it always does). */
  reuse(entry: HistoryEntry, target: ReuseTarget): void {
    target.reuse({ settings: entry.settings, prompt: entry.prompt, negativePrompt: entry.negativePrompt, modelId: entry.modelId });
    this.news = { key: 'history.reused' };
  }

  private async load(): Promise<void> {
    try {
      this.shown = (await this.store.list()).map(show);
    } catch (e) {
      this.shown = [];
      this.problem = { key: 'history.readFailed', vars: { reason: reason(e) } };
    }
  }
}

function show(entry: HistoryEntry): ShownEntry {
  return {
    entry,
    videoUrl: URL.createObjectURL(entry.video),
    thumbnailUrl: entry.thumbnail ? URL.createObjectURL(entry.thumbnail) : undefined,
  };
}

function forget(s: ShownEntry): void {
  URL.revokeObjectURL(s.videoUrl);
  if (s.thumbnailUrl) URL.revokeObjectURL(s.thumbnailUrl);
}
