// The page's one engine: a single EngineClient (one worker) shared by every part of the app.
import { EngineClient } from './engine-client.ts';

export const engine = new EngineClient();
