// The embedded app's defaults from its URL: ?prompt, negative, preset, resolution, aspect, frames, fps, steps,
// guidance, sampler, seed, loop, lang. A value the form would refuse is dropped (the default stays) and named, so the
// frame can say once which parameters it ignored; nothing in a URL can stop the app from starting. Pure.
import { LOCALES, type Locale } from '../app/i18n/locale.ts';
import { applyPreset, checkSettings, DEFAULT_SETTINGS, type GenerateSettings, LIMITS, PRESET_IDS, type PresetId } from '../app/settings.ts';
import { mergeSettings } from '../lib/merge-settings.ts';

export interface EmbedDefaults {
  readonly settings: GenerateSettings;
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly locale?: Locale;
  /** The parameters that were given but not usable, in URL order. */
  readonly ignored: readonly string[];
}

/** URL parameter → settings field, for the numeric and choice fields. */
const FIELDS = {
  resolution: 'resolution',
  aspect: 'aspect',
  frames: 'numFrames',
  fps: 'fps',
  steps: 'steps',
  guidance: 'guidance',
  sampler: 'sampler',
  seed: 'seed',
  loop: 'loop',
} as const satisfies Record<string, keyof GenerateSettings>;
type Param = keyof typeof FIELDS;
const NUMERIC = new Set<Param>(['resolution', 'frames', 'fps', 'steps', 'guidance', 'seed']);
/** The other parameters the embed URL carries (not settings, never reported as ignored). */
const KNOWN = new Set(['embed', 'host', 'prompt', 'negative', 'preset', 'lang', ...Object.keys(FIELDS)]);

export function embedDefaults(search: URLSearchParams): EmbedDefaults {
  const ignored: string[] = [];
  const ignore = (name: string) => {
    if (!ignored.includes(name)) ignored.push(name);
  };

  let settings: GenerateSettings = { ...DEFAULT_SETTINGS };
  const preset = search.get('preset');
  if (preset !== null) {
    if ((PRESET_IDS as readonly string[]).includes(preset)) settings = applyPreset(settings, preset as PresetId);
    else ignore('preset');
  }

  for (const [param, field] of Object.entries(FIELDS) as [Param, keyof GenerateSettings][]) {
    const raw = search.get(param);
    if (raw === null) continue;
    const value: unknown = NUMERIC.has(param) ? (raw.trim() === '' ? Number.NaN : Number(raw)) : raw;
    const tried = mergeSettings(settings, { [field]: value });
    // One field at a time against the form's own checks, so a bad value names exactly its parameter.
    if (checkSettings(tried, 'x', '').some((p) => p.field === field || p.field === 'seedMode')) {
      ignore(param);
      continue;
    }
    settings = tried;
  }

  const prompt = text(search.get('prompt'), 'prompt', ignore);
  const negativePrompt = text(search.get('negative'), 'negative', ignore);

  const lang = search.get('lang');
  let locale: Locale | undefined;
  if (lang !== null) {
    if ((LOCALES as readonly string[]).includes(lang)) locale = lang as Locale;
    else ignore('lang');
  }

  for (const name of search.keys()) if (!KNOWN.has(name)) ignore(name);
  return { settings, prompt, negativePrompt, ...(locale === undefined ? {} : { locale }), ignored };
}

function text(value: string | null, name: string, ignore: (name: string) => void): string {
  if (value === null) return '';
  if (value.length > LIMITS.promptChars) {
    ignore(name);
    return '';
  }
  return value;
}
