// Output options of a generation (file format, playback fps, loop), validated where a request enters the worker.
import type { OutputOptions } from './engine.ts';
import { ParamError } from './params.ts';

export const VIDEO_FORMATS = ['mp4', 'webm', 'gif'] as const;
export const LOOP_MODES = ['forward', 'pingpong'] as const;

export function validateOutput(o: OutputOptions): OutputOptions {
  if (!(VIDEO_FORMATS as readonly string[]).includes(o.format)) {
    throw new ParamError('format', `format must be one of ${VIDEO_FORMATS.join(', ')}, got ${JSON.stringify(o.format)}`);
  }
  if (!Number.isInteger(o.fps) || o.fps < 1 || o.fps > 60) throw new ParamError('fps', `fps must be an integer in 1–60, got ${o.fps}`);
  if (o.loop !== undefined && !(LOOP_MODES as readonly string[]).includes(o.loop)) {
    throw new ParamError('loop', `loop must be one of ${LOOP_MODES.join(', ')}, got ${JSON.stringify(o.loop)}`);
  }
  return o;
}
