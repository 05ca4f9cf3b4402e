import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '@dictum/core/actor';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import type { Db } from '@dictum/core/infra/db/client';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { type Stack, startStack } from '../e2e/e2e-context';
import { TEST_PASSWORD } from '../support/api-harness';
import type { HttpClient } from '../support/http-client';

// What the browser tests share: the built web app, their users, signing in through the form, and
// the way they take everything down again.

export const PASSWORD = TEST_PASSWORD;
export const DESKTOP = { width: 1366, height: 768 };

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A new temporary folder for the built web app (the stack can start on it while it builds). */
export const webDistDir = () => mkdtempSync(path.join(tmpdir(), 'dictum-web-dist-'));

/** Builds the web app (production build, no source maps) into this folder. */
export async function buildWebApp(outDir: string) {
  const { build } = await import('vite');
  await build({
    configFile: path.join(repo, 'web/vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

/**
 * The web app built into a new folder, then the stack (API and worker) started on it: one after
 * the other, so the build does not slow the API past its health-check deadline on a busy machine.
 */
export async function startWebStack(env: Record<string, string>) {
  const dist = webDistDir();
  await buildWebApp(dist);
  return { dist, stack: await startStack({ ...env, WEB_DIST_DIR: dist }) };
}

/** Takes down what a browser test started, whichever of it did start. */
export async function stopBrowserTest(parts: {
  browser?: Browser;
  stack?: Stack;
  dirs?: (string | undefined)[];
}) {
  await parts.browser?.close();
  await parts.stack?.stop();
  for (const dir of parts.dirs ?? []) if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface BrowserUserSpec {
  username: string;
  role: Role;
  displayName?: string;
}

type RoleKey = 'physician' | 'transcriptionist' | 'records' | 'admin';

/** One user per role named by the key (`physician-<suffix>` is a PHYSICIAN), with these display names. */
export function roleUsers<K extends RoleKey>(suffix: string, displayNames: Record<K, string | undefined>) {
  return Object.fromEntries(
    Object.entries(displayNames).map(([key, displayName]) => [
      key,
      {
        username: `${key}-${suffix}`,
        role: key.toUpperCase() as Role,
        displayName: displayName as string | undefined,
      },
    ]),
  ) as Record<K, BrowserUserSpec>;
}

/** Display names for a user of each role. */
export const STAFF_NAMES = {
  admin: 'Ada Admin',
  records: 'Rita Records',
  transcriptionist: 'Tom Reed',
  physician: 'Paula Grant',
};

/** The usernames of these users, by the same keys. */
export const usernames = <K extends string>(specs: Record<K, BrowserUserSpec>) =>
  Object.fromEntries(
    Object.entries<BrowserUserSpec>(specs).map(([key, spec]) => [key, spec.username]),
  ) as Record<K, string>;

/** Creates these users with the test password, one after another: id and username by the same keys. */
export async function createBrowserUsers<K extends string>(db: Db, specs: Record<K, BrowserUserSpec>) {
  const users = {} as Record<K, { id: string; username: string }>;
  for (const [key, spec] of Object.entries(specs) as [K, BrowserUserSpec][]) {
    const { id } = await createUser(db, systemActor('test'), { ...spec, password: PASSWORD });
    users[key] = { id, username: spec.username };
  }
  return users;
}

export interface SignInOptions {
  /** The new browser context's options (DESKTOP viewport by default). */
  context?: BrowserContextOptions;
  /** Runs on the new context before its page opens: init scripts. */
  init?: (ctx: BrowserContext) => Promise<unknown>;
  /** Runs on the new page before it opens the app: dialog and console listeners, timeouts. */
  prepare?: (page: Page) => void;
  /** What shows once signed in (nothing is waited for by default). */
  landed?: (page: Page) => Promise<unknown>;
}

/** A new browser context whose page signs in through the sign-in form. */
export async function signInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: SignInOptions = {},
): Promise<Page> {
  const ctx = await browser.newContext(options.context ?? { viewport: DESKTOP });
  await options.init?.(ctx);
  const page = await ctx.newPage();
  options.prepare?.(page);
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await options.landed?.(page);
  return page;
}

/** Signed in once the main navigation shows. */
export const mainNavigation = (page: Page) => page.getByRole('navigation', { name: 'Main' }).waitFor();

/** Dismisses dialogs, except "leave site?" (the editor asks while text is unsaved), which it accepts. */
export const leaveUnsavedPages = (page: Page) =>
  page.on('dialog', (d) => void (d.type() === 'beforeunload' ? d.accept() : d.dismiss()));

/** Finalize in the editor and confirm: the "Finalized" dialog that then opens. */
export async function finalizeInEditor(page: Page) {
  await page.getByRole('button', { name: 'Finalize', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Finalize this transcript?' })
    .getByRole('button', { name: 'Finalize' })
    .click();
  return page.getByRole('dialog', { name: 'Finalized' });
}

/** Signs the open report and confirms; waits until it says it is signed. */
export async function signReport(page: Page) {
  await page.getByRole('button', { name: 'Sign report' }).click();
  await page.getByRole('dialog', { name: 'Sign this report?' }).getByRole('button', { name: 'Sign' }).click();
  await page.getByText(/^Signed\./).waitFor({ timeout: 15_000 });
}

/** The transcriptionist's API path for a draft: claim, save this text over version 1, finalize. */
export async function finalizeOverHttp(mt: HttpClient, dictationId: string, text: string) {
  expect((await mt.json(`/api/v1/dictations/${dictationId}/claim`, { method: 'POST' })).status).toBe(200);
  const saved = await mt.json(`/api/v1/dictations/${dictationId}/transcript`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ text }),
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const fin = await mt.json<{ documentId: string }>(`/api/v1/dictations/${dictationId}/finalize`, {
    method: 'POST',
  });
  expect(fin.status, JSON.stringify(fin.body)).toBe(200);
  return fin.body.documentId;
}

/** Viewport centre of the editor's word at this index over all paragraphs, and its paragraph and word. */
export function editorWordCentre(page: Page, flat: number) {
  return page.evaluate((k) => {
    const ed = window.__dictumEditor!.editor!;
    const paras = ed.getParas();
    let pi = 0;
    let wi = k;
    while (wi >= paras[pi]!.words.length) wi -= paras[pi++]!.words.length;
    const r = ed.wordRange(pi, wi)!.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, pi, wi };
  }, flat);
}

/** Selects the editor's words `from` to `to` of the first paragraph, as a mouse drag would. */
export function selectEditorWords(page: Page, from: number, to: number) {
  return page.evaluate(
    ([from, to]) => {
      const ed = window.__dictumEditor!.editor!;
      const a = ed.wordRange(0, from!)!;
      const b = ed.wordRange(0, to!)!;
      ed.root.focus();
      getSelection()!.setBaseAndExtent(a.startContainer, a.startOffset, b.endContainer, b.endOffset);
    },
    [from, to],
  );
}
