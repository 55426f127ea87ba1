// Every message of the app, per language: the areas' catalogs (./messages/*.ts) merged. Add an area by importing
// its file here and spreading it into both languages.
import { common } from './messages/common.ts';

const en = { ...common.en };
export type MessageKey = keyof typeof en;

export const CATALOG: Readonly<Record<'en' | 'zh-CN', Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': { ...common['zh-CN'] },
};
