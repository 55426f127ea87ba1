// Video harness worker: the page posts a VideoRequest, the worker encodes it with the same code and posts the result.
import { runVideo, type VideoRequest } from './video-run.ts';

self.addEventListener('message', async (e: MessageEvent<VideoRequest>) => {
  self.postMessage(await runVideo(e.data));
});
