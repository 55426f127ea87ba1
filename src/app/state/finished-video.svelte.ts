// FinishedVideo: one finished run as the page shows it: the engine's MP4 as an object URL, the settings it used,
// and WebM / GIF files made on this page from the run's frames when first asked for (src/video's encodeVideo, which
// runs on the main thread: WebCodecs exists in windows). dispose() frees every object URL.
import type { GenerateResult, RgbaImage } from '../../protocol/engine.ts';
import { type RunOutcome, videoBlob } from '../run.ts';
import type { GenerateSettings } from '../settings.ts';

export type ExtraFormat = 'webm' | 'gif';

export interface VideoFile {
  readonly url: string;
  readonly fileName: string;
}

export class FinishedVideo {
  readonly mp4: VideoFile & { readonly bytes: number; readonly codec: string };
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  readonly backend: GenerateResult['backend'];
  /** Made on demand; absent until then. */
  made = $state<Partial<Record<ExtraFormat, VideoFile>>>({});
  /** The format being encoded now. */
  making = $state<ExtraFormat | undefined>(undefined);
  /** Why the last WebM/GIF could not be made. */
  failed = $state<{ format: ExtraFormat; detail: string } | undefined>(undefined);
  private readonly frames: readonly RgbaImage[];
  private disposed = false;

  /** The seed the run used. */
  readonly seed: number;
  /** Wall time of the run, s. */
  readonly seconds: number;

  constructor(
    outcome: RunOutcome,
    /** The settings of the run, with the seed it used. */
    readonly settings: GenerateSettings,
    readonly prompt: string,
  ) {
    const { result } = outcome;
    const { video } = result;
    this.seed = outcome.seed;
    this.seconds = outcome.seconds;
    this.mp4 = {
      url: URL.createObjectURL(outcome.video),
      fileName: this.fileName(video.extension),
      bytes: video.bytes.byteLength,
      codec: video.codec,
    };
    this.width = video.width;
    this.height = video.height;
    this.frameCount = video.frameCount;
    this.backend = result.backend;
    this.frames = result.frames ?? [];
  }

  /** Whether WebM and GIF can be made (the run returned its frames). */
  get canMakeMore(): boolean {
    return this.frames.length > 0;
  }

  /** The file in `format`, encoding it the first time; undefined when it failed (see `failed`) or was disposed. */
  async file(format: ExtraFormat): Promise<VideoFile | undefined> {
    const made = this.made[format];
    if (made) return made;
    if (this.making) return undefined;
    this.making = format;
    this.failed = undefined;
    try {
      // Loaded on first use: the page does not carry the encoders until someone asks for WebM or GIF.
      const { encodeVideo } = await import('../../video/encode.ts');
      const video = await encodeVideo(this.frames, { format, fps: this.settings.fps, loop: this.settings.loop, metadata: { title: this.prompt } });
      if (this.disposed) return undefined;
      const file = { url: URL.createObjectURL(videoBlob(video)), fileName: this.fileName(format) };
      this.made = { ...this.made, [format]: file };
      return file;
    } catch (e) {
      this.failed = { format, detail: e instanceof Error ? e.message : String(e) };
      return undefined;
    } finally {
      this.making = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    URL.revokeObjectURL(this.mp4.url);
    for (const file of Object.values(this.made)) if (file) URL.revokeObjectURL(file.url);
  }

  private fileName(extension: string): string {
    return `localmotion-${this.seed}.${extension}`;
  }
}
