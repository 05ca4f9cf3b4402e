// On a phone (390 x 844): the physician screens (recorder with its outbox, my dictations with a
// question, review and sign) and the transcriptionist's worklist have no horizontal overflow and
// every action button is on screen; the header collapses to a menu. The app is installable: a
// manifest, and a service worker that caches the app shell and never an /api response.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../e2e/e2e-context';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { HttpClient } from '../support/http-client';
import {
  createBrowserUsers,
  PASSWORD,
  roleUsers,
  signInPage,
  startWebStack,
  stopBrowserTest,
} from './browser-app';
import { launchChromium } from './chromium';

const PHONE = { width: 390, height: 844 };

let stack: Stack;
let browser: Browser;
let dist = '';
let users: Record<'physician' | 'transcriptionist', { id: string; username: string }>;
let patientName = '';
let signId = '';

beforeAll(async () => {
  ({ dist, stack } = await startWebStack({ ASR_ENGINE: 'local' }));
  const suffix = Math.random().toString(36).slice(2, 8);
  users = await createBrowserUsers(
    stack.db,
    roleUsers(suffix, {
      physician: 'Dr. Maximiliana Rodriguez-Featherstonehaugh',
      transcriptionist: 'Jane Porter, CMT',
    }),
  );
  // Long names are what break narrow layouts.
  patientName = `Canary Bartholomew-Wolfeschlegelsteinhausen${suffix.toUpperCase()}`;
  const mrn = await stack.patient(patientName);
  // A draft with a question for the author (My dictations shows it inline) ...
  const asked = await draftReadyDictation(stack.db, { authorId: users.physician.id, patientMrn: mrn });
  await stack.db.blank.create({
    data: {
      dictationId: asked,
      position: 3,
      audioTime: 1.5,
      note: 'Which medication and dose after blood pressure?',
      status: 'ROUTED_TO_AUTHOR',
      createdById: users.transcriptionist.id,
    },
  });
  // ... and a finalized consultation that waits for the author's signature.
  signId = await draftReadyDictation(stack.db, {
    authorId: users.physician.id,
    patientMrn: mrn,
    workType: 'CONSULT',
  });
  const mt = await new HttpClient(stack.baseUrl).login(users.transcriptionist.username, PASSWORD);
  expect((await mt.json(`/api/v1/dictations/${signId}/claim`, { method: 'POST' })).status).toBe(200);
  const fin = await mt.json(`/api/v1/dictations/${signId}/finalize`, { method: 'POST' });
  expect(fin.status, JSON.stringify(fin.body)).toBe(200);
  await draftReadyDictation(stack.db, {
    authorId: users.physician.id,
    patientMrn: mrn,
    status: 'TRANSCRIPTION_FAILED',
  });
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

const signIn = (username: string) =>
  signInPage(browser, stack.baseUrl, username, {
    context: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    prepare: (page) => {
      // Fail at the step that hangs, not at the test's timeout.
      page.setDefaultTimeout(20_000);
      page.on('dialog', (d) => void d.accept());
    },
    landed: (page) => page.getByRole('button', { name: 'Menu' }).waitFor(),
  });

/** On the recorder: picks the patient (by the start of the long name), records 1.5 s and stops. */
async function recordForPatient(page: Page) {
  await page.getByRole('combobox', { name: 'Patient' }).fill(patientName.slice(0, 24));
  await page.getByRole('option', { name: new RegExp(patientName) }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForTimeout(1_500);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
}

/** Nothing scrolls sideways (the page, nor the main area), and every control is within the screen's width. */
async function expectFits(page: Page, screen: string) {
  const r = await page.evaluate(() => {
    const w = window.innerWidth;
    const main = document.getElementById('main')!;
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return (
        rect.width > 0 &&
        rect.height > 0 &&
        s.visibility !== 'hidden' &&
        !el.closest('.sr-only, dialog:not([open])')
      );
    };
    const off = [
      ...document.querySelectorAll('button, a.button, select, input, textarea, audio, [role=combobox]'),
    ]
      .filter(visible)
      .filter((el) => {
        const rect = el.getBoundingClientRect();
        return rect.left < -0.5 || rect.right > w + 0.5;
      })
      .map(
        (el) =>
          `${el.tagName} ${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40)}`,
      );
    return {
      w,
      page: document.documentElement.scrollWidth,
      main: main.scrollWidth - main.clientWidth,
      off,
      buttons: [...main.querySelectorAll('button, a.button')].filter(visible).length,
    };
  });
  expect(r.w, screen).toBe(PHONE.width);
  expect(r.page, `${screen}: document scrollWidth`).toBeLessThanOrEqual(r.w);
  expect(r.main, `${screen}: main area overflow`).toBeLessThanOrEqual(0);
  expect(r.off, `${screen}: controls off screen`).toEqual([]);
  expect(r.buttons, `${screen}: has action buttons`).toBeGreaterThan(0);
}

describe('phone layout (390 x 844) and the installable app', () => {
  it('physician screens fit, the header is a menu, and the service worker caches the shell only', async () => {
    const page = await signIn(users.physician.username);

    // Header: the navigation is behind "Menu"; opened, its links and "Sign out" are on screen.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'My dictations' }).waitFor();
    await expectFits(page, 'header menu');
    for (const control of [
      nav.getByRole('link', { name: 'New dictation' }),
      nav.getByRole('link', { name: 'My dictations' }),
      page.getByRole('button', { name: 'Sign out' }),
    ]) {
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await nav.isVisible()).toBe(false);

    // The recorder with a recording, its controls, and one unsent recording in the outbox.
    await recordForPatient(page);
    await page.getByRole('button', { name: 'Send dictation' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'My dictations' }).click(); // confirms leaving (kept in the outbox)
    await page.getByRole('heading', { name: 'My dictations' }).waitFor();

    // My dictations: cards with the question inline and "Review & sign" on screen.
    await page.getByText('Which medication and dose after blood pressure?').waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Review & sign' }).waitFor();
    await expectFits(page, 'my dictations');

    // Review and sign.
    await page.getByRole('link', { name: 'Review & sign' }).click();
    await page.getByRole('button', { name: 'Sign report' }).waitFor({ timeout: 15_000 });
    await expectFits(page, 'review and sign');

    // The list of reports waiting for the physician's signature.
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'To sign' }).click();
    await page.getByRole('heading', { name: 'To sign' }).waitFor();
    await page.getByText(patientName).first().waitFor({ timeout: 15_000 });
    await expectFits(page, 'to sign');

    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'New dictation' }).click();
    await page.getByRole('row', { name: new RegExp(`Unsent recording for ${patientName}`) }).waitFor();
    await recordForPatient(page);
    await page.getByRole('button', { name: 'Rewind 3 seconds' }).waitFor();
    await page.getByLabel('Play back the recording').waitFor();
    await expectFits(page, 'recorder with outbox');

    // Installable: a manifest with icons, and a service worker for the app shell.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href;
      return (await fetch(href)).json();
    });
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512']);
    const sw = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(sw).toBe(`${stack.baseUrl}/sw.js`);
    // Pages loaded under the worker: patient data keeps flowing through /api, none of it cached.
    await page.reload();
    await page.getByRole('heading', { name: 'New dictation' }).waitFor();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'My dictations' }).click();
    await page.getByText('Which medication and dose after blood pressure?').waitFor({ timeout: 15_000 });
    const cached = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
      }
      return out;
    });
    expect(cached).toContain('/');
    expect(cached.some((p) => p.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((p) => p.startsWith('/api'))).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('the worklist becomes cards that fit, with the claim buttons on screen', async () => {
    const page = await signIn(users.transcriptionist.username);
    await page.getByRole('heading', { name: 'Worklist' }).waitFor();
    await page
      .getByRole('button', { name: `Claim dictation for ${patientName}` })
      .first()
      .waitFor({ timeout: 15_000 });
    await expectFits(page, 'worklist');
    await page.context().close();
  }, 60_000);
});
