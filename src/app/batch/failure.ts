// Why a batch item failed, as a message kept with the item (shown in the current language, also after a reload):
// a settings problem's own message, an engine error's translated summary, or an unexpected error with its text.
import { engineErrorText } from '../engine-error-text.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { SettingsError } from '../run.ts';

export function failureMessage(error: unknown): Message {
  if (error instanceof SettingsError && error.problems[0]) return error.problems[0].message;
  const { code, summary, detail } = engineErrorText(error);
  return code === 'internal' && detail ? { key: 'batch.error.other', vars: { detail } } : summary;
}
