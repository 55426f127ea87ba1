// Embed mode's wiring: the bridge (./bridge.ts) on the real page: requests from the parent window, runs through the
// page's engine and runGeneration, the installed models from this origin's store, the page's image check.
import { engine } from '../app/engine.ts';
import { errorMessage } from '../app/error-text.ts';
import { checkImage } from '../app/image-check.ts';
import { onRunFinished, runGeneration } from '../app/run.ts';
import { pageStore } from '../app/store-client.ts';
import { EngineError } from '../protocol/errors.ts';
import { english } from '../lib/english.ts';
import { type BridgeDeps, EmbedBridge } from './bridge.ts';
import type { EmbedDefaults } from './params.ts';

export interface FrameOptions {
  readonly defaults: EmbedDefaults;
  readonly allowedOrigins: readonly string[];
  /** The model the frame's form has chosen ('' while none). */
  readonly chosenModel: () => string;
  readonly onHostRun: BridgeDeps['onHostRun'];
}

/** Starts answering the parent page (when there is one) and tells it so; returns the bridge, or undefined when the
 *  app is not in a frame. */
export function startFrame(options: FrameOptions): EmbedBridge | undefined {
  if (window.parent === window) return undefined;
  const bridge = new EmbedBridge({
    parent: window.parent,
    allowedOrigins: options.allowedOrigins,
    defaults: () => ({ settings: options.defaults.settings, negativePrompt: options.defaults.negativePrompt }),
    modelId: async () => options.chosenModel() || (await installedModels()).find((m) => m.state === 'installed')?.id,
    checkImage: async (image) => {
      const check = await checkImage(image);
      return check.ok ? undefined : english(check.problem);
    },
    run: (request, onEvent, signal) => runGeneration(engine, request, onEvent, signal),
    onHostRun: options.onHostRun,
  });
  addEventListener('message', (event) => bridge.receive(event));
  onRunFinished((request, outcome) => bridge.runFinished(request, outcome));
  bridge.announce();
  return bridge;
}

/** The store's models; a store this frame may not open is "no model" to the host, with the reason. */
async function installedModels() {
  try {
    return await pageStore.list();
  } catch (e) {
    // Typically a browser that keeps storage from third-party frames (third-party cookies blocked).
    throw new EngineError('no-model', `the embedded app cannot use this browser's storage in this frame (${errorMessage(e)}), so no model can be installed here; browsers that block third-party storage need the app opened directly or embedded on its own site`);
  }
}
