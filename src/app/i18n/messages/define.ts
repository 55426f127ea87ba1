// One area's messages: English, and Simplified Chinese with exactly the same keys (a missing or extra key is a type
// error). Placeholders are {name}; both languages must use the same ones (catalog.test.ts checks).
export function defineMessages<const E extends Record<string, string>>(en: E, zh: { readonly [K in keyof E]: string }) {
  return { en, 'zh-CN': zh } as const;
}
