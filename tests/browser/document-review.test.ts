// The physician's review in Chromium against the real API and worker: the note beside its audio
// (playback, click-to-seek), signing one note, returning one to transcription with a comment the
// transcriptionist then sees in the editor, signing two at once after one confirmation, and adding
// an addendum to a filed note.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/e2e-context';
import { HttpClient } from '../support/http-client';
import { synthesizeSpeech } from '../support/synthesize-speech';
import {
  buildWebApp,
  createBrowserUsers,
  mainNavigation,
  PASSWORD,
  roleUsers,
  signInPage,
  signReport,
  stopBrowserTest,
  usernames,
  webDistDir,
} from './browser-app';
import { launchChromium } from './chromium';

const SPOKEN = 'history and physical. the patient has chest pain and takes aspirin daily.';
const suffix = Math.random().toString(36).slice(2, 8);
const staff = roleUsers(suffix, {
  physician: 'Dr. Rosa Diaz',
  transcriptionist: 'Tim Lee, CMT',
  records: 'Rae Records',
});
const users = usernames(staff);
const patientName = `Canary Review${suffix.toUpperCase()}`;

let stack: Stack;
let browser: Browser;
let dist: string;
let wav: string;
let mrn = '';
let phys: HttpClient;
let mt: HttpClient;
let rec: HttpClient;

beforeAll(async () => {
  dist = webDistDir();
  // No speech engine: every dictation is typed by hand, which is all this test needs.
  const started = startStack({ ASR_ENGINE: 'none', WEB_DIST_DIR: dist });
  [, stack, wav] = await Promise.all([
    buildWebApp(dist),
    started,
    synthesizeSpeech(SPOKEN, { format: 'wav' }),
  ]);
  await createBrowserUsers(stack.db, staff);
  mrn = await stack.patient(patientName);
  [phys, mt, rec] = await Promise.all([
    new HttpClient(stack.baseUrl).login(users.physician, PASSWORD),
    new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD),
    new HttpClient(stack.baseUrl).login(users.records, PASSWORD),
  ]);
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

const json = { 'content-type': 'application/json' };

/** A dictation with real audio, typed by the transcriptionist with word timings, finalized. */
async function finalizedNote(workType: string, text: string) {
  const up = await phys.uploadDictation(wav, { patientMrn: mrn, workType, priority: 'ROUTINE' });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.id as string;
  await stack.waitForStatus(phys, id, ['TRANSCRIPTION_FAILED', 'DRAFT_READY'], 30_000);
  expect((await mt.json(`/api/v1/dictations/${id}/claim`, { method: 'POST' })).status).toBe(200);
  const words = text
    .split(/\s+/)
    .map((w, i) => ({ text: w, start: i * 0.3, end: i * 0.3 + 0.25, confidence: 1 }));
  const current = (await mt.json(`/api/v1/dictations/${id}`)).body.transcriptVersion ?? 0;
  const saved = await mt.json(`/api/v1/dictations/${id}/transcript`, {
    method: 'PUT',
    headers: { ...json, 'if-match': `"${current}"` },
    body: JSON.stringify({ text, words }),
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const fin = await mt.json<{ documentId: string }>(`/api/v1/dictations/${id}/finalize`, { method: 'POST' });
  expect(fin.status, JSON.stringify(fin.body)).toBe(200);
  return { dictationId: id, documentId: fin.body.documentId };
}

const signIn = (username: string) =>
  signInPage(browser, stack.baseUrl, username, {
    context: { viewport: { width: 1366, height: 900 } },
    prepare: (page) => page.on('dialog', (d) => void d.dismiss()),
    landed: mainNavigation,
  });

const seconds = (page: Page) =>
  page.getByLabel('Playback position').evaluate((el) => Number((el as HTMLElement).dataset.seconds));

describe("the physician's review", () => {
  it('plays the audio beside the note, seeks on a word click, and signs', async () => {
    const { dictationId, documentId } = await finalizedNote('HP', 'Chest pain since Monday.\nAspirin daily.');
    const page = await signIn(users.physician);
    await page.goto(`${stack.baseUrl}/review/${dictationId}`);
    const text = page.getByRole('article', { name: 'Report text' });
    await text.getByText('Aspirin', { exact: true }).waitFor();
    await page.getByText(/not signed: awaiting the author's signature/).waitFor();

    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => seconds(page), { timeout: 15_000 }).toBeGreaterThan(0.4);
    await page.getByRole('button', { name: 'Pause' }).click();
    // "Aspirin" is the fifth word: it starts at 1.2 s.
    await text.getByText('Aspirin', { exact: true }).click();
    await expect.poll(() => seconds(page)).toBeCloseTo(1.2, 1);

    await signReport(page);
    const doc = await rec.json(`/api/v1/documents/${documentId}`);
    expect(doc.body).toMatchObject({ status: 'SIGNED', completion: { hl7: 'LA' } });
    await page.context().close();
  }, 90_000);

  it('returns a note to transcription with a comment the transcriptionist sees in the editor', async () => {
    const { dictationId } = await finalizedNote('HP', 'Metoprolol twenty five.');
    const page = await signIn(users.physician);
    await page.goto(`${stack.baseUrl}/review/${dictationId}`);
    await page.getByRole('button', { name: 'Return to transcription' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return to transcription' });
    await dialog.getByLabel('Comment for the transcriptionist').fill('The dose is 50 mg, please re-listen.');
    await dialog.getByRole('button', { name: 'Return' }).click();
    await page.getByText('Returned to transcription with your comment.').waitFor();
    await page.context().close();

    const editor = await signIn(users.transcriptionist);
    await editor.goto(`${stack.baseUrl}/edit/${dictationId}`);
    await editor
      .getByRole('note', { name: 'Returned by the author' })
      .getByText('The dose is 50 mg, please re-listen.', { exact: false })
      .waitFor({ timeout: 15_000 });
    await editor.context().close();
  }, 90_000);

  it('signs several notes from the to-sign list with one confirmation', async () => {
    const a = await finalizedNote('HP', 'First note for the batch.');
    const b = await finalizedNote('HP', 'Second note for the batch.');
    const page = await signIn(users.physician);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'To sign' }).click();
    await page.getByRole('heading', { name: 'To sign' }).waitFor();
    const rows = page.getByRole('row').filter({ hasText: patientName });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: /^Sign selected/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Sign \d+ notes\?$/ });
    await dialog.getByRole('button', { name: /^Sign \d+$/ }).click();
    await page
      .getByRole('status')
      .getByText(/^Signed \d+ notes\./)
      .waitFor({ timeout: 20_000 });
    for (const id of [a.documentId, b.documentId]) {
      expect((await rec.json(`/api/v1/documents/${id}`)).body.status).toBe('SIGNED');
    }
    await page.getByText('Nothing is waiting for your signature.').waitFor();
    await page.context().close();
  }, 120_000);

  it('adds an addendum to the physician’s own filed note, signed by saving it', async () => {
    const { dictationId, documentId } = await finalizedNote('PROGRESS', 'Follow up of cough.');
    expect((await rec.json(`/api/v1/documents/${documentId}/file`, { method: 'POST' })).status).toBe(200);
    const page = await signIn(users.physician);
    await page.goto(`${stack.baseUrl}/review/${dictationId}`);
    await page.getByRole('button', { name: 'Add addendum' }).click();
    const number = (await rec.json(`/api/v1/documents/${documentId}`)).body.number;
    const dialog = page.getByRole('dialog', { name: `Addendum to ${number}` });
    await dialog.getByLabel('Addendum text').fill('Chest X-ray clear.');
    await dialog.getByLabel('Reason').fill('Result arrived');
    await dialog.getByRole('button', { name: 'File addendum' }).click();
    await page.getByText(/^Addendum .* filed, signed and sent to the EHR\./).waitFor({ timeout: 15_000 });
    const addendum = page.getByRole('article', { name: /^Addendum DOC-/ });
    await addendum.getByText('Chest X-ray clear.').waitFor();
    await addendum.getByText(/signed by the author/).waitFor();
    await page.context().close();
  }, 90_000);
});
