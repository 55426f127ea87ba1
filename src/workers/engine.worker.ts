// The engine worker's entry: exposes one Engine over comlink, with EngineErrors kept intact across the boundary.
import { expose, transferHandlers } from 'comlink';
import { engineThrowHandler } from '../protocol/comlink-throw.ts';
import { Engine } from './engine.ts';

// In a production build, onnxruntime-web starts its wasm threads from this same script, named em-pthread-N: those
// must stay ORT's (installing a message handler there crashes the renderer).
if (!self.name?.startsWith('em-pthread')) {
  transferHandlers.set('throw', engineThrowHandler);
  expose(new Engine());
}
