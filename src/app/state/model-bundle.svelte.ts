// ModelBundle: which model bundles the site itself ships (public/models/index.json), loaded once at start-up.
import { loadModelIndex, type ModelIndexState } from '../model-index.ts';

export class ModelBundle {
  /** undefined while the index loads. */
  index = $state<ModelIndexState | undefined>(undefined);

  async load(): Promise<void> {
    this.index = await loadModelIndex();
  }
}
