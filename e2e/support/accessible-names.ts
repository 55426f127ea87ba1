// Accessible names as Chromium computes them: one element's role and name (its ARIA snapshot), and every control on
// the page that has none (the whole accessibility tree over CDP in one call), for the accessibility tests.
import type { Locator, Page } from '@playwright/test';

/** Role and accessible name of an element, from Chromium's ARIA snapshot ('' role when not exposed). */
export async function roleAndName(element: Locator): Promise<{ role: string; name: string }> {
  const first = (await element.ariaSnapshot()).split('\n')[0] ?? '';
  const m = /^- ([\w-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(first);
  return { role: m?.[1] ?? '', name: m?.[2] ? (JSON.parse(`"${m[2]}"`) as string) : '' };
}

const UNLABELLED_FILE_INPUT = /^(Choose Files?|No file chosen)$/;
const CONTROL_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'spinbutton', 'slider', 'tab', 'menuitem']);

/** The controls Chromium exposes with no accessible name (its own name computation, over the whole page at once),
 *  as HTML snippets with the region they are in; and how many controls there are. */
export async function unnamedControls(page: Page): Promise<{ unnamed: string[]; controls: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const controls = nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(String(n.role?.value)));
    const unnamed: string[] = [];
    for (const n of controls) {
      const name = String(n.name?.value ?? '').trim();
      // An unlabelled file input is named after its own button text: that names no field.
      if ((name !== '' && !UNLABELLED_FILE_INPUT.test(name)) || n.backendDOMNodeId === undefined) continue;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId!,
        returnByValue: true,
        functionDeclaration: `function () {
          const region = this.closest('section[aria-labelledby]');
          const title = region ? document.getElementById(region.getAttribute('aria-labelledby'))?.textContent : this.closest('header') ? 'header' : 'page';
          return title + ' › ' + this.outerHTML.slice(0, 160);
        }`,
      });
      unnamed.push(`${String(n.role?.value)}: ${String(result.value)}`);
    }
    return { unnamed, controls: controls.length };
  } finally {
    await cdp.detach();
  }
}
