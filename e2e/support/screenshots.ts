// Screenshots for the README, taken by the browser tests on the way: written to docs/screenshots/ when
// UPDATE_SCREENSHOTS=1 (then committed), else to test-results/screenshots/ so a normal run leaves the tree alone.
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';

const folder = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';

/** Saves a screenshot of the page (or of one element) as <name>.png. */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: path.join(folder, `${name}.png`), animations: 'disabled', ...('goto' in target ? { fullPage: true } : {}) });
}
