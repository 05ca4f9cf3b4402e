// Screenshots of the web app for docs/screenshots/. The committed files are refreshed on purpose
// only (UPDATE_SCREENSHOTS=1); SCREENSHOT_DIR=<folder> saves them elsewhere for a look; otherwise
// nothing is written, so ordinary test runs never touch the work tree.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SCREENSHOT_DIR: string | null =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repo, 'docs/screenshots')
    : process.env.SCREENSHOT_DIR || null;

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOT_DIR) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
