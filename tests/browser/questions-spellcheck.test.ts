// In Chromium against the real API: the editor underlines a misspelled word found by the server's
// medical spell check (not a medical term) and replaces it from the suggestions menu (Ctrl+.); a
// physician answers the transcriptionist's question from "My dictations".
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../e2e/e2e-context';
import { draftReadyDictation } from '../support/dictation-fixtures';
import {
  createBrowserUsers,
  leaveUnsavedPages,
  mainNavigation,
  roleUsers,
  signInPage,
  startWebStack,
  stopBrowserTest,
} from './browser-app';
import { launchChromium } from './chromium';

let stack: Stack;
let browser: Browser;
let dist = '';
let users: Record<'physician' | 'transcriptionist', { id: string; username: string }>;
let mrn = '';
let patientName = '';

beforeAll(async () => {
  ({ dist, stack } = await startWebStack({ ASR_ENGINE: 'local' }));
  const suffix = Math.random().toString(36).slice(2, 8);
  users = await createBrowserUsers(
    stack.db,
    roleUsers(suffix, { physician: undefined, transcriptionist: undefined }),
  );
  patientName = `Canary Spelling${suffix.toUpperCase()}`;
  mrn = await stack.patient(patientName);
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

const signIn = (username: string) =>
  signInPage(browser, stack.baseUrl, username, { prepare: leaveUnsavedPages, landed: mainNavigation });

/** The text of every range of the misspelled-word highlight. */
const flagged = (page: Page) =>
  page.evaluate(() => {
    const h = CSS.highlights.get('dictum-misspelled');
    return h
      ? [...h].map((r) =>
          (r as AbstractRange & { toString?: () => string }).startContainer.textContent!.slice(
            r.startOffset,
            r.endOffset,
          ),
        )
      : [];
  });

describe('medical spell checking and questions for the author, in the browser', () => {
  it('flags a misspelled word (not the drug names) and replaces it from the suggestions', async () => {
    const text = 'Patient takes metoprolol and lisinopril; zarquplex noted on echocardiogram.';
    const id = await draftReadyDictation(stack.db, { authorId: users.physician.id, patientMrn: mrn, text });
    const page = await signIn(users.transcriptionist.username);
    await page.goto(`${stack.baseUrl}/edit/${id}`);
    const editor = page.getByRole('textbox', { name: 'Transcript' });
    await expect.poll(() => editor.textContent(), { timeout: 45_000 }).toBe(text);
    expect(await editor.evaluate((el) => (el as HTMLElement).spellcheck)).toBe(false);
    await expect.poll(() => flagged(page), { timeout: 10_000 }).toEqual(['zarquplex']);

    // Typing a misspelled drug name: flagged after the pause, Ctrl+. offers the right spelling.
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Continue metroprolol');
    await expect.poll(() => flagged(page), { timeout: 10_000 }).toContain('metroprolol');
    await page.keyboard.press('Control+.');
    const menu = page.getByRole('menu', { name: 'Spelling suggestions for metroprolol' });
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: 'metoprolol', exact: true }).click();
    await expect.poll(() => editor.textContent()).toBe(`${text} Continue metoprolol`);
    await expect.poll(() => flagged(page)).toEqual(['zarquplex']);
    await page.context().close();
  }, 90_000);

  it("the physician sees the transcriptionist's question and answers it", async () => {
    const id = await draftReadyDictation(stack.db, { authorId: users.physician.id, patientMrn: mrn });
    const blank = await stack.db.blank.create({
      data: {
        dictationId: id,
        position: 8,
        audioTime: 1.5,
        note: 'Which drug after blood pressure?',
        status: 'ROUTED_TO_AUTHOR',
        createdById: users.transcriptionist.id,
      },
    });
    const page = await signIn(users.physician.username);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    await page.getByText('Which drug after blood pressure?').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Play the audio from 00:01' }).waitFor();
    await page.getByLabel('Your answer').fill('lisinopril 10 mg');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect
      .poll(async () => (await stack.db.blank.findUniqueOrThrow({ where: { id: blank.id } })).answer, {
        timeout: 10_000,
      })
      .toBe('lisinopril 10 mg');
    await expect.poll(() => page.getByText('Which drug after blood pressure?').count()).toBe(0);
    expect((await stack.db.blank.findUniqueOrThrow({ where: { id: blank.id } })).status).toBe('OPEN');
    await page.context().close();
  }, 60_000);
});
