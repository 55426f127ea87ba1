// A message of the app's catalog in English, for developers: the library's errors and the embed protocol's answers
// (the app's own UI shows the same messages in the visitor's language through t()).
import { CATALOG } from '../app/i18n/catalog.ts';
import type { Message } from '../app/i18n/i18n.svelte.ts';
import { format } from '../app/i18n/locale.ts';

export const english = (m: Message): string => format(CATALOG.en[m.key], m.vars);
