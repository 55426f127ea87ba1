// Batch: a queue of images made into videos one after another with the Generate form's prompt and settings as they
// were when the images were added. Kept in IndexedDB, so a reload finds the queue (waiting items wait for the user
// to press Resume; nothing runs by itself). Runs go through runGeneration, so they take turns with the form's runs;
// each finished one reaches History through run.ts's onRunFinished.
import { type BatchStore, openBatchStore } from '../batch/batch-store.ts';
import { failureMessage } from '../batch/failure.ts';
import { errorMessage as reason, isCancelled } from '../error-text.ts';
import { afterReload, type BatchItem, countByStatus, enqueue, isFinished, nextWaiting, type Snapshot, withStatus } from '../batch/queue.ts';
import { engine } from '../engine.ts';
import { isQuotaError } from '../history/history-store.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { checkImage } from '../image-check.ts';
import { runGeneration } from '../run.ts';
import { checkSettings } from '../settings.ts';
import type { EngineEvent, EngineStage } from '../../protocol/engine.ts';

/** The Generate form's values a batch takes (the Generator has them). */
export type FormSource = Readonly<Snapshot>;

export interface Rejected {
  readonly name: string;
  readonly problem: Message;
}

/** The running item's progress: not started yet (waiting for the form's run), or a stage's steps. */
export type ItemProgress = { readonly id: string; readonly stage?: EngineStage; readonly done: number; readonly total: number };


export class Batch {
  /** undefined until the stored queue has been read. */
  items = $state<BatchItem[] | undefined>(undefined);
  /** Files refused when added: one message each. */
  rejected = $state<Rejected[]>([]);
  /** Why nothing was added, or a storage failure (role="alert"). */
  problem = $state<Message | undefined>(undefined);
  /** The form's first problem when images were refused because of it (the panel says to fix the form). */
  formProblem = $state<Message | undefined>(undefined);
  /** The latest thing that happened (announced politely). */
  news = $state<Message | undefined>(undefined);
  progress = $state<ItemProgress | undefined>(undefined);
  /** The queue is being worked through. */
  running = $state(false);
  /** Waiting items were left by a cancel or a reload: the run button says Resume. */
  resumable = $state(false);
  /** Object URLs of the items' images and finished videos. */
  urls = $state<Record<string, { image: string; video?: string }>>({});
  readonly counts = $derived(countByStatus(this.items ?? []));
  private stopAfterCurrent = false;
  /** Cancels the running item's run. */
  private current: AbortController | undefined;

  constructor(
    private readonly form: FormSource,
    private readonly store: BatchStore = openBatchStore(),
  ) {}

  /** Reads the stored queue; an item that was running when the page went away waits again. */
  async start(): Promise<void> {
    if (this.items) return;
    let stored: BatchItem[];
    try {
      stored = await this.store.list();
    } catch (e) {
      this.items = [];
      this.problem = { key: 'batch.storeFailed', vars: { reason: reason(e) } };
      return;
    }
    const items = afterReload(stored);
    const changed = items.filter((item) => !stored.includes(item));
    this.items = items;
    for (const item of items) this.keepUrls(item);
    if (changed.length > 0) void this.persist(changed);
    const waiting = countByStatus(items).waiting;
    if (waiting > 0) {
      this.resumable = true;
      this.news = { key: 'batch.restored', vars: { count: waiting } };
    }
  }

  /** Queues the files that pass the image check, with a snapshot of the form; each refused file gets a message. */
  async add(files: readonly File[]): Promise<void> {
    this.problem = undefined;
    this.formProblem = undefined;
    this.rejected = [];
    const snapshot: Snapshot = {
      settings: this.form.settings,
      prompt: this.form.prompt,
      negativePrompt: this.form.negativePrompt,
      modelId: this.form.modelId,
    };
    if (!snapshot.modelId) {
      this.problem = { key: 'batch.noModel' };
      return;
    }
    const formProblem = checkSettings(snapshot.settings, snapshot.prompt, snapshot.negativePrompt)[0];
    if (formProblem) {
      this.formProblem = formProblem.message;
      return;
    }
    const accepted: { name: string; image: Blob }[] = [];
    const rejected: Rejected[] = [];
    for (const file of files) {
      const check = await checkImage(file);
      if (check.ok) accepted.push({ name: file.name, image: file });
      else rejected.push({ name: file.name, problem: check.problem });
    }
    this.rejected = rejected;
    if (accepted.length === 0) return;
    const added = enqueue(this.items ?? [], accepted, $state.snapshot(snapshot) as Snapshot, () => crypto.randomUUID());
    try {
      await this.store.putAll(added);
    } catch (e) {
      this.problem = isQuotaError(e) ? { key: 'batch.quota' } : { key: 'batch.storeFailed', vars: { reason: reason(e) } };
      return;
    }
    for (const item of added) this.keepUrls(item);
    this.items = [...(this.items ?? []), ...added];
    this.news = { key: 'batch.added', vars: { count: added.length } };
  }

  /** Works through the waiting items one after another until none is left or Cancel is pressed. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.resumable = false;
    this.stopAfterCurrent = false;
    this.problem = undefined;
    try {
      for (let next = nextWaiting(this.items ?? []); next && !this.stopAfterCurrent; next = nextWaiting(this.items ?? [])) {
        await this.runItem(next);
      }
    } finally {
      this.running = false;
      this.progress = undefined;
    }
    const c = this.counts;
    this.resumable = this.stopAfterCurrent && c.waiting > 0;
    this.news = this.stopAfterCurrent ? { key: 'batch.paused' } : { key: 'batch.finished', vars: { done: c.done, failed: c.failed } };
  }

  /** Stops the running item (it is marked cancelled) and pauses the queue; Resume goes on with the waiting ones. */
  cancel(): void {
    if (!this.running) return;
    this.stopAfterCurrent = true;
    this.current?.abort();
  }

  async remove(id: string): Promise<void> {
    const item = this.items?.find((i) => i.id === id);
    if (!item || item.status === 'running') return;
    await this.drop([item]);
  }

  async clearFinished(): Promise<void> {
    await this.drop((this.items ?? []).filter((i) => isFinished(i.status)));
  }

  private async runItem(item: BatchItem): Promise<void> {
    const abort = new AbortController();
    this.current = abort;
    // Shown, not stored: a stored item is waiting until it has a result (a reload makes a running one waiting anyway).
    this.update(withStatus(item, 'running'), false);
    this.progress = { id: item.id, done: 0, total: 0 };
    const { settings, prompt, negativePrompt, modelId } = item.snapshot;
    try {
      const onEvent = (e: EngineEvent) => {
        if (e.type === 'progress') this.progress = { id: item.id, stage: e.stage, done: e.done, total: e.total };
      };
      const outcome = await runGeneration(engine, { model: { modelId }, image: item.image, prompt, negativePrompt, settings }, onEvent, abort.signal);
      this.update(withStatus(item, 'done', { video: outcome.video, seed: outcome.seed, seconds: outcome.seconds }));
    } catch (e) {
      if (isCancelled(e)) {
        this.stopAfterCurrent = true;
        this.update(withStatus(item, 'cancelled'));
      } else {
        this.update(withStatus(item, 'failed', { error: failureMessage(e) }));
      }
    } finally {
      this.current = undefined;
    }
  }

  /** Shows the item's new state and (with `store`) keeps it; a storage failure is reported, the run goes on. */
  private update(item: BatchItem, store = true): void {
    this.items = (this.items ?? []).map((i) => (i.id === item.id ? item : i));
    this.keepUrls(item);
    if (store) void this.persist([item]);
  }

  private async persist(items: readonly BatchItem[]): Promise<void> {
    try {
      await this.store.putAll(items.map((i) => $state.snapshot(i) as BatchItem));
    } catch (e) {
      this.problem = isQuotaError(e) ? { key: 'batch.quota' } : { key: 'batch.storeFailed', vars: { reason: reason(e) } };
    }
  }

  private async drop(items: readonly BatchItem[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.store.remove(items.map((i) => i.id));
    } catch (e) {
      this.problem = { key: 'batch.storeFailed', vars: { reason: reason(e) } };
      return;
    }
    const ids = new Set(items.map((i) => i.id));
    for (const id of ids) {
      const u = this.urls[id];
      if (u) {
        URL.revokeObjectURL(u.image);
        if (u.video) URL.revokeObjectURL(u.video);
        delete this.urls[id];
      }
    }
    this.items = (this.items ?? []).filter((i) => !ids.has(i.id));
  }

  private keepUrls(item: BatchItem): void {
    const u = this.urls[item.id] ?? { image: URL.createObjectURL(item.image) };
    if (item.video && !u.video) this.urls[item.id] = { ...u, video: URL.createObjectURL(item.video) };
    else if (!this.urls[item.id]) this.urls[item.id] = u;
  }
}
