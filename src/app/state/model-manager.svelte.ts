// ModelManager: the bundles this site offers, the models in this browser's store, the downloads running now, and
// the storage they take. Reads everything from IndexedDB on start, so a reload shows what is really stored.
import { isCancelled, storeErrorText, type ErrorText } from '../error-text.ts';
import { formatBytes } from '../format.ts';
import { entryUrl, loadModelIndex, type ModelIndexEntry, type ModelIndexState } from '../model-index.ts';
import { type DownloadJob, modelRows, pendingJobs } from '../model-rows.ts';
import { pageStore, type SpaceEstimate, type StoreClient, type StoredModel } from '../store-client.ts';

export class ModelManager {
  /** /models/index.json; undefined while it loads. */
  offered = $state<ModelIndexState | undefined>(undefined);
  /** What the store holds; undefined until first read. */
  models = $state<StoredModel[] | undefined>(undefined);
  jobs = $state<DownloadJob[]>([]);
  space = $state<SpaceEstimate | undefined>(undefined);
  /** The last download or delete outcome, for the polite live region ("Installed …", "Deleted …, freed …"). */
  notice = $state('');
  /** A failure not tied to one download (the store could not be read, a delete failed). */
  problem = $state<ErrorText | undefined>(undefined);
  /** Per model id: what "Check integrity" found ('checking' while it runs). */
  checks = $state<Record<string, string>>({});

  readonly rows = $derived(modelRows(this.models ?? [], this.jobs));
  readonly pending = $derived(pendingJobs(this.models ?? [], this.jobs));

  private readonly controllers = new Map<string, AbortController>();
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
      this.notice = `Deleted ${model.name}: ${formatBytes(freed)} freed.`;
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
          ? `All ${report.chunks} parts match their checksums.`
          : `${bad.length} of ${report.chunks} parts are damaged or missing (${bad.join(', ')}): delete the model and install it again.`;
    } catch (e) {
      this.checks[model.id] = storeErrorText(e).summary;
    }
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
        this.notice = `Installed ${model.name}: ${formatBytes(model.totalBytes)}.`;
      };
    } catch (e) {
      const error = storeErrorText(e);
      settle = isCancelled(e)
        ? () => {
            this.dismiss(url);
            this.notice = 'Download paused.';
          }
        : () => {
            this.setJob({ url, state: 'failed', error });
            this.notice = `Download failed: ${error.summary}`;
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
