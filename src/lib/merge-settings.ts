// Settings given in part (by the library's caller or an embedding page) over a base: a named preset first, then each
// given value; a value a preset sets that differs from it makes the settings 'custom', and a given seed is used
// (locked) unless a seed mode is given too. Pure; the result still has to pass checkSettings.
import { applyPreset, type GenerateSettings, PRESET_FIELDS, PRESET_IDS, PRESETS } from '../app/settings.ts';

export function mergeSettings(base: GenerateSettings, partial: Partial<GenerateSettings> = {}): GenerateSettings {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<GenerateSettings>;
  const preset = given.preset;
  const known = preset === undefined || (PRESET_IDS as readonly string[]).includes(preset);
  const start = preset !== undefined && preset in PRESETS ? applyPreset(base, preset) : base;
  const merged = { ...start, ...given } as GenerateSettings;
  const changed = Object.entries(given).some(([k, v]) => PRESET_FIELDS.has(k as keyof GenerateSettings) && !Object.is(start[k as keyof GenerateSettings], v));
  return {
    ...merged,
    // An unknown preset stays as given, for checkSettings to name, even when other values changed.
    ...(changed && known ? { preset: 'custom' as const } : {}),
    ...(given.seed !== undefined && given.seedMode === undefined ? { seedMode: 'locked' as const } : {}),
  };
}
