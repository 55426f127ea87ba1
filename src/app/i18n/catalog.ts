// Every message of the app, per language: the areas' catalogs (./messages/*.ts) merged. Add an area by importing
// its file here and adding it to AREAS.
import { common } from './messages/common.ts';
import { image } from './messages/image.ts';
import { generate } from './messages/generate.ts';
import { history } from './messages/history.ts';
import { batch } from './messages/batch.ts';
import { model } from './messages/model.ts';
import { compat } from './messages/compat.ts';
import { offline } from './messages/offline.ts';
import { units } from './messages/units.ts';
import { embed } from './messages/embed.ts';

const AREAS = [common, image, history, batch, generate, model, compat, offline, units, embed] as const;

type Union = (typeof AREAS)[number]['en'];
type KeysOf<U> = U extends unknown ? keyof U : never;
export type MessageKey = KeysOf<Union> & string;

function merge(locale: 'en' | 'zh-CN'): Readonly<Record<MessageKey, string>> {
  const out: Record<string, string> = {};
  for (const area of AREAS) {
    for (const [key, text] of Object.entries(area[locale])) {
      if (key in out) throw new Error(`message key ${key} is defined twice`);
      out[key] = text;
    }
  }
  return out as Record<MessageKey, string>;
}

export const CATALOG: Readonly<Record<'en' | 'zh-CN', Readonly<Record<MessageKey, string>>>> = { en: merge('en'), 'zh-CN': merge('zh-CN') };
