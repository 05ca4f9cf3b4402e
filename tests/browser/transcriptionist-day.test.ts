// A transcriptionist's day (issue 16) in Chromium against the real API and worker: precise audio
// (the play key after clicking a word starts at that word, not auto-rewound; play-selection stops
// at the last selected word's end), a multi-word replacement saved with sound timings, an empty
// draft marked on the worklist as needing manual transcription and refused by Finalize, the
// backlog in minutes, Alt+L without React errors, and axe-core (WCAG 2.1 AA) on the worklist and
// the editor. The engine is the OpenAI-compatible stub; the words and timings under test are a
// transcript saved over HTTP, so they are exact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/e2e-context';
import { HttpClient } from '../support/http-client';
import { lavfiFile } from '../support/media-files';
import { type OpenAiStub, startOpenAiStub } from '../support/openai-stub-server';
import { axeViolations, describeViolations } from './axe';
import {
  buildWebApp,
  createBrowserUsers,
  DESKTOP,
  editorWordCentre,
  finalizeInEditor,
  leaveUnsavedPages,
  PASSWORD,
  selectEditorWords,
  signInPage,
  stopBrowserTest,
  webDistDir,
} from './browser-app';
import { launchChromium } from './chromium';
import { saveScreenshot } from './screenshots';

type W = { text: string; start: number; end: number; confidence: number };

// The draft under test: the example, then words with a pause before "blood".
const WORDS: W[] = (
  [
    ['doctor', 0.99, 1.4],
    ['mark', 1.4, 1.8],
    ['and', 1.8, 2.0],
    ['taking', 2.0, 2.4],
    ['a', 2.4, 2.5],
    ['progress', 2.5, 2.9],
    ['ninth', 2.9, 3.1],
    ['patient', 3.3, 3.8],
    ['is', 3.8, 4.0],
    ['stable', 4.0, 4.6],
    ['today.', 4.6, 5.2],
    ['Blood', 6.0, 6.4],
    ['pressure', 6.4, 7.0],
    ['normal.', 7.0, 7.6],
  ] as const
).map(([text, start, end]) => ({ text, start, end, confidence: 0.95 }));
const TEXT = WORDS.map((w) => w.text).join(' ');
const REPLACEMENT = 'Dr. Morgan dictating a progress note';

let stack: Stack;
let stub: OpenAiStub;
let browser: Browser;
let dist: string;
let work: string;
const suffix = Math.random().toString(36).slice(2, 8);
const users = { physician: `dr-${suffix}`, transcriptionist: `mt-${suffix}` };
const patient = `Canary Dayjob${suffix.toUpperCase()}`;
const silentPatient = `Canary Silent${suffix.toUpperCase()}`;
let dictationId = '';
let emptyId = '';
let mt: HttpClient;
const pageErrors: string[] = [];

async function upload(doctor: HttpClient, mrn: string, file: string) {
  const res = await doctor.uploadDictation(file, {
    patientMrn: mrn,
    workType: 'PROGRESS',
    priority: 'ROUTINE',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { id: string }).id;
}

beforeAll(async () => {
  dist = webDistDir();
  work = mkdtempSync(path.join(tmpdir(), 'dictum-day-'));
  // Twelve seconds of tone (the stub "hears" the fixed transcript in it) and four of silence.
  const tone = path.join(work, 'tone.wav');
  const silence = path.join(work, 'silence.wav');
  await lavfiFile(tone, 'sine=frequency=330:duration=12', ['-ar', '16000', '-ac', '1']);
  await lavfiFile(silence, 'anullsrc=r=16000:cl=mono', ['-t', '4']);
  stub = await startOpenAiStub({ apiKey: 'sk-day', transcript: TEXT });
  const started = startStack({
    ASR_ENGINE: 'openai',
    OPENAI_API_KEY: 'sk-day',
    OPENAI_BASE_URL: stub.url,
    WEB_DIST_DIR: dist,
  });
  [, stack] = await Promise.all([buildWebApp(dist), started]);
  await createBrowserUsers(stack.db, {
    physician: { username: users.physician, role: 'PHYSICIAN' },
    transcriptionist: { username: users.transcriptionist, role: 'TRANSCRIPTIONIST' },
  });
  const doctor = await new HttpClient(stack.baseUrl).login(users.physician, PASSWORD);
  mt = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);

  dictationId = await upload(doctor, await stack.patient(patient), tone);
  // The author's preferences, as an admin keeps them (the admin screen is tested in accessibility.test.ts).
  await stack.db.user.update({
    where: { username: users.physician },
    data: { authorPreferences: 'Spell out all abbreviations.' },
  });
  await stack.waitForStatus(mt, dictationId, ['DRAFT_READY'], 60_000);
  // The words under test, saved as a transcriptionist would (claim, save, release).
  const json = { 'content-type': 'application/json' };
  expect((await mt.json(`/api/v1/dictations/${dictationId}/claim`, { method: 'POST' })).status).toBe(200);
  const saved = await mt.json(`/api/v1/dictations/${dictationId}/transcript`, {
    method: 'PUT',
    headers: { ...json, 'if-match': '"1"' },
    body: JSON.stringify({ text: TEXT, words: WORDS }),
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await mt.json(`/api/v1/dictations/${dictationId}/release`, { method: 'POST' })).status).toBe(200);

  // Silence: the engine hears nothing, and the draft is empty.
  stub.setTranscript('');
  emptyId = await upload(doctor, await stack.patient(silentPatient), silence);
  await stack.waitForStatus(mt, emptyId, ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 60_000);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await stopBrowserTest({ browser, stack });
  await stub?.close();
  for (const d of [dist, work]) if (d) rmSync(d, { recursive: true, force: true });
});

const signIn = () =>
  signInPage(browser, stack.baseUrl, users.transcriptionist, {
    // bypassCSP: the app's CSP (script-src 'self') would refuse the injected axe-core source.
    context: { viewport: DESKTOP, bypassCSP: true },
    init: (ctx) =>
      ctx.addInitScript(() =>
        localStorage.setItem(
          'dictum.settings',
          JSON.stringify({ nextJobAfterFinalize: false, autoRewindSec: 1.5 }),
        ),
      ),
    prepare: (page) => {
      leaveUnsavedPages(page);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
    },
    landed: (page) => page.getByRole('heading', { name: 'Worklist' }).waitFor(),
  });

/** From now, remember where the next playback starts: the position when the audio reports "play". */
const notePlayStart = (page: Page) =>
  page.evaluate(() => {
    const a = window.__dictumEditor!.player!.audio;
    const w = window as unknown as { playedFrom?: number };
    w.playedFrom = undefined;
    a.addEventListener('play', () => (w.playedFrom = a.currentTime), { once: true });
  });
const playStart = (page: Page) =>
  page.evaluate(() => (window as unknown as { playedFrom?: number }).playedFrom);

const audioState = (page: Page) =>
  page.evaluate(() => {
    const a = window.__dictumEditor!.player!.audio;
    return { t: a.currentTime, paused: a.paused };
  });

describe("a transcriptionist's day", () => {
  let page: Page;

  it('the worklist shows minutes waiting, a dictated-at column and the empty draft as needing manual transcription', async () => {
    page = await signIn();
    await page
      .getByTestId('minutes-waiting')
      .getByText(/min waiting/)
      .waitFor();
    const table = page.getByRole('table', { name: /Jobs/ });
    await table.getByRole('columnheader', { name: 'Dictated' }).waitFor();
    const silentRow = table.getByRole('row', { name: new RegExp(silentPatient) });
    await silentRow.getByText(/Needs manual transcription|Manual transcription/).waitFor();
    await saveScreenshot(page, 'transcriptionist-worklist-backlog');
    const v = await axeViolations(page);
    expect(v, describeViolations('worklist', v)).toEqual([]);

    // The same figures from outside, over HTTP.
    const { status, body } = await mt.json<{
      backlog: {
        audioMinutes: number;
        jobs: number;
        needsManualIds: string[];
        byPriority: { priority: string }[];
      };
    }>('/api/v1/worklist/stats');
    expect(status).toBe(200);
    expect(body.backlog.audioMinutes).toBeGreaterThanOrEqual(0.2); // 12 s + 4 s of audio at least
    expect(body.backlog.needsManualIds).toContain(emptyId);
    expect(body.backlog.needsManualIds).not.toContain(dictationId);
    expect(body.backlog.byPriority.map((g) => g.priority)).toEqual(['STAT', 'ROUTINE']);
  });

  it('after earlier playback, clicking a word and pressing the play key starts at that word', async () => {
    await page
      .getByRole('table', { name: /Jobs/ })
      .getByRole('button', { name: `Claim dictation for ${patient}` })
      .click();
    await page.waitForURL(`**/edit/${dictationId}`);
    await expect.poll(() => page.locator('.transcript').textContent(), { timeout: 15_000 }).toBe(TEXT);
    // Job header: date of birth and sex; the author's preferences beside the text.
    await page.getByTestId('patient-dob-sex').getByText('DOB 1950-01-02 · Male').waitFor();
    await page.getByTestId('author-preferences').getByText('Spell out all abbreviations.').waitFor();
    await expect
      .poll(() => page.evaluate(() => window.__dictumEditor?.player?.audio.readyState ?? 0), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
    // Earlier playback: play a moment, pause (a resume now would rewind 1.5 s).
    await page.keyboard.press('F4');
    await expect.poll(async () => (await audioState(page)).t, { timeout: 10_000 }).toBeGreaterThan(0.8);
    await page.keyboard.press('F4');
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);

    const target = WORDS[9]!; // "stable", 4.0 s
    const box = await editorWordCentre(page, 9);
    await page.mouse.click(box.x, box.y);
    await expect.poll(async () => (await audioState(page)).t).toBeCloseTo(target.start, 1);
    await notePlayStart(page);
    await page.keyboard.press('F4');
    await expect.poll(() => playStart(page)).toBeDefined();
    const from = (await playStart(page))!;
    expect(Math.abs(from - target.start)).toBeLessThanOrEqual(0.1);
    await page.keyboard.press('F4');
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);

    // Alt+P (play from the cursor) after that playback starts at the word too.
    await page.mouse.click(box.x, box.y);
    await notePlayStart(page);
    await page.keyboard.press('Alt+P');
    await expect.poll(() => playStart(page)).toBeCloseTo(target.start, 1);
    await page.keyboard.press('F4');
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
  });

  it('clicking below the text does not move the audio to the last word', async () => {
    const before = (await audioState(page)).t;
    const host = await page.locator('.transcript').boundingBox();
    await page.mouse.click(host!.x + 40, host!.y + host!.height - 30);
    await page.waitForTimeout(300);
    expect((await audioState(page)).t).toBeCloseTo(before, 2);
  });

  it('play-selection plays the selected words only and stops at the last one’s end', async () => {
    // Select "patient is stable" (3.3 s → 4.6 s).
    await selectEditorWords(page, 7, 9);
    await page.keyboard.press('Alt+S');
    await expect.poll(async () => (await audioState(page)).paused, { timeout: 5_000 }).toBe(false);
    await expect.poll(async () => (await audioState(page)).paused, { timeout: 10_000 }).toBe(true);
    const end = (await audioState(page)).t;
    expect(Math.abs(end - WORDS[9]!.end)).toBeLessThanOrEqual(0.2);
  });

  it('Alt+L toggles the low-confidence marks without a React error', async () => {
    const errorsBefore = pageErrors.length;
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Alt+L');
    await page.waitForTimeout(200);
    expect(
      pageErrors.slice(errorsBefore).filter((e) => /while rendering|Cannot update a component/.test(e)),
    ).toEqual([]);
  });

  it('a multi-word replacement keeps the replaced span, time order and positive spans once saved', async () => {
    await selectEditorWords(page, 0, 6);
    await page.keyboard.type(REPLACEMENT);
    await page.keyboard.press('Control+S');
    // Autosave may have stored a version while typing; the last save holds the whole replacement.
    const expected = `${REPLACEMENT} ${WORDS.slice(7)
      .map((w) => w.text)
      .join(' ')}`;
    const read = async () =>
      (
        await mt.json<{ version: number; text: string; words: W[] }>(
          `/api/v1/dictations/${dictationId}/transcript`,
        )
      ).body;
    await expect.poll(async () => (await read()).text, { timeout: 20_000 }).toBe(expected);
    await page.getByText(/^Saved · version \d+/).waitFor({ timeout: 15_000 });
    const body = await read();
    expect(body.version).toBeGreaterThanOrEqual(3);
    const ws = body.words;
    for (const [i, w] of ws.entries()) {
      expect(w.end, `${w.text}`).toBeGreaterThan(w.start);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(ws[i - 1]!.end - 1e-3);
    }
    expect(ws[0]).toMatchObject({ text: 'Dr.', start: 0.99 });
    expect(ws[5]).toMatchObject({ text: 'note' });
    expect(ws[5]!.end).toBeCloseTo(3.1, 3);
    // Spread by length: "dictating" gets more time than "Morgan", which gets more than "a".
    const dur = (i: number) => ws[i]!.end - ws[i]!.start;
    expect(dur(2)).toBeGreaterThan(dur(1));
    expect(dur(1)).toBeGreaterThan(dur(3));
    // The words after it keep their own timings.
    expect(ws.slice(6)).toEqual(WORDS.slice(7));
  });

  it('a personal text expander and a normal, added in the editor, are used at once', async () => {
    const panel = page.getByRole('region', { name: 'My and the author’s expanders' });
    await panel.getByLabel('Abbreviation').fill('pmh');
    await panel.getByLabel('Expands to').fill('past medical history');
    await panel.getByRole('button', { name: 'Add expander' }).click();
    await panel.getByText('past medical history').waitFor();
    // At the end of the text: type the abbreviation and a space.
    await page.evaluate(() => {
      const ed = window.__dictumEditor!.editor!;
      const root = ed.root;
      const tn = root.lastElementChild!.firstChild!;
      root.focus();
      getSelection()!.collapse(tn, (tn as Text).length);
    });
    await page.keyboard.type(' pmh ');
    await expect
      .poll(() => page.locator('.transcript').textContent())
      .toMatch(/normal\. past medical history $/);
    // Save "past medical history" as my normal for this work type, then insert it with Alt+R.
    await page.evaluate(() => {
      const ed = window.__dictumEditor!.editor!;
      const tn = ed.root.lastElementChild!.firstChild as Text;
      const at = tn.data.indexOf('past medical history');
      ed.root.focus();
      getSelection()!.setBaseAndExtent(tn, at, tn, at + 'past medical history'.length);
    });
    await panel.getByRole('button', { name: 'Save selection as normal' }).click();
    await panel.getByText('Normal', { exact: true }).waitFor();
    await page.evaluate(() => {
      const ed = window.__dictumEditor!.editor!;
      const tn = ed.root.lastElementChild!.firstChild as Text;
      ed.root.focus();
      getSelection()!.collapse(tn, tn.length);
    });
    await page.keyboard.press('Alt+R');
    await expect
      .poll(() => page.locator('.transcript').textContent())
      .toMatch(/past medical history past medical history$/);
  });

  it('the editor passes axe (WCAG 2.1 AA)', async () => {
    await saveScreenshot(page, 'transcriptionist-editor-tools');
    const v = await axeViolations(page);
    expect(v, describeViolations('editor', v)).toEqual([]);
  });

  it('an empty draft opens as a manual job and cannot be finalized empty', async () => {
    // Finish the first job: what was finalized (patient, work type, lines) shows before anything opens.
    const done = await finalizeInEditor(page);
    await done.getByText(patient).waitFor({ timeout: 15_000 });
    await done.getByText('Progress note').waitFor();
    await expect
      .poll(async () => Number(await done.getByTestId('done-lines').textContent()))
      .toBeGreaterThanOrEqual(1);
    await done.getByRole('button', { name: 'Back to the worklist' }).click();
    await page.getByRole('heading', { name: 'Worklist' }).waitFor();
    await page
      .getByTestId('my-today')
      .getByText(/[1-9]\d* lines, 1 job$/)
      .waitFor();
    await page
      .getByRole('table', { name: /Jobs/ })
      .getByRole('button', { name: `Claim dictation for ${silentPatient}` })
      .click();
    await page.waitForURL(`**/edit/${emptyId}`);
    await page
      .locator('.jobbar')
      .getByText(/Needs manual transcription/)
      .waitFor();
    await page.getByRole('button', { name: 'Finalize' }).click();
    await page
      .getByRole('alert')
      .getByText(/Cannot finalize an empty transcript/)
      .waitFor();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('dialog', { name: 'Finalize this transcript?' }).isVisible()).resolves.toBe(
      false,
    );
    const { body } = await mt.json<{ status: string; documentId: string | null }>(
      `/api/v1/dictations/${emptyId}`,
    );
    expect(body).toMatchObject({ status: 'IN_EDIT', documentId: null });
  });
});
