// An engine failure in words: the error code as a translated summary (a Message for the current language) and the
// engine's own message as the detail, for the curious and for bug reports. Pure: anything that is not an
// EngineError reads as an unexpected problem with its message.
import { engineErrorCode, type EngineErrorCode } from '../protocol/errors.ts';
import type { Message } from './i18n/i18n.svelte.ts';

export interface EngineErrorText {
  readonly code: EngineErrorCode;
  readonly summary: Message;
  /** The engine's message; empty when it would only repeat the summary. */
  readonly detail: string;
}

const KEYS = {
  'bad-request': 'generate.error.bad-request',
  'bad-image': 'generate.error.bad-image',
  'no-model': 'generate.error.no-model',
  model: 'generate.error.model',
  busy: 'generate.error.busy',
  cancelled: 'generate.error.cancelled',
  'device-lost': 'generate.error.device-lost',
  'no-webgpu': 'generate.error.no-webgpu',
  'out-of-memory': 'generate.error.out-of-memory',
  encode: 'generate.error.encode',
  internal: 'generate.error.internal',
} as const satisfies Record<EngineErrorCode, Message['key']>;

export function engineErrorText(error: unknown): EngineErrorText {
  const { code, message } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as { code?: unknown; message?: unknown };
  const known = engineErrorCode(code);
  const detail = typeof message === 'string' && message !== code ? message : '';
  return { code: known, summary: { key: KEYS[known] }, detail };
}
