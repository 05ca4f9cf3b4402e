// The web app in Chromium against the real API and worker (local speech engine): a physician
// uploads through the UI, a transcriptionist finds the job in the worklist, corrects the draft
// against the audio (autosave, word timings kept, click-to-seek), survives an expired session,
// finalizes; records staff file the note. Screenshots of each screen go to docs/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@dictum/core/actor';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { startStack, type Stack } from '../e2e/e2e-context';
import { HttpClient } from '../support/http-client';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { launchChromium } from './chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const SHOTS = path.join(repo, 'docs/screenshots');
const PASSWORD = 'correct-horse-battery-staple';
const SPOKEN =
  'the patient is a sixty year old man with chest pain and high blood pressure. he has a history of diabetes and takes metformin daily.';

type Word = { text: string; start: number; end: number; confidence: number };

let stack: Stack;
let browser: Browser;
let dist: string;
const users = { physician: '', transcriptionist: '', records: '' };
let mrn = '';
let patientName = 'Canary Testpatient';
let dictationId = '';

async function build(outDir: string) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: path.join(repo, 'web/vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

async function signIn(username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(`${stack.baseUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'dictum-web-dist-'));
  await build(dist);
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ ASR_ENGINE: 'local', WEB_DIST_DIR: dist });
  const suffix = Math.random().toString(36).slice(2, 8);
  for (const [key, role, displayName] of [
    ['physician', 'PHYSICIAN', 'Dr. Maria Alvarez'],
    ['transcriptionist', 'TRANSCRIPTIONIST', 'Jane Porter, CMT'],
    ['records', 'RECORDS', 'Records Desk'],
  ] as const) {
    users[key] = `${key}-${suffix}`;
    await createUser(stack.db, systemActor('test'), { username: users[key], role, password: PASSWORD, displayName });
  }
  // The test database is shared with other test files: a name of this run's own.
  patientName = `Canary Browser${suffix.toUpperCase()}`;
  mrn = await stack.patient(patientName);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('web app, end to end', () => {
  it('shows the sign-in page with Username, Password and Sign in', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${stack.baseUrl}/worklist`);
    await expect(page.getByLabel('Username')).toBeDefined();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot(page, 'sign-in');
    await ctx.close();
  });

  it('a physician uploads a dictation through the UI and sees it become a draft', async () => {
    const page = await signIn(users.physician);
    await page.getByRole('heading', { name: 'New dictation' }).waitFor();
    await page.getByRole('combobox', { name: 'Patient' }).fill(mrn);
    await page.getByRole('option', { name: new RegExp(patientName) }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`MRN ${mrn}`).waitFor();
    const wav = await synthesizeSpeech(SPOKEN, { format: 'wav' });
    await page.setInputFiles('input[type=file]', wav);
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByText(`Uploaded for ${patientName}`).waitFor({ timeout: 20_000 });
    await shot(page, 'physician-upload');

    await page.getByRole('link', { name: 'My dictations' }).click();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.waitFor();
    await row.getByText('Draft ready').waitFor({ timeout: 90_000 });
    await shot(page, 'physician-my-dictations');
    const d = await stack.db.dictation.findFirstOrThrow({ where: { patient: { mrn } }, select: { id: true } });
    dictationId = d.id;
    await page.context().close();
  }, 150_000);

  it('a transcriptionist corrects the draft: waveform, click-to-seek, autosave with timings, expired session', async () => {
    expect(dictationId).not.toBe('');
    const api = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);
    const { body: draft } = await api.json<{ version: number; text: string; words: Word[] }>(
      `/api/v1/dictations/${dictationId}/transcript`,
    );
    expect(draft.version).toBe(1);

    const page = await signIn(users.transcriptionist);
    await page.getByRole('heading', { name: 'Worklist' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.waitFor();
    await shot(page, 'transcriptionist-worklist');
    await row.getByRole('button', { name: `Claim dictation for ${patientName}` }).click();
    await page.waitForURL(`**/edit/${dictationId}`);

    // The draft text, and a waveform with playable audio.
    const editor = page.getByRole('textbox', { name: 'Transcript' });
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toBe(draft.text);
    await page.locator('.waveform').waitFor();
    await expect
      .poll(() => page.evaluate(() => window.__dictumEditor?.player?.audio.readyState ?? 0), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => window.__dictumEditor!.player!.duration)).toBeGreaterThan(3);
    const hasWave = await page.evaluate(() => {
      const host = document.querySelector('.waveform')!;
      const shadow = host.firstElementChild?.shadowRoot;
      return !!(shadow?.querySelector('canvas') ?? host.querySelector('canvas'));
    });
    expect(hasWave).toBe(true);
    await page.getByRole('button', { name: /^Play/ }).click();
    await expect.poll(() => page.evaluate(() => window.__dictumEditor!.player!.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
    await page.getByRole('button', { name: /^Pause/ }).click();

    // Clicking a word seeks the audio to that word's start.
    const k = Math.min(4, draft.words.length - 1);
    const target = draft.words[k]!;
    const box = await page.evaluate((k) => {
      const ed = window.__dictumEditor!.editor!;
      const paras = ed.getParas();
      let pi = 0;
      let wi = k;
      while (wi >= paras[pi]!.words.length) wi -= paras[pi++]!.words.length;
      const r = ed.wordRange(pi, wi)!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, k);
    await page.mouse.click(box.x, box.y);
    const t = await page.evaluate(() => window.__dictumEditor!.player!.audio.currentTime);
    expect(Math.abs(t - target.start)).toBeLessThanOrEqual(0.1);
    await page.waitForTimeout(300);
    await shot(page, 'transcriptionist-editor');

    // Type a correction at the end; autosave makes version 2 whose words keep their timings.
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Corrected by the editor.');
    await page.getByText(/Saved · version 2/).waitFor({ timeout: 15_000 });
    const { body: v2 } = await api.json<{ version: number; text: string; words: Word[]; source: string }>(
      `/api/v1/dictations/${dictationId}/transcript`,
    );
    expect(v2.version).toBe(2);
    expect(v2.source).toBe('edit');
    expect(v2.text).toBe(`${draft.text} Corrected by the editor.`);
    for (const w of v2.words) {
      expect(Number.isFinite(w.start) && Number.isFinite(w.end)).toBe(true);
      expect(w.end).toBeGreaterThanOrEqual(w.start);
    }
    draft.words.forEach((w, i) => {
      expect(v2.words[i]!.text).toBe(w.text);
      expect(v2.words[i]!.start).toBeCloseTo(w.start, 2);
      expect(v2.words[i]!.end).toBeCloseTo(w.end, 2);
    });
    const added = v2.words.slice(draft.words.length);
    expect(added.map((w) => w.text)).toEqual(['Corrected', 'by', 'the', 'editor.']);
    for (const w of added) expect(w.start).toBeGreaterThanOrEqual(draft.words.at(-1)!.end - 1e-3);

    // The session expires: the text stays, sign-in is asked, the save goes through afterwards.
    const user = await stack.db.user.findUniqueOrThrow({ where: { username: users.transcriptionist } });
    await stack.db.session.deleteMany({ where: { userId: user.id } });
    await page.keyboard.type(' Typed after expiry.');
    const dialog = page.getByRole('dialog', { name: 'Your session has expired' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await editor.innerText()).toContain('Typed after expiry.');
    await shot(page, 'transcriptionist-session-expired');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Saved · version 3/).waitFor({ timeout: 15_000 });
    const { body: v3 } = await api.login(users.transcriptionist, PASSWORD).then((c) =>
      c.json<{ version: number; text: string }>(`/api/v1/dictations/${dictationId}/transcript`),
    );
    expect(v3.version).toBe(3);
    expect(v3.text).toContain('Typed after expiry.');

    // Finalize (with confirmation); with no other job waiting, the worklist opens.
    await page.getByRole('button', { name: 'Finalize', exact: true }).click();
    await page.getByRole('dialog', { name: 'Finalize this transcript?' }).getByRole('button', { name: 'Finalize' }).click();
    await page.waitForURL('**/worklist**', { timeout: 15_000 });
    await page.getByText(/Finalized/).first().waitFor();
    await page.context().close();
  }, 150_000);

  it('records staff see the finalized note in the filing queue and file it', async () => {
    const page = await signIn(users.records);
    await page.getByRole('heading', { name: 'Filing queue' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.waitFor({ timeout: 15_000 });
    await shot(page, 'records-filing-queue');
    await row.getByRole('button', { name: /^File document/ }).click();
    await page.getByText(/filed to/).waitFor({ timeout: 15_000 });
    const doc = await stack.db.document.findFirstOrThrow({ where: { dictationId } });
    expect(doc.status).toBe('FILED');
    await page.context().close();
  }, 60_000);
});

