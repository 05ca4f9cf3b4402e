// Single sign-on in Chromium against a real OpenID provider (oidc-provider) on loopback, with the
// API as its own process configured as the README says. Dictum is served as http://localhost and
// the provider as http://127.0.0.1: different sites, so the provider's redirect back to the
// callback is a real cross-site navigation (a SameSite=Strict state cookie would not survive it).
// A physician clicks "Sign in with …", signs in at the provider, lands in Dictum as a physician and
// uploads a dictation; a user in no mapped group is refused and not created; sign-out ends the
// session at the provider too (RP-initiated logout, then back-channel logout). A physician whose
// provider sign-in is older than 5 minutes signs a corrected note after signing in again at the
// provider in a second window (the provider must ask again), the correction kept.
import { systemActor } from '@dictum/core/actor';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { HttpClient } from '../support/http-client';
import { oidcSettings, startTestIdp, type TestIdp } from '../support/oidc-test-idp';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-processes';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { buildWebApp, finalizeOverHttp, PASSWORD, stopBrowserTest, webDistDir } from './browser-app';
import { launchChromium } from './chromium';

const suffix = Math.random().toString(36).slice(2, 8);
const PHYSICIANS = `hospital-physicians-${suffix}`;

let idp: TestIdp;
let api: ServiceProcess;
let db: Db;
let browser: Browser;
let dist: string;
let base: string;
let mrn: string;
const patientName = `Canary Sso${suffix.toUpperCase()}`;

beforeAll(async () => {
  dist = webDistDir();
  await buildWebApp(dist);
  const port = await freePort();
  base = `http://localhost:${port}`;
  idp = await startTestIdp({
    redirectUris: [`${base}/api/v1/auth/oidc/callback`],
    postLogoutRedirectUris: [`${base}/login`],
    backchannelLogoutUri: `http://127.0.0.1:${port}/api/v1/auth/oidc/backchannel-logout`,
  });
  api = startService('api', {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_DIST_DIR: dist,
    ASR_ENGINE: 'none',
    ...oidcSettings(idp, base, `${PHYSICIANS}=PHYSICIAN,hospital-transcription-${suffix}=TRANSCRIPTIONIST`),
    OIDC_PROVIDER_NAME: 'Test Hospital IdP',
    // The transcriptionist who finalizes the note to sign works over HTTP with a password.
    AUTH_LOCAL_LOGIN: 'all',
  });
  await waitForHealthy(`http://127.0.0.1:${port}`);
  db = createDb(process.env.DATABASE_URL!, { max: 2 });
  mrn = `SSO${suffix.toUpperCase()}`;
  await db.patient.create({
    data: { mrn, name: patientName, birthDate: new Date('1950-01-02T00:00:00Z'), sex: 'male' },
  });
  browser = await launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']);
}, 240_000);

afterAll(async () => {
  await api?.stop();
  await idp?.close();
  await db?.$disconnect();
  await stopBrowserTest({ browser, dirs: [dist] });
});

async function signInAtProvider(username: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Sign in with Test Hospital IdP' }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.issuer));
  await page.getByLabel('IdP username').fill(username);
  await page.getByLabel('IdP password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  return page;
}

const me = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/v1/auth/me');
    return { status: res.status, body: res.ok ? await res.json() : null };
  });

describe('single sign-on in a real browser', () => {
  it('a physician signs in through the provider, lands with the mapped role, uploads a dictation, and signs out everywhere', async () => {
    const user = idp.addUser({ username: `dr-sso-${suffix}`, name: 'Dr. Sam Okafor', groups: [PHYSICIANS] });
    const page = await signInAtProvider(user.username, user.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).origin).toBe(base);
    const session = await me(page);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ role: 'PHYSICIAN', displayName: 'Dr. Sam Okafor' });

    await page.getByRole('heading', { name: 'New dictation' }).waitFor();
    await page.getByRole('combobox', { name: 'Patient' }).fill(mrn);
    await page.getByRole('option', { name: new RegExp(patientName) }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`MRN ${mrn}`).waitFor();
    await page.setInputFiles(
      'input[type=file]',
      await synthesizeSpeech('the patient is well', { format: 'wav' }),
    );
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await page.getByText(`Uploaded for ${patientName}`).waitFor({ timeout: 20_000 });
    const created = await db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    const dictations = await db.dictation.count({ where: { authorId: created.id, patient: { mrn } } });
    expect(dictations).toBe(1);

    // Sign out: Dictum's session ends and the browser signs out at the provider, back to /login.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/login`);
    expect((await me(page)).status).toBe(401);
    await page.getByRole('button', { name: 'Sign in with Test Hospital IdP' }).waitFor();
    expect(idp.backchannelErrors).toEqual([]);
  });

  /** An SSO physician signed in at the review page of a note of theirs a transcriptionist finalized. */
  async function physicianAtNote(name: string) {
    const user = idp.addUser({ username: `dr-${name}-${suffix}`, name: `Dr. ${name}`, groups: [PHYSICIANS] });
    const page = await signInAtProvider(user.username, user.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const author = await db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    const { username: mt } = await createUser(db, systemActor('test'), {
      username: `mt-${name}-${suffix}`,
      role: 'TRANSCRIPTIONIST',
      password: PASSWORD,
    });
    const dictationId = await draftReadyDictation(db, {
      authorId: author.id,
      patientMrn: mrn,
      workType: 'HP',
    });
    await finalizeOverHttp(
      await new HttpClient(base).login(mt, PASSWORD),
      dictationId,
      'HISTORY OF PRESENT ILLNESS\nChest pain since Tuesday.',
    );
    return { user, page, author, dictationId };
  }

  /** The note's newest version signed by its author, or null. */
  const signedVersion = (dictationId: string, authorId: string) =>
    db.document.findFirst({ where: { dictationId, signedById: authorId }, orderBy: { version: 'desc' } });

  it('a physician whose sign-in is older than 5 minutes signs after signing in again at the provider in a second window, the corrected page kept', async () => {
    const { user, page, author, dictationId } = await physicianAtNote('signer');
    // The provider's sign-in was ten minutes ago.
    await db.session.updateMany({
      where: { userId: author.id },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    await page.goto(`${base}/review/${dictationId}`);
    // The physician corrects the note, then signs: the correction must survive the second sign-in.
    await page.getByRole('button', { name: 'Edit then sign' }).click();
    await page.getByLabel('Corrected text').fill('HISTORY OF PRESENT ILLNESS\nChest pain since Monday.');
    await page.getByRole('button', { name: 'Sign edited version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this report?' });
    // No password field: this account has none.
    expect(await dialog.getByLabel(/Password/).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.getByText(/Could not sign: signing needs a sign-in within the last 5 minutes/).waitFor();
    expect(await db.document.count({ where: { dictationId, signedAt: { not: null } } })).toBe(0);

    const [second] = await Promise.all([
      page.context().waitForEvent('page'),
      dialog.getByRole('button', { name: 'Sign in again with Test Hospital IdP' }).click(),
    ]);
    // The provider asks again although its own session is fresh (prompt=login).
    await second.getByLabel('IdP password').waitFor();
    await second.getByLabel('IdP username').fill(user.username);
    await second.getByLabel('IdP password').fill(user.password);
    await second.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText(/Signed in again at/).waitFor({ timeout: 15_000 });
    await expect.poll(() => second.isClosed(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText(/^Signed\./).waitFor({ timeout: 15_000 });
    // The corrected text became a new version signed by the author.
    expect((await signedVersion(dictationId, author.id))?.text).toContain('Chest pain since Monday.');
  });

  it('when the session expires over a corrected note, signing in again with the provider in a second window keeps the correction', async () => {
    const { page, author, dictationId } = await physicianAtNote('expiry');
    await page.goto(`${base}/review/${dictationId}`);
    await page.getByRole('button', { name: 'Edit then sign' }).click();
    await page.getByLabel('Corrected text').fill('HISTORY OF PRESENT ILLNESS\nChest pain since Sunday.');
    // The session ends on the server (idle timeout, say) while the correction is on screen.
    await db.session.deleteMany({ where: { userId: author.id } });
    await page.getByRole('button', { name: 'Sign edited version' }).click();
    await page
      .getByRole('dialog', { name: 'Sign this report?' })
      .getByRole('button', { name: 'Sign', exact: true })
      .click();
    const expired = page.getByRole('dialog', { name: 'Your session has expired' });
    await expired.waitFor();
    const pagesBefore = page.context().pages().length;
    await expired.getByRole('button', { name: 'Sign in with Test Hospital IdP' }).click();
    // The provider's own session is recent, so the second window comes straight back.
    await expired.waitFor({ state: 'hidden', timeout: 15_000 });
    // The second window reported back and closed itself.
    await expect.poll(() => page.context().pages().length, { timeout: 10_000 }).toBe(pagesBefore);
    expect(await page.getByLabel('Corrected text').inputValue()).toContain('Chest pain since Sunday.');
    // The signature dialog is still open where it was: sign again.
    await page
      .getByRole('dialog', { name: 'Sign this report?' })
      .getByRole('button', { name: 'Sign', exact: true })
      .click();
    await page.getByText(/^Signed\./).waitFor({ timeout: 15_000 });
    expect((await signedVersion(dictationId, author.id))?.text).toContain('Chest pain since Sunday.');
  });

  it('a user in no mapped group is refused with a clear page and not created', async () => {
    const user = idp.addUser({ username: `nurse-sso-${suffix}`, name: 'Pat Nurse', groups: ['ward-nurses'] });
    const page = await signInAtProvider(user.username, user.password);
    await page.getByRole('heading', { name: 'Sign-in refused' }).waitFor();
    expect(await page.locator('#reason').textContent()).toBe('role_not_mapped');
    expect(await page.getByText('not in a group that may use Dictum').count()).toBe(1);
    expect((await me(page)).status).toBe(401);
    expect(await db.user.count({ where: { oidcSubject: user.sub } })).toBe(0);
  });
});
