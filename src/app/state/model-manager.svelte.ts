// ModelManager: the bundles this site offers, the models in this browser's store, the downloads and the checkpoint
// import running now, and the storage they take. Reads everything from IndexedDB on start, so a reload shows what is
// really stored. What it has to say (notices, check results) is kept as Messages, worded in the current language.
import { isCancelled, storeErrorText, type ErrorText } from '../error-text.ts';
import { formatBytes } from '../format.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { entryUrl, loadModelIndex, type ModelIndexEntry, type ModelIndexState } from '../model-index.ts';
import { type DownloadJob, modelRows, pendingJobs } from '../model-rows.ts';
import { defaultModelId } from '../../store/import/model-id.ts';
import {
  type BundlePrecision,
  type ImportProgress,
  pageStore,
  type SpaceEstimate,
  type StoreClient,
  type StoredModel,
} from '../store-client.ts';

/** The checkpoint import of this page (one at a time): running, being cancelled, or failed until the next try. */
export interface ImportJob {
  /** The store id it builds, as the importer and `npm run convert` name it. */
  readonly modelId: string;
  readonly state: 'running' | 'cancelling' | 'failed';
  readonly progress?: ImportProgress;
  readonly error?: ErrorText;
}

/** What "Check integrity" found, or 'checking' while it runs. */
export type CheckResult = 'checking' | Message;

export class ModelManager {
  /** /models/index.json; undefined while it loads. */
  offered = $state<ModelIndexState | undefined>(undefined);
  /** What the store holds; undefined until first read. */
  models = $state<StoredModel[] | undefined>(undefined);
  jobs = $state<DownloadJob[]>([]);
  space = $state<SpaceEstimate | undefined>(undefined);
  /**
   * The last download, import or delete outcome, for the polite live region ("Installed …", "Deleted …, freed …"):
   * sentences shown one after the other.
   */
  notice = $state<readonly Message[]>([]);
  /** A failure not tied to one download (the store could not be read, a delete failed). */
  problem = $state<ErrorText | undefined>(undefined);
  /** Per model id: what "Check integrity" found ('checking' while it runs). */
  checks = $state<Record<string, CheckResult>>({});
  importJob = $state<ImportJob | undefined>(undefined);

  readonly rows = $derived(modelRows(this.models ?? [], this.jobs, this.importJob?.state === 'failed' ? undefined : this.importJob?.modelId));
  readonly pending = $derived(pendingJobs(this.models ?? [], this.jobs));

  private readonly controllers = new Map<string, AbortController>();
  private importController: AbortController | undefined;
  private importRun: Promise<void> | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private reads = 0;

  constructor(
    private readonly store: StoreClient = pageStore,
    private readonly indexUrl = new URL('/models/index.json', globalThis.location?.href).href,
  ) {}

  async start(): Promise<void> {
    await Promise.all([loadModelIndex(this.indexUrl).then((index) => (this.offered = index)), this.refresh()]);
  }

  /** The bundle URL of an entry of /models/index.json. */
  offerUrl(entry: ModelIndexEntry): string {
    return entryUrl(entry, this.indexUrl);
  }

  /** Reads the models and the storage estimate again. */
  async refresh(): Promise<void> {
    const read = ++this.reads;
    try {
      const [models, space] = await Promise.all([this.store.list(), this.store.estimate()]);
      // An older read finishing late must not overwrite a newer one.
      if (read !== this.reads) return;
      this.models = models;
      this.space = space;
    } catch (e) {
      this.models ??= [];
      this.problem = storeErrorText(e);
    }
  }

  /** Starts (or resumes) the download of the bundle at `url` (absolute, ending in '/': see bundleUrl()). */
  install(url: string): Promise<void> {
    const busy = this.running.get(url);
    if (busy) return busy;
    this.problem = undefined;
    const controller = new AbortController();
    this.controllers.set(url, controller);
    this.setJob({ url, state: 'running' });
    const run = this.download(url, controller.signal).finally(() => {
      this.controllers.delete(url);
      this.running.delete(url);
    });
    this.running.set(url, run);
    return run;
  }

  /** Pauses a running download: the chunk in flight is dropped, verified chunks stay. Resolves once it stopped. */
  async pause(url: string): Promise<void> {
    const controller = this.controllers.get(url);
    if (controller === undefined) return;
    this.setJob({ ...this.job(url)!, state: 'pausing' });
    controller.abort();
    await this.running.get(url);
  }

  dismiss(url: string): void {
    this.jobs = this.jobs.filter((j) => j.url !== url);
  }

  /** Deletes a model (pausing its download first) and says how much storage that freed. */
  async remove(model: StoredModel): Promise<void> {
    this.problem = undefined;
    if (model.source !== undefined) {
      await this.pause(model.source);
      this.dismiss(model.source);
    }
    // Pausing re-read the store: what it holds now is what deleting frees.
    const freed = this.models?.find((m) => m.id === model.id)?.storedBytes ?? model.storedBytes;
    try {
      await this.store.remove(model.id);
      this.notice = [{ key: 'model.notice.deleted', vars: { name: model.name, size: formatBytes(freed) } }];
    } catch (e) {
      this.problem = storeErrorText(e);
    }
    delete this.checks[model.id];
    await this.refresh();
  }

  /** Reads every stored chunk back and compares its sha256 with the manifest's. */
  async verify(model: StoredModel): Promise<void> {
    this.checks[model.id] = 'checking';
    try {
      const report = await this.store.verify(model.id);
      const bad = [...report.missing, ...report.corrupt];
      this.checks[model.id] =
        bad.length === 0
          ? { key: 'model.check.ok', vars: { chunks: report.chunks } }
          : { key: 'model.check.bad', vars: { bad: bad.length, chunks: report.chunks, names: bad.join(', ') } };
    } catch (e) {
      this.checks[model.id] = storeErrorText(e).summary;
    }
  }

  /**
   * Imports the diffusers checkpoint at `url` as a bundle of `precision` (in the store worker). Resolves when it is
   * installed, failed or cancelled; a second call while one runs joins it.
   */
  importCheckpoint(url: string, precision: BundlePrecision): Promise<void> {
    if (this.importRun) return this.importRun;
    this.problem = undefined;
    const controller = new AbortController();
    this.importController = controller;
    this.importJob = { modelId: defaultModelId(precision), state: 'running' };
    this.importRun = this.runImport(url, precision, controller.signal).finally(() => {
      this.importController = undefined;
      this.importRun = undefined;
    });
    return this.importRun;
  }

  /** Cancels the running import: the store removes what it stored. Resolves once it stopped. */
  async cancelImport(): Promise<void> {
    if (!this.importController || !this.importJob) return;
    this.importJob = { ...this.importJob, state: 'cancelling' };
    this.importController.abort();
    await this.importRun;
  }

  dismissImport(): void {
    if (this.importJob?.state === 'failed') this.importJob = undefined;
  }

  private async runImport(url: string, precision: BundlePrecision, signal: AbortSignal): Promise<void> {
    // The importer writes the model's record once the checkpoint is planned and its space checked, and its progress
    // events are throttled (a small checkpoint may send none in between): read the store every half second until
    // the model is listed.
    const id = this.importJob?.modelId;
    let reading: Promise<void> | undefined;
    const poll = setInterval(() => {
      if (this.models?.some((m) => m.id === id)) clearInterval(poll);
      else reading ??= this.refresh().finally(() => (reading = undefined));
    }, 500);
    let settle: () => void;
    try {
      const { model, alreadyInstalled } = await this.store.importCheckpoint(url, precision, {
        signal,
        onProgress: (progress) => {
          if (this.importJob) this.importJob = { ...this.importJob, progress };
        },
      });
      settle = () => {
        this.importJob = undefined;
        this.notice = alreadyInstalled
          ? [{ key: 'model.notice.alreadyImported', vars: { name: model.name } }]
          : [{ key: 'model.notice.imported', vars: { name: model.name, size: formatBytes(model.totalBytes) } }];
      };
    } catch (e) {
      const error = storeErrorText(e, 'import');
      settle = isCancelled(e)
        ? () => {
            this.importJob = undefined;
            this.notice = [{ key: 'model.notice.importCancelled' }];
          }
        : () => {
            if (this.importJob) this.importJob = { ...this.importJob, state: 'failed', error };
            this.notice = [{ key: 'model.notice.importFailed' }, error.summary];
          };
    }
    clearInterval(poll);
    await reading;
    await this.refresh();
    settle();
  }

  private async download(url: string, signal: AbortSignal): Promise<void> {
    let listed = false;
    let settle: () => void;
    try {
      const model = await this.store.install(url, {
        signal,
        onProgress: (progress) => {
          const job = this.job(url);
          if (job) this.setJob({ ...job, progress });
          // The store writes the model's record before its first chunk: list it as soon as there is one.
          if (!listed) {
            listed = true;
            void this.refresh();
          }
        },
      });
      settle = () => {
        this.dismiss(url);
        this.notice = [{ key: 'model.notice.installed', vars: { name: model.name, size: formatBytes(model.totalBytes) } }];
      };
    } catch (e) {
      const error = storeErrorText(e);
      settle = isCancelled(e)
        ? () => {
            this.dismiss(url);
            this.notice = [{ key: 'model.notice.paused' }];
          }
        : () => {
            this.setJob({ url, state: 'failed', error });
            this.notice = [{ key: 'model.notice.downloadFailed' }, error.summary];
          };
    }
    // The job leaves only once the list shows what the store now holds, so the row never flickers back.
    await this.refresh();
    settle();
  }

  private job(url: string): DownloadJob | undefined {
    return this.jobs.find((j) => j.url === url);
  }

  private setJob(job: DownloadJob): void {
    const at = this.jobs.findIndex((j) => j.url === job.url);
    this.jobs = at < 0 ? [...this.jobs, job] : this.jobs.with(at, job);
  }
}
