// The postMessage protocol between a page that embeds LocalMotion (the host) and the embedded app (the frame): the
// message types, and the frame's check of what a host sends. Pure: the frame (./bridge.ts), the custom element
// (./element.ts) and the tests share it.
import type { GenerateSettings } from '../app/settings.ts';
import type { EngineStage, EngineWarning } from '../protocol/engine.ts';
import type { EngineErrorCode } from '../protocol/errors.ts';

/** A request's id, chosen by the host; null on messages about runs the visitor started in the frame's own UI. */
export type RequestId = string | number;

export interface GenerateMessage {
  readonly type: 'localmotion:generate';
  readonly id: RequestId;
  readonly image: Blob;
  readonly prompt: string;
  readonly negativePrompt?: string;
  /** Over the frame's defaults (its URL parameters); checked like the form's values. */
  readonly settings?: Partial<GenerateSettings>;
}

export interface CancelMessage {
  readonly type: 'localmotion:cancel';
  readonly id: RequestId;
}

export type HostMessage = GenerateMessage | CancelMessage;

export type FrameMessage =
  | { readonly type: 'localmotion:ready' }
  | { readonly type: 'localmotion:progress'; readonly id: RequestId | null; readonly stage: EngineStage; readonly done: number; readonly total: number }
  | {
      readonly type: 'localmotion:result';
      readonly id: RequestId | null;
      readonly video: Blob;
      readonly mimeType: string;
      readonly seed: number;
      readonly settings: GenerateSettings;
      readonly width: number;
      readonly height: number;
      readonly frameCount: number;
      /** What the run did differently from what was asked (a prompt cut to the text encoder's 77 tokens). */
      readonly warnings: readonly EngineWarning[];
    }
  | { readonly type: 'localmotion:error'; readonly id: RequestId | null; readonly code: EmbedErrorCode; readonly message: string };

/** The engine's codes, plus `no-model` also when nothing is installed, and `bad-request` for a malformed message. */
export type EmbedErrorCode = EngineErrorCode;

/** What the frame makes of a message event's data. */
export type ParsedHostMessage =
  | { readonly kind: 'message'; readonly message: HostMessage }
  /** Ours, but malformed: answered with an error (to the id, when it has a usable one). */
  | { readonly kind: 'invalid'; readonly id: RequestId | null; readonly reason: string }
  /** Not a LocalMotion message (another script's postMessage): ignored without an answer. */
  | { readonly kind: 'foreign' };

export const SETTINGS_KEYS = [
  'preset',
  'resolution',
  'aspect',
  'numFrames',
  'fps',
  'motionSpeed',
  'steps',
  'guidance',
  'sampler',
  'seed',
  'seedMode',
  'loop',
] as const satisfies readonly (keyof GenerateSettings)[];

const MAX_ID_CHARS = 200;
const MAX_PROMPT_CHARS = 10_000; // checkSettings has the real limit; this only bounds what is read at all

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requestId(v: unknown): RequestId | null {
  if (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

/** Checks the shape of a host's message (values of settings are checked later, with the frame's defaults merged). */
export function parseHostMessage(data: unknown): ParsedHostMessage {
  if (!isRecord(data) || typeof data.type !== 'string' || !data.type.startsWith('localmotion:')) return { kind: 'foreign' };
  const id = requestId(data.id);
  const invalid = (reason: string): ParsedHostMessage => ({ kind: 'invalid', id, reason });
  if (id === null) return invalid('id must be a non-empty string (at most 200 characters) or a finite number');
  if (data.type === 'localmotion:cancel') return { kind: 'message', message: { type: data.type, id } };
  if (data.type !== 'localmotion:generate') return invalid(`unknown message type ${JSON.stringify(data.type.slice(0, 60))}`);
  if (!(data.image instanceof Blob)) return invalid('image must be a Blob (or File) with the picture');
  if (typeof data.prompt !== 'string' || data.prompt.length > MAX_PROMPT_CHARS) return invalid('prompt must be a string');
  if (data.negativePrompt !== undefined && (typeof data.negativePrompt !== 'string' || data.negativePrompt.length > MAX_PROMPT_CHARS)) {
    return invalid('negativePrompt must be a string');
  }
  let settings: Partial<GenerateSettings> | undefined;
  if (data.settings !== undefined) {
    if (!isRecord(data.settings)) return invalid('settings must be an object');
    const unknown = Object.keys(data.settings).filter((k) => !(SETTINGS_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) return invalid(`unknown settings: ${unknown.join(', ')} (known: ${SETTINGS_KEYS.join(', ')})`);
    settings = data.settings as Partial<GenerateSettings>;
  }
  return {
    kind: 'message',
    message: {
      type: 'localmotion:generate',
      id,
      image: data.image,
      prompt: data.prompt,
      ...(data.negativePrompt === undefined ? {} : { negativePrompt: data.negativePrompt as string }),
      ...(settings === undefined ? {} : { settings }),
    },
  };
}
