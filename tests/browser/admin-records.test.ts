// The admin and records screens in Chromium against the real API and worker: an administrator signs
// in with a second factor (enrolled through the UI), creates a user (a weak password is refused with
// the server's words), issues an API token (shown once, usable) and revokes it, and filters the
// audit log by username. Records staff take a finalized note from "Ready to file", reassign it to the
// right patient, file it, watch the drop-folder delivery reach SENT (and retry a failed one), add an
// addendum, and find note and addendum on the patient record. Screenshots: ./screenshots.ts.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/e2e-context';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { HttpClient } from '../support/http-client';
import {
  buildWebApp,
  createBrowserUsers,
  finalizeOverHttp,
  PASSWORD,
  roleUsers,
  STAFF_NAMES,
  signInPage,
  stopBrowserTest,
  usernames,
  webDistDir,
} from './browser-app';
import { launchChromium } from './chromium';
import { saveScreenshot } from './screenshots';

const NOTE =
  'SUBJECTIVE\nFollow-up of hypertension. Blood pressure is well controlled on lisinopril.\n\nPLAN\nContinue the current dose.';
const ADDENDUM = 'Addendum: potassium 4.1 mmol/L, within normal limits.';

let stack: Stack;
let browser: Browser;
let dist: string;
let dropFolder: string;
const suffix = Math.random().toString(36).slice(2, 8);
const staff = roleUsers(suffix, {
  ...STAFF_NAMES,
  transcriptionist: 'Tom Reed, CMT',
  physician: 'Dr. Paula Grant',
});
const users = usernames(staff);
const wrongPatient = `Canary Wrongchart${suffix.toUpperCase()}`;
const rightPatient = `Canary Rightchart${suffix.toUpperCase()}`;
let wrongMrn = '';
let rightMrn = '';
let documentId = '';
let documentNumber = '';
/** Everything the pages wrote to the console, to check that no patient data went there. */
const consoleLines: string[] = [];

const signIn = (username: string) =>
  signInPage(browser, stack.baseUrl, username, {
    prepare: (page) => page.on('console', (m) => consoleLines.push(m.text())),
  });

/** How long each step took, printed at the end. */
const timings: [string, number][] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Math.round(performance.now() - t0)]);
  }
}

beforeAll(async () => {
  await timed('build web + start stack', async () => {
    dist = webDistDir();
    dropFolder = mkdtempSync(path.join(tmpdir(), 'dictum-drop-'));
    const started = startStack({ ASR_ENGINE: 'none', WEB_DIST_DIR: dist, DROP_FOLDER: dropFolder });
    [, stack] = await Promise.all([buildWebApp(dist), started]);
    const ids = await createBrowserUsers(stack.db, staff);
    wrongMrn = await stack.patient(wrongPatient);
    rightMrn = await stack.patient(rightPatient);

    // A finalized note, dictated under the wrong patient: a draft as the worker leaves it, then the
    // transcriptionist's real API path (claim, save, finalize).
    const dictationId = await draftReadyDictation(stack.db, {
      authorId: ids.physician.id,
      patientMrn: wrongMrn,
    });
    const mt = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);
    documentId = await finalizeOverHttp(mt, dictationId, NOTE);
    documentNumber = (await stack.db.document.findUniqueOrThrow({ where: { id: documentId } })).number;
    browser = await launchChromium();
  });
}, 120_000);

afterAll(async () => {
  await stopBrowserTest({ browser, stack, dirs: [dist, dropFolder] });
  console.info(`admin-records timings (ms): ${timings.map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

describe('admin and records screens', () => {
  it('an admin enrols a second factor, manages a user and a token, and reads the audit log', async () => {
    const page = await timed('admin: sign in with TOTP', async () => {
      const page = await signIn(users.admin);
      // First sign-in of an ADMIN: enrol the authenticator through the UI, then enter its code.
      const secret = (await page.locator('.mfa-secret').textContent({ timeout: 10_000 }))!.trim();
      await page.getByLabel('Authentication code').fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      return page;
    });
    const admin = page.getByRole('navigation', { name: 'Administration' });

    await timed('admin: dashboard', async () => {
      const figures = page.getByRole('list', { name: 'Key figures' });
      await figures.getByText('Overdue STAT').waitFor();
      await figures.getByText('Finalized today').waitFor();
      await page.getByRole('heading', { name: 'Dictations by status' }).waitFor();
      await page.getByText(/refreshes every 30 s/).waitFor();
      await saveScreenshot(page, 'admin-dashboard');
    });

    const newUser = `newmt-${suffix}`;
    await timed('admin: create user', async () => {
      await admin.getByRole('link', { name: 'Users & tokens' }).click();
      await page.getByRole('heading', { name: 'Users & API tokens' }).waitFor();
      const form = page.getByRole('region', { name: 'Create user' });
      await form.getByLabel('Username').fill(newUser);
      await form.getByLabel('Display name').fill('Nora New');
      await form.getByLabel('Role').selectOption('TRANSCRIPTIONIST');
      await form.getByLabel('Initial password').fill('too-short');
      await form.getByRole('button', { name: 'Create user' }).click();
      // The server's 422 WEAK_PASSWORD message, as it sent it.
      await form
        .getByRole('alert')
        .getByText('Password not accepted: passwords need at least 12 characters')
        .waitFor();
      await form.getByLabel('Initial password').fill('a-much-longer-passphrase');
      await form.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('status').getByText(`User ${newUser} (Transcriptionist) created.`).waitFor();
      await page
        .getByRole('table', { name: 'Users' })
        .getByRole('row', { name: new RegExp(newUser) })
        .waitFor();
      const row = await stack.db.user.findUniqueOrThrow({ where: { username: newUser } });
      expect(row.role).toBe('TRANSCRIPTIONIST');
    });

    let token = '';
    await timed('admin: issue and revoke a token', async () => {
      await page.getByRole('button', { name: `Issue API token for ${newUser}` }).click();
      const dialog = page.getByRole('dialog', { name: `API token for ${newUser}` });
      await dialog.getByLabel('Token name').fill('Ward 4 dock');
      await dialog.getByRole('button', { name: 'Issue token' }).click();
      await dialog.getByText('It is shown only once').waitFor();
      token = await dialog.getByLabel('API token', { exact: true }).inputValue();
      expect(token).toMatch(/^dct_/);
      await dialog.getByRole('button', { name: 'Copy' }).click();
      await dialog.getByRole('button', { name: 'Copied' }).waitFor();
      await saveScreenshot(page, 'admin-token-issued');
      const me = (t: string) =>
        fetch(`${stack.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${t}` } });
      expect((await me(token)).status).toBe(200);
      await dialog.getByRole('button', { name: 'Done' }).click();

      const tokens = page.getByRole('table', { name: 'API tokens' });
      const tokenRow = tokens.getByRole('row', { name: /Ward 4 dock/ });
      await tokenRow.getByText('Active').waitFor();
      expect(await tokenRow.textContent()).not.toContain(token); // only the prefix is listed
      await tokenRow.getByRole('button', { name: `Revoke token Ward 4 dock of ${newUser}` }).click();
      await page
        .getByRole('dialog', { name: 'Revoke token “Ward 4 dock”?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
      await tokenRow.getByText('Revoked').waitFor();
      expect((await me(token)).status).toBe(401);
      await saveScreenshot(page, 'admin-users');
    });

    await timed('admin: audit log by username', async () => {
      await admin.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const filters = page.getByRole('form', { name: 'Audit log filters' });
      await filters.getByLabel('Username').fill(users.admin);
      const searched = page.waitForResponse(
        (r) => r.url().includes('/api/v1/admin/audit?') && r.url().includes(`username=${users.admin}`),
      );
      await filters.getByRole('button', { name: 'Search' }).click();
      expect((await searched).status()).toBe(200);
      const table = page.getByRole('table', { name: 'Audit events, newest first' });
      // The unfiltered list shown on opening is replaced by the filtered one: only this admin's rows.
      const usernames = () => table.locator('tbody tr td:nth-child(2)').allTextContents();
      await expect
        .poll(async () => [...new Set(await usernames())], { timeout: 10_000 })
        .toEqual([users.admin]);
      for (const action of ['auth.token_revoked', 'auth.token_created', 'user.created', 'auth.mfa_enrolled'])
        await table.getByText(action, { exact: true }).first().waitFor();
      expect((await usernames()).length).toBeGreaterThan(3);
      // Newest first: the revocation comes before the creation of the token.
      const actions = await table.locator('tbody tr td:nth-child(4)').allTextContents();
      expect(actions.indexOf('auth.token_revoked')).toBeLessThan(actions.indexOf('auth.token_created'));
      await saveScreenshot(page, 'admin-audit-log');
    });

    await timed('admin: work types, expanders, vocabulary, quality', async () => {
      await admin.getByRole('link', { name: 'Work types' }).click();
      await page.getByRole('table', { name: 'Work types' }).getByText('PROGRESS', { exact: true }).waitFor();
      await saveScreenshot(page, 'admin-work-types');

      await admin.getByRole('link', { name: 'Text expanders' }).click();
      const exp = page.getByRole('region', { name: 'Add expander' });
      await exp.getByLabel('Abbreviation').fill('.nkda');
      await exp.getByLabel('Expansion').fill('No known drug allergies.');
      await exp.getByRole('button', { name: 'Add' }).click();
      await page
        .getByRole('table', { name: 'Text expanders' })
        .getByText('No known drug allergies.')
        .waitFor();

      await admin.getByRole('link', { name: 'Vocabulary' }).click();
      const voc = page.getByRole('region', { name: 'Add term' });
      await voc.getByLabel('Term').fill('metoprolol');
      await voc.getByLabel('Category').fill('formulary');
      await voc.getByLabel('Pronunciation (optional)').fill('met oh pro lol');
      await voc.getByRole('button', { name: 'Add term' }).click();
      await page.getByRole('table', { name: 'Vocabulary terms' }).getByText('met oh pro lol').waitFor();

      await admin.getByRole('link', { name: 'Draft quality' }).click();
      await page.getByRole('heading', { name: 'Draft quality' }).waitFor();
      const quality = page.getByRole('table', { name: 'Draft quality by engine' });
      await quality.waitFor();
      // The editor's flag, judged on the notes signed off: how often a flagged word was wrong.
      await quality.getByRole('columnheader', { name: 'Flagged and wrong' }).waitFor();
      await quality.getByRole('columnheader', { name: 'Wrong words flagged' }).waitFor();
    });
    await page.context().close();
  }, 60_000);

  it('records staff reassign, file and amend a note, and find both on the patient record', async () => {
    const page = await timed('records: sign in', async () => {
      const page = await signIn(users.records);
      await page.getByRole('heading', { name: 'Filing queue' }).waitFor();
      return page;
    });

    await timed('records: ready to file → document view', async () => {
      expect(await page.getByRole('tab', { name: 'Ready to file' }).getAttribute('aria-selected')).toBe(
        'true',
      );
      const row = page.getByRole('tabpanel').getByRole('row', { name: new RegExp(wrongPatient) });
      await row.waitFor();
      await saveScreenshot(page, 'records-queue-ready');
      await row.getByRole('link', { name: `Open document ${documentNumber} for ${wrongPatient}` }).click();
      await page.getByRole('heading', { name: `Document ${documentNumber}` }).waitFor();
      await page
        .getByLabel('Note text')
        .getByText('well controlled on lisinopril', { exact: false })
        .waitFor();
    });

    await timed('records: reassign patient', async () => {
      await page.getByRole('button', { name: 'Reassign patient' }).click();
      await page.getByRole('combobox', { name: 'Correct patient' }).fill(rightMrn);
      await page.getByRole('option', { name: new RegExp(rightPatient) }).waitFor();
      await page.keyboard.press('Enter');
      await saveScreenshot(page, 'records-reassign');
      await page.getByRole('button', { name: 'Save patient' }).click();
      await page.getByRole('status').getByText(`Reassigned to ${rightPatient} (MRN ${rightMrn}).`).waitFor();
      const doc = await stack.db.document.findUniqueOrThrow({
        where: { id: documentId },
        include: { patient: true },
      });
      expect(doc.patient.mrn).toBe(rightMrn);
    });

    await timed('records: file, delivery SENT', async () => {
      await page.getByRole('button', { name: 'File', exact: true }).click();
      await page
        .getByRole('dialog', { name: `File document ${documentNumber}?` })
        .getByRole('button', { name: 'File' })
        .click();
      await page.getByRole('status').getByText(`Filed to ${rightPatient}'s record`).waitFor();
      const deliveries = page.getByRole('region', { name: 'EHR delivery' });
      await deliveries.getByText('Drop folder').waitFor();
      await deliveries.getByText('SENT', { exact: true }).waitFor({ timeout: 20_000 });
      expect(existsSync(path.join(dropFolder, `${documentNumber}.hl7`))).toBe(true);
      await saveScreenshot(page, 'records-document');
    });

    await timed('records: failed delivery retried from the Filed tab', async () => {
      // A receiver outage, as the worker leaves it after its last attempt: FAILED with a reason code.
      await stack.db.delivery.updateMany({
        where: { documentId },
        data: {
          status: 'FAILED',
          lastError: 'FOLDER_WRITE_FAILED: could not write to the drop folder (EACCES)',
        },
      });
      await page.getByRole('link', { name: '← Filing queue' }).click();
      await page.getByRole('tab', { name: 'Filed' }).click();
      const row = page.getByRole('tabpanel').getByRole('row', { name: new RegExp(rightPatient) });
      await row.getByText('FAILED', { exact: true }).waitFor();
      await row.getByText(/Last error: FOLDER_WRITE_FAILED/).waitFor();
      await saveScreenshot(page, 'records-queue-filed-failed');
      await row
        .getByRole('button', { name: `Retry Drop folder delivery of document ${documentNumber}` })
        .click();
      await row.getByText('SENT', { exact: true }).waitFor({ timeout: 20_000 });
      await saveScreenshot(page, 'records-queue-filed');
    });

    let addendumNumber = '';
    await timed('records: addendum', async () => {
      await page
        .getByRole('tabpanel')
        .getByRole('link', { name: `Open document ${documentNumber} for ${rightPatient}` })
        .click();
      await page.getByRole('button', { name: 'Add addendum' }).click();
      const dialog = page.getByRole('dialog', { name: `Addendum to ${documentNumber}` });
      await dialog.getByLabel('Addendum text').fill(ADDENDUM);
      await dialog.getByLabel('Reason').fill('Lab result arrived');
      await dialog.getByRole('button', { name: 'File addendum' }).click();
      const status = page.getByRole('status').getByText(/^Addendum .* filed and sent to the EHR\./);
      await status.waitFor();
      addendumNumber = /^Addendum (\S+) filed/.exec((await status.textContent())!)![1]!;
      const add = await stack.db.document.findFirstOrThrow({ where: { parentId: documentId } });
      expect(add).toMatchObject({
        kind: 'ADDENDUM',
        status: 'FILED',
        number: addendumNumber,
        text: ADDENDUM,
      });
    });

    let replacementNumber = '';
    await timed('records: replacement', async () => {
      await page.getByRole('button', { name: 'Replace' }).click();
      const dialog = page.getByRole('dialog', { name: `Replace ${documentNumber}` });
      const text = dialog.getByLabel('Replacement text');
      expect(await text.inputValue()).toBe(NOTE); // starts from the filed text
      await text.fill(NOTE.replace('Continue the current dose.', 'Reduce lisinopril to 10 mg daily.'));
      await dialog.getByLabel('Reason').fill('Dose changed at the visit');
      await dialog.getByRole('button', { name: 'File replacement' }).click();
      const status = page.getByRole('status').getByText(/^Replacement .* filed and sent to the EHR\./);
      await status.waitFor();
      replacementNumber = /^Replacement (\S+) filed/.exec((await status.textContent())!)![1]!;
      // This version is now superseded: no more amending it.
      await page.getByText(/Superseded .* by a replacement/).waitFor();
      expect(await page.getByRole('button', { name: 'Add addendum' }).count()).toBe(0);
    });

    await timed('records: patient record', async () => {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Patient record' })
        .click();
      await page.getByRole('combobox', { name: 'Find patient' }).fill(rightMrn);
      await page.getByRole('option', { name: new RegExp(rightPatient) }).waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: rightPatient, level: 2 }).waitFor();
      // The replacement is the current version, with the addendum written before it beside it; the
      // original is kept, marked superseded (collapsed).
      const current = page.getByRole('article', { name: `Replacement ${replacementNumber}` });
      await current.getByText('Current', { exact: true }).waitFor();
      await current.getByText('Reduce lisinopril to 10 mg daily.', { exact: false }).waitFor();
      const original = page.getByRole('article', { name: `Original ${documentNumber}, superseded` });
      await original.getByText('Superseded', { exact: true }).waitFor();
      const addenda = current.getByRole('list', { name: `Addenda to ${replacementNumber}` });
      await addenda.getByText(ADDENDUM).waitFor();
      await addenda.getByRole('link', { name: addendumNumber }).waitFor();
      await saveScreenshot(page, 'records-patient-record');
      await original.locator('summary').focus();
      await page.keyboard.press('Enter');
      await original.getByText('Continue the current dose.', { exact: false }).waitFor();

      // The note left the wrong patient's chart.
      await page.getByRole('combobox', { name: 'Find patient' }).fill(wrongMrn);
      await page.getByRole('option', { name: new RegExp(wrongPatient) }).waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: wrongPatient, level: 2 }).waitFor();
      await page.getByText('No filed notes for this patient.').waitFor();
    });

    await timed('records: new patient, line counts', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New patient' }).click();
      const mrn = `NEW${suffix.toUpperCase()}`;
      await page.getByLabel('MRN').fill(mrn);
      await page.getByLabel('Name').fill('Canary Newpatient');
      await page.getByLabel('Birth date').fill('1971-05-04');
      await page.getByLabel('Sex').selectOption('female');
      await page.getByRole('button', { name: 'Create patient' }).click();
      await page.getByRole('status').getByText(`(MRN ${mrn}) created.`).waitFor();
      await saveScreenshot(page, 'records-new-patient');
      expect(await stack.db.patient.findUnique({ where: { mrn } })).toMatchObject({ sex: 'female' });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Line counts' }).click();
      const table = page.getByRole('table', { name: 'Line counts per transcriptionist' });
      const row = table.getByRole('row', { name: /Tom Reed, CMT/ });
      await row.waitFor();
      // The original counts; the addendum (written by records staff) does not.
      expect(await table.getByRole('row', { name: /Rita Records/ }).count()).toBe(0);
      await page.getByRole('heading', { name: 'Definitions' }).waitFor();
      await saveScreenshot(page, 'records-line-counts');
    });
    await page.context().close();

    // Nothing the pages logged names a patient.
    for (const line of consoleLines)
      for (const phi of [wrongPatient, rightPatient, wrongMrn, rightMrn]) expect(line).not.toContain(phi);
  }, 60_000);
});
