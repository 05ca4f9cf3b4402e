// The web app in Chromium against the real API and worker (local speech engine): a physician
// uploads through the UI, a transcriptionist finds the job in the worklist, corrects the draft
// against the audio (autosave, word timings kept, click-to-seek), survives an expired session,
// finalizes; records staff file the note. Screenshots of each screen go to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../e2e/e2e-context';
import { HttpClient } from '../support/http-client';
import { synthesizeSpeech } from '../support/synthesize-speech';
import {
  createBrowserUsers,
  DESKTOP,
  editorWordCentre,
  finalizeInEditor,
  leaveUnsavedPages,
  mainNavigation,
  PASSWORD,
  roleUsers,
  signInPage,
  signReport,
  startWebStack,
  stopBrowserTest,
} from './browser-app';
import { launchChromium } from './chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// Committed screenshots are refreshed on purpose (UPDATE_SCREENSHOTS=1); ordinary runs write to a
// temporary folder so the test never rewrites files in the work tree.
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repo, 'docs/screenshots')
    : path.join(tmpdir(), 'dictum-screenshots');
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
let otherPatient = '';
let signPatient = '';
let signMrn = '';

const signIn = (username: string, settings?: Record<string, unknown>) =>
  signInPage(browser, stack.baseUrl, username, {
    init: async (ctx) => {
      if (!settings) return;
      await ctx.addInitScript((s) => {
        if (!localStorage.getItem('dictum.settings')) localStorage.setItem('dictum.settings', s);
      }, JSON.stringify(settings));
    },
    prepare: leaveUnsavedPages,
    landed: mainNavigation,
  });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ dist, stack } = await startWebStack({ ASR_ENGINE: 'local' }));
  const suffix = Math.random().toString(36).slice(2, 8);
  const created = await createBrowserUsers(
    stack.db,
    roleUsers(suffix, {
      physician: 'Dr. Maria Alvarez',
      transcriptionist: 'Jane Porter, CMT',
      records: 'Records Desk',
    }),
  );
  for (const key of ['physician', 'transcriptionist', 'records'] as const) users[key] = created[key].username;
  // The test database is shared with other test files: a name of this run's own.
  patientName = `Canary Browser${suffix.toUpperCase()}`;
  mrn = await stack.patient(patientName);
  otherPatient = `Canary Recorder${suffix.toUpperCase()}`;
  await stack.patient(otherPatient);
  signPatient = `Canary Signature${suffix.toUpperCase()}`;
  signMrn = await stack.patient(signPatient);
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

describe('web app, end to end', () => {
  it('shows the sign-in page with Username, Password and Sign in', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await page.goto(`${stack.baseUrl}/worklist`);
    await page.getByLabel('Username').waitFor();
    await page.getByLabel('Password').waitFor();
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

    // Recording in the browser (Chromium's fake microphone), for another patient: record, pause,
    // resume, stop, listen, send.
    await page.getByRole('button', { name: /^Change patient/ }).click();
    await page.getByRole('combobox', { name: 'Patient' }).fill(otherPatient);
    await page.getByRole('option', { name: new RegExp(otherPatient) }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForTimeout(1200);
    // Chromium's fake microphone beeps with silence in between: the meter must show the beeps,
    // not be above zero at one chosen instant.
    await expect
      .poll(
        async () =>
          Number(await page.getByRole('meter', { name: 'Input level' }).getAttribute('aria-valuenow')),
        { timeout: 5_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    await shot(page, 'physician-recording');
    await page.getByRole('button', { name: 'Stop' }).click();
    const preview = page.getByLabel('Play back the recording');
    await preview.waitFor();
    await expect
      .poll(() => preview.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Send dictation' }).click();
    await page.getByText('Dictation sent.').waitFor({ timeout: 20_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.waitFor();
    await row.getByText('Draft ready').waitFor({ timeout: 90_000 });
    await shot(page, 'physician-my-dictations');
    const d = await stack.db.dictation.findFirstOrThrow({
      where: { patient: { mrn } },
      select: { id: true },
    });
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

    // Other test files share the database (and so the worklist): do not open their jobs next.
    const page = await signIn(users.transcriptionist, { nextJobAfterFinalize: false });
    await page.getByRole('heading', { name: 'Worklist' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.waitFor();
    await shot(page, 'transcriptionist-worklist');
    await row.getByRole('button', { name: `Claim dictation for ${patientName}` }).click();
    await page.waitForURL(`**/edit/${dictationId}`);

    // The draft text, and a waveform with playable audio.
    const editor = page.getByRole('textbox', { name: 'Transcript' });
    await expect.poll(() => editor.textContent(), { timeout: 15_000 }).toBe(draft.text);
    await page.locator('.waveform').waitFor();
    await expect
      .poll(() => page.evaluate(() => window.__dictumEditor?.player?.audio.readyState ?? 0), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => window.__dictumEditor!.player!.duration)).toBeGreaterThan(3);
    const hasWave = await page.evaluate(() => {
      const host = document.querySelector('.waveform')!;
      const shadow = host.firstElementChild?.shadowRoot;
      return !!(shadow?.querySelector('canvas') ?? host.querySelector('canvas'));
    });
    expect(hasWave).toBe(true);
    await page.getByRole('button', { name: /^Play/ }).click();
    await expect
      .poll(() => page.evaluate(() => window.__dictumEditor!.player!.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(0.2);
    await page.getByRole('button', { name: /^Pause/ }).click();

    // Clicking a word seeks the audio to that word's start.
    const k = Math.min(4, draft.words.length - 1);
    const target = draft.words[k]!;
    const box = await editorWordCentre(page, k);
    await page.mouse.click(box.x, box.y);
    const t = await page.evaluate(() => window.__dictumEditor!.player!.audio.currentTime);
    expect(Math.abs(t - target.start)).toBeLessThanOrEqual(0.1);
    await page.waitForTimeout(300);
    await shot(page, 'transcriptionist-editor');

    // Hotkeys: F10/F9 change the speed (pitch kept), F7 rewinds, F4 resumes with auto-rewind.
    const audio = () =>
      page.evaluate(() => {
        const a = window.__dictumEditor!.player!.audio;
        return { t: a.currentTime, rate: a.playbackRate, pitch: a.preservesPitch, paused: a.paused };
      });
    await page.keyboard.press('F10');
    expect(await audio()).toMatchObject({ rate: 1.1, pitch: true });
    await page.getByText('1.1×').waitFor();
    await page.keyboard.press('F9');
    expect((await audio()).rate).toBe(1);
    await page.evaluate(() => {
      window.__dictumEditor!.player!.audio.currentTime = 6;
    });
    await page.keyboard.press('F7');
    expect((await audio()).t).toBeCloseTo(3, 1);
    // F7 is an explicit seek: playing starts where it put the audio, not another 1.5 s back (issue 16).
    await page.keyboard.press('F4');
    const resumed = await audio();
    expect(resumed.paused).toBe(false);
    expect(resumed.t).toBeGreaterThanOrEqual(2.9);
    expect(resumed.t).toBeLessThan(3.6);
    // Resuming a pause rewinds 1.5 s.
    await expect.poll(async () => (await audio()).t, { timeout: 10_000 }).toBeGreaterThan(3.8);
    await page.keyboard.press('F4');
    const pausedAt = (await audio()).t;
    await page.keyboard.press('F4');
    const again = await audio();
    expect(again.paused).toBe(false);
    expect(again.t).toBeLessThan(pausedAt - 1.2); // 1.5 s back, plus a few ms of playing
    await page.keyboard.press('F4');
    expect((await audio()).paused).toBe(true);

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

    // Offline: saving fails, the text is kept in this browser, and it survives a reload (restored
    // from localStorage, or saved by the last attempt as the page closed, if that got through).
    const saves = '**/api/v1/dictations/*/transcript';
    await page.route(saves, (route) =>
      route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Kept across reload.');
    await page.getByText('Not saved: retrying').waitFor({ timeout: 15_000 });
    await page.getByText(/Saving failed/).waitFor();
    // Kept in this browser, but only as ciphertext: the key lives in page memory, given by the session.
    const kept = await page.evaluate(() => {
      const k = Object.keys(localStorage).find((x) => x.startsWith('dictum.draft.'));
      return k ? localStorage.getItem(k) : null;
    });
    expect(kept).not.toBeNull();
    expect(kept).not.toContain('Kept across reload');
    expect(kept).not.toContain('Corrected');
    await page.unroute(saves);
    await page.reload();
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toContain('Kept across reload.');
    await page.getByText(/Saved · version 3/).waitFor({ timeout: 20_000 });
    const { body: v3 } = await api.json<{ text: string }>(`/api/v1/dictations/${dictationId}/transcript`);
    expect(v3.text).toBe(`${draft.text} Corrected by the editor. Kept across reload.`);

    // Someone else saves meanwhile: the next autosave gets 412, the local text is kept and the
    // conflict is shown; "Save my text" makes a new version on top.
    const other = await api.json(`/api/v1/dictations/${dictationId}/transcript`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '"3"' },
      body: JSON.stringify({
        text: 'Replaced elsewhere.',
        words: [
          { text: 'Replaced', start: 0, end: 0.5, confidence: 1 },
          { text: 'elsewhere.', start: 0.5, end: 1, confidence: 1 },
        ],
      }),
    });
    expect(other.status).toBe(200);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Mine.');
    await page.getByText('This transcript was changed elsewhere').waitFor({ timeout: 15_000 });
    expect(await editor.innerText()).toContain('Kept across reload. Mine.');
    await shot(page, 'transcriptionist-conflict');
    await page.getByRole('button', { name: 'Save my text as the new version' }).click();
    await page.getByText(/Saved · version 5/).waitFor({ timeout: 15_000 });
    const { body: v5 } = await api.json<{ text: string }>(`/api/v1/dictations/${dictationId}/transcript`);
    expect(v5.text).toBe(await editor.innerText());

    // The session expires: the text stays, sign-in is asked, the save goes through afterwards.
    const user = await stack.db.user.findUniqueOrThrow({ where: { username: users.transcriptionist } });
    await stack.db.session.deleteMany({ where: { userId: user.id } });
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Typed after expiry.');
    const dialog = page.getByRole('dialog', { name: 'Your session has expired' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await editor.innerText()).toContain('Typed after expiry.');
    await shot(page, 'transcriptionist-session-expired');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Saved · version 6/).waitFor({ timeout: 15_000 });
    const api2 = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);
    const { body: v6 } = await api2.json<{ version: number; text: string; words: Word[] }>(
      `/api/v1/dictations/${dictationId}/transcript`,
    );
    expect(v6.version).toBe(6);
    expect(v6.text).toContain('Typed after expiry.');

    // A blank (F2) anchored to the audio position; finalize is refused while it is open.
    await page.evaluate(() => {
      window.__dictumEditor!.player!.audio.currentTime = 2;
    });
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('F2');
    const blankDialog = page.getByRole('dialog', { name: 'Insert blank' });
    await blankDialog.getByLabel('Note (optional)').fill('drug name unclear');
    await blankDialog.getByRole('button', { name: 'Insert blank' }).click();
    await page.getByRole('button', { name: 'Route to author' }).waitFor();
    await expect.poll(() => editor.innerText()).toContain('___');
    await page.getByRole('button', { name: 'Finalize', exact: true }).click();
    await page.getByText(/Cannot finalize: 1 blank is open/).waitFor();
    await page.getByText(/Saved · version 7/).waitFor({ timeout: 15_000 });
    await shot(page, 'transcriptionist-blank');
    const { body: v7 } = await api2.json<{ words: Word[] }>(`/api/v1/dictations/${dictationId}/transcript`);
    const blankWord = v7.words.find((w) => w.text === '___')!;
    expect(blankWord.start).toBeCloseTo(2, 1);
    await page.getByRole('button', { name: 'Route to author' }).click();
    await page.getByText('Sent to author').waitFor();
    const { body: blanks } = await api2.json<{ id: string; status: string; note: string }[]>(
      `/api/v1/dictations/${dictationId}/blanks`,
    );
    expect(blanks).toEqual([
      expect.objectContaining({ status: 'ROUTED_TO_AUTHOR', note: 'drug name unclear' }),
    ]);
    // The answer comes back; typing over the ___ resolves the blank on the next save.
    await page.getByRole('button', { name: /^Go to blank/ }).click();
    await page.keyboard.type('metformin');
    await page.getByText('No open blanks.').waitFor({ timeout: 15_000 });
    const { body: after } = await api2.json<{ status: string }[]>(`/api/v1/dictations/${dictationId}/blanks`);
    expect(after.map((b) => b.status)).toEqual(['RESOLVED']);

    // Finalize (with confirmation); with no other job waiting, the worklist opens.
    // What was finalized is confirmed before anything else opens (issue 16).
    const done = await finalizeInEditor(page);
    await done.getByText(patientName).waitFor({ timeout: 15_000 });
    await done.getByRole('button', { name: 'Back to the worklist' }).click();
    await page.waitForURL('**/worklist**', { timeout: 15_000 });
    await page
      .getByText(/Finalized/)
      .first()
      .waitFor();
    await page.getByRole('link', { name: 'Hotkeys & pedal' }).click();
    await page.getByRole('heading', { name: 'Hotkeys & foot pedal' }).waitFor();
    await shot(page, 'transcriptionist-hotkeys');
    await page.context().close();
  }, 150_000);

  it('the physician reads the finalized report', async () => {
    const page = await signIn(users.physician);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    const row = page.getByRole('row', { name: new RegExp(patientName) });
    await row.getByRole('link', { name: 'View report' }).click();
    await page.getByRole('heading', { name: new RegExp(patientName) }).waitFor();
    await page.getByText('Corrected by the editor.', { exact: false }).waitFor();
    await shot(page, 'physician-report');
    await page.context().close();
  }, 60_000);

  it('a physician signs a report whose work type needs the signature', async () => {
    const phys = await new HttpClient(stack.baseUrl).login(users.physician, PASSWORD);
    const tx = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);
    const { body: workTypes } =
      await phys.json<{ code: string; requiresSignature: boolean }[]>('/api/v1/work-types');
    const wt = workTypes.find((w) => w.requiresSignature)!;
    const wav = await synthesizeSpeech('history and physical. the patient is doing well.', { format: 'wav' });
    const up = await phys.uploadDictation(wav, {
      patientMrn: signMrn,
      workType: wt.code,
      priority: 'ROUTINE',
    });
    expect(up.status).toBe(201);
    await stack.waitForStatus(phys, up.body.id, ['DRAFT_READY'], 90_000);
    expect((await tx.json(`/api/v1/dictations/${up.body.id}/claim`, { method: 'POST' })).status).toBe(200);
    expect((await tx.json(`/api/v1/dictations/${up.body.id}/finalize`, { method: 'POST' })).status).toBe(200);

    const page = await signIn(users.physician);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    const row = page.getByRole('row', { name: new RegExp(signPatient) });
    await row.getByRole('link', { name: 'Review & sign' }).click();
    await page.getByRole('button', { name: 'Sign report' }).waitFor();
    await shot(page, 'physician-review-and-sign');
    await signReport(page);
    const { body: d } = await phys.json<{ status: string }>(`/api/v1/dictations/${up.body.id}`);
    expect(d.status).toBe('SIGNED');
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
