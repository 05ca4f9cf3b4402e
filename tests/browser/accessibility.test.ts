// Accessibility of every screen (issue 16), in Chromium against the real API: axe-core's WCAG 2.1
// A/AA rules report no violations, and each page has exactly one <h1>, on sign-in, the physician's
// recorder, the records screens (filing queue, document, patient record) and every admin page.
// Also: an admin renames a user and sets their NPI through the users screen.
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/e2e-context';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { HttpClient } from '../support/http-client';
import { axeViolations, describeViolations } from './axe';
import {
  buildWebApp,
  createBrowserUsers,
  DESKTOP,
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

const suffix = Math.random().toString(36).slice(2, 8);
const staff = roleUsers(suffix, STAFF_NAMES);
const users = usernames(staff);
const patient = `Canary Axe${suffix.toUpperCase()}`;
let stack: Stack;
let browser: Browser;
let dist: string;
let mrn = '';
let documentId = '';
let ids: Record<keyof typeof users, { id: string }>;

beforeAll(async () => {
  dist = webDistDir();
  [, stack] = await Promise.all([buildWebApp(dist), startStack({ ASR_ENGINE: 'none', WEB_DIST_DIR: dist })]);
  ids = await createBrowserUsers(stack.db, staff);
  mrn = await stack.patient(patient);
  // A finalized note for the records screens (claim, save, finalize over HTTP).
  const dictationId = await draftReadyDictation(stack.db, { authorId: ids.physician.id, patientMrn: mrn });
  const mt = await new HttpClient(stack.baseUrl).login(users.transcriptionist, PASSWORD);
  documentId = await finalizeOverHttp(mt, dictationId, 'SUBJECTIVE\nStable.\n\nPLAN\nContinue.');
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

// bypassCSP: the app's CSP (script-src 'self') would refuse the injected axe-core source.
const newPage = async () => (await browser.newContext({ viewport: DESKTOP, bypassCSP: true })).newPage();
const signIn = (username: string) =>
  signInPage(browser, stack.baseUrl, username, { context: { viewport: DESKTOP, bypassCSP: true } });

const failures: string[] = [];
/** Check the page now; collect the findings so one run lists every screen's problems. */
async function check(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const v = await axeViolations(page);
  if (v.length) failures.push(describeViolations(name, v));
}

describe('accessibility (axe-core, WCAG 2.1 AA) on every screen', () => {
  it('sign-in', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(page, 'sign-in');
    // The focus ring (keyboard focus) has at least 3:1 contrast against what is around it.
    await page.getByLabel('Username').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      // The nearest ancestor with a background of its own.
      let bg = 'rgba(0, 0, 0, 0)';
      for (let p = el.parentElement; p; p = p.parentElement) {
        bg = getComputedStyle(p).backgroundColor;
        if (!/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) break;
      }
      const style = getComputedStyle(el);
      return { tag: el.tagName, outline: rgb(style.outlineColor), width: style.outlineWidth, bg: rgb(bg) };
    });
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => {
        const x = c / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const [hi, lo] = [lum(ring.outline), lum(ring.bg)].sort((x, y) => y - x);
    expect(ring.width).not.toBe('0px');
    expect((hi! + 0.05) / (lo! + 0.05), JSON.stringify(ring)).toBeGreaterThanOrEqual(3);
  });

  it('recorder (physician)', async () => {
    const page = await signIn(users.physician);
    await page.getByRole('heading', { name: 'New dictation' }).waitFor();
    await check(page, 'recorder');
    await page.goto(`${stack.baseUrl}/my`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check(page, 'my dictations');
  });

  it('records: filing queue, document, patient record', async () => {
    const page = await signIn(users.records);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(patient).first().waitFor();
    await check(page, 'filing queue');
    await page.goto(`${stack.baseUrl}/records/documents/${documentId}`);
    await page.getByText('Continue.').first().waitFor();
    await check(page, 'document');
    await page.goto(`${stack.baseUrl}/records/patients?mrn=${mrn}`);
    await page.getByText(mrn).first().waitFor();
    await check(page, 'patient record');
  });

  it('every admin page; an admin renames a user and sets an NPI', async () => {
    const page = await signIn(users.admin);
    const secret = (await page.locator('.mfa-secret').textContent({ timeout: 10_000 }))!.trim();
    await page.getByLabel('Authentication code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    for (const [href, heading] of [
      ['/admin', 'Dashboard'],
      ['/admin/users', 'Users & API tokens'],
      ['/admin/audit', /Audit/],
      ['/admin/work-types', /Work types/],
      ['/admin/text-expanders', /Text expanders/],
      ['/admin/vocabulary', /Vocabulary/],
      ['/admin/quality', /quality/i],
    ] as const) {
      await page.goto(`${stack.baseUrl}${href}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await check(page, `admin ${href}`);
    }

    // Edit a work type in place (its own dialog, checked too).
    await page.goto(`${stack.baseUrl}/admin/work-types`);
    await page.getByRole('button', { name: 'Edit Progress note' }).click();
    const wt = page.getByRole('dialog', { name: 'Edit work type PROGRESS' });
    await wt.getByLabel('Turnaround routine (hours)').fill('30');
    await check(page, 'admin work type edit dialog');
    await wt.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Work type PROGRESS saved.').waitFor();
    expect((await stack.db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } })).tatRoutineHours).toBe(
      30,
    );

    // Rename the physician and give them an NPI (a valid one: Luhn with the 80840 prefix).
    await page.goto(`${stack.baseUrl}/admin/users`);
    await page.getByRole('button', { name: `Edit ${users.physician}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${users.physician}` });
    await dialog.getByLabel('Display name').fill('Paula Grant-Okafor');
    await dialog.getByLabel('Credentials').fill('MD');
    await dialog.getByLabel('NPI').fill('1234567893');
    await check(page, 'admin user edit dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText(`${users.physician} saved.`).waitFor();
    const row = await stack.db.user.findUniqueOrThrow({ where: { id: ids.physician.id } });
    expect(row).toMatchObject({ displayName: 'Paula Grant-Okafor', credentials: 'MD', npi: '1234567893' });
    await page
      .getByRole('table', { name: 'Users' })
      .getByRole('row', { name: new RegExp(users.physician) })
      .getByText('NPI 1234567893')
      .waitFor();
    // Each change is an audit event.
    const events = await stack.db.auditEvent.findMany({
      where: { objectId: ids.physician.id, action: { startsWith: 'user.' } },
    });
    expect(events.map((e) => e.action)).toContain('user.updated');
  });

  it('reports no violations anywhere', () => {
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
