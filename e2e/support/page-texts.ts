// Every text a user can see or hear on the page: visible text nodes, option labels, the attributes screen readers and
// tooltips read (aria-label, placeholder, alt, title, …) and every accessible name in Chromium's ARIA snapshot; each
// with where it is (region › element), for the language tests. Content marked translate="no", code, and content
// marked as another language (lang="en" inside a Chinese page, such as the language switch's "English") is left out.
import type { Page } from '@playwright/test';

export interface PageText {
  readonly text: string;
  readonly where: string;
}

const ATTRIBUTES = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'placeholder', 'alt', 'title'];

export async function pageTexts(page: Page): Promise<PageText[]> {
  const fromDom = await page.evaluate((attributes) => {
    const pageLang = document.documentElement.lang;
    const out: { text: string; where: string }[] = [];
    const place = (el: Element): string => {
      const section = el.closest('section[aria-labelledby]');
      const title = section ? document.getElementById(section.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() : undefined;
      const area = title ?? (el.closest('header') ? 'header' : el.closest('footer') ? 'footer' : 'page');
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/)[0]}` : '';
      return `${area} › <${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}>`;
    };
    const skipped = (el: Element): boolean => {
      if (el.closest('script, style, code, kbd, samp, [translate="no"]')) return true;
      const lang = el.closest('[lang]')?.getAttribute('lang');
      return lang !== undefined && lang !== null && lang !== pageLang;
    };
    const shown = (el: Element): boolean => el.closest('option') !== null || el.checkVisibility({ visibilityProperty: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim();
      const el = node.parentElement;
      if (!text || !el || skipped(el) || !shown(el)) continue;
      out.push({ text, where: place(el) });
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (skipped(el) || !shown(el)) continue;
      for (const name of attributes) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push({ text: value, where: `${place(el)}[${name}]` });
      }
      if (el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type) && el.value) out.push({ text: el.value, where: `${place(el)}[value]` });
    }
    if (document.title) out.push({ text: document.title, where: 'title' });
    return out;
  }, ATTRIBUTES);

  // Accessible names as Chromium computes them (labels, aria-labelledby, …).
  const snapshot = await page.locator('body').ariaSnapshot();
  const fromTree: PageText[] = [];
  for (const line of snapshot.split('\n')) {
    const m = /^\s*- ([\w-]+) "((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) fromTree.push({ text: JSON.parse(`"${m[2]}"`) as string, where: `accessible name of a ${m[1]}` });
  }
  return [...fromDom, ...fromTree];
}
