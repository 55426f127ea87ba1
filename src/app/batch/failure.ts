// Why a batch item failed, as a message kept with the item (shown in the current language, also after a reload).
import type { MessageKey } from '../i18n/catalog.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { SettingsError } from '../run.ts';

const BY_CODE: Readonly<Record<string, MessageKey>> = {
  'bad-image': 'batch.error.bad-image',
  model: 'batch.error.model',
  'no-model': 'batch.error.model',
  'no-webgpu': 'batch.error.no-webgpu',
  'device-lost': 'batch.error.device-lost',
  'out-of-memory': 'batch.error.out-of-memory',
  encode: 'batch.error.encode',
};

/** The failure's message: a settings problem's own message, an engine error code's words, else the error's text. */
export function failureMessage(error: unknown): Message {
  if (error instanceof SettingsError && error.problems[0]) return error.problems[0].message;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const key = typeof code === 'string' ? BY_CODE[code] : undefined;
  return key ? { key } : { key: 'batch.error.other', vars: { detail: typeof message === 'string' ? message : String(error) } };
}

/** A cancel is not a failure: the item is marked cancelled and the queue pauses. */
export const isCancel = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'cancelled';
