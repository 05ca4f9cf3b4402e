// The physician's recorder in Chromium with a fake microphone, against the real API: audio is kept
// (encrypted) on the device as it is captured, so leaving the page or reloading it loses nothing;
// the outbox sends it with one Idempotency-Key, so a retry after a lost answer makes no second
// dictation; sent recordings leave the device; signing out offers to send first; insert and
// overwrite give the lengths a dictation device gives; a SpeechMike's record button (a synthetic
// WebHID input report) and the record hotkey start recording.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../e2e/e2e-context';
import { createBrowserUsers, roleUsers, signInPage, startWebStack, stopBrowserTest } from './browser-app';
import { launchChromium } from './chromium';

let stack: Stack;
let browser: Browser;
let dist = '';
let physician = { id: '', username: '' };
const patients: Record<'a' | 'b' | 'c', { mrn: string; name: string }> = {
  a: { mrn: '', name: '' },
  b: { mrn: '', name: '' },
  c: { mrn: '', name: '' },
};

beforeAll(async () => {
  ({ dist, stack } = await startWebStack({ ASR_ENGINE: 'local' }));
  const suffix = Math.random().toString(36).slice(2, 8);
  ({ physician } = await createBrowserUsers(stack.db, roleUsers(suffix, { physician: undefined })));
  for (const k of ['a', 'b', 'c'] as const) {
    const name = `Canary Outbox${k.toUpperCase()}${suffix.toUpperCase()}`;
    patients[k] = { name, mrn: await stack.patient(name) };
  }
  const pc = await stack.db.patient.findUniqueOrThrow({ where: { mrn: patients.c.mrn } });
  await stack.db.encounter.createMany({
    data: [
      { patientId: pc.id, visitNumber: 'V-C-1', date: new Date('2026-10-01T09:00:00Z'), location: 'Clinic' },
      { patientId: pc.id, visitNumber: 'V-C-2', date: new Date('2026-12-01T09:00:00Z'), location: 'Ward 5' },
    ],
  });
  browser = await launchChromium();
}, 180_000);

afterAll(() => stopBrowserTest({ browser, stack, dirs: [dist] }));

/** A fake WebHID with one SpeechMike (HID mode, vendor page 0xFFA0) whose reports the test sends. */
function fakeSpeechMike() {
  class FakeDevice extends EventTarget {
    vendorId = 0x0911;
    productId = 0x0c1c;
    productName = 'SpeechMike Premium';
    collections = [{ usagePage: 0xffa0, usage: 1 }];
    opened = false;
    async open() {
      this.opened = true;
    }
    async close() {
      this.opened = false;
    }
    async sendReport() {}
  }
  const device = new FakeDevice();
  const hid = new EventTarget() as EventTarget & Record<string, unknown>;
  const w = window as unknown as Record<string, unknown>;
  hid.getDevices = async () => (w.__hidGranted ? [device] : []);
  hid.requestDevice = async (opts: unknown) => {
    w.__hidRequested = opts;
    w.__hidGranted = true;
    return [device];
  };
  Object.defineProperty(Navigator.prototype, 'hid', { get: () => hid, configurable: true });
  // Count screen wake locks (headless Chromium may refuse real ones).
  w.__wakeLocks = 0;
  w.__wakeReleased = 0;
  const wakeLock = {
    request: async () => {
      (w.__wakeLocks as number)++;
      return {
        release: async () => {
          (w.__wakeReleased as number)++;
        },
      };
    },
  };
  Object.defineProperty(Navigator.prototype, 'wakeLock', { get: () => wakeLock, configurable: true });
  // A BarcodeDetector (Linux Chromium has none) that reads what the test puts on the "wristband".
  (window as unknown as Record<string, unknown>).BarcodeDetector = class {
    async detect() {
      return w.__wristband ? [{ rawValue: w.__wristband }] : [];
    }
  };
  w.__speechMike = (bytes: number[]) => {
    const e = new Event('inputreport') as Event & Record<string, unknown>;
    e.data = new DataView(new Uint8Array(bytes).buffer);
    e.reportId = 0;
    e.device = device;
    device.dispatchEvent(e);
  };
}

async function signIn(): Promise<{ page: Page; ctx: BrowserContext; dialogs: string[] }> {
  const dialogs: string[] = [];
  const page = await signInPage(browser, stack.baseUrl, physician.username, {
    // Service workers off: requests then reach page.route even before the worker would see them.
    context: { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' },
    init: (ctx) => ctx.addInitScript(fakeSpeechMike),
    prepare: (page) =>
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.accept();
      }),
    landed: (page) => page.getByRole('heading', { name: 'New dictation' }).waitFor(),
  });
  return { page, ctx: page.context(), dialogs };
}

async function choosePatient(page: Page, p: { mrn: string; name: string }) {
  await page.getByRole('combobox', { name: 'Patient' }).fill(p.mrn);
  await page.getByRole('option', { name: new RegExp(p.name) }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText(`MRN ${p.mrn}`).first().waitFor();
}

interface StoredRecording {
  id: string;
  status: string;
  durationSec: number;
  interrupted?: boolean;
  takes: { id: string; durationSec: number; chunks: number }[];
  ops: { takeId: string; at: number; mode: string }[];
}

/** What the outbox keeps in IndexedDB, read the way anyone with access to the browser profile could. */
function readOutbox(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('dictum-outbox');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const q = db.transaction(store).objectStore(store).getAll();
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
    const recs = (await all('recordings')) as (StoredRecording & { meta: { data: ArrayBuffer } })[];
    const chunks = (await all('chunks')) as { data: ArrayBuffer }[];
    const keys = (await all('keys')) as CryptoKey[];
    db.close();
    const text = (b: ArrayBuffer) => new TextDecoder().decode(b);
    return {
      recs: recs.map(({ meta, ...r }) => ({ ...r, metaPlain: text(meta.data) })),
      chunks: chunks.length,
      chunkHeads: chunks.map((c) => [...new Uint8Array(c.data).slice(0, 4)]),
      keys: keys.map((k) => ({ type: k.type, extractable: k.extractable, algorithm: k.algorithm.name })),
    };
  });
}

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

describe('recorder: nothing lost, nothing sent twice', () => {
  it('a recording left mid-way is kept in the outbox and sent once, although the first answer is lost', async () => {
    const { page, ctx, dialogs } = await signIn();
    const a = patients.a;
    await choosePatient(page, a);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(10_000);

    // Leave for "My dictations" while recording: asked first, then the recording is kept.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    await page.getByRole('heading', { name: 'My dictations' }).waitFor();
    expect(dialogs.filter((d) => d.startsWith('confirm: You are recording'))).toHaveLength(1);
    // Any screen shows that a recording waits on the device.
    await page.getByRole('navigation', { name: 'Main' }).getByText('1 unsent').waitFor();

    // On the device: one draft of about 10 s, audio and patient details encrypted with a
    // non-extractable AES-GCM key.
    await expect
      .poll(async () => (await readOutbox(page)).recs.map((r) => r.status), { timeout: 10_000 })
      .toEqual(['draft']);
    const stored = await readOutbox(page);
    expect(stored.recs[0]!.durationSec).toBeGreaterThan(9);
    expect(stored.chunks).toBeGreaterThanOrEqual(9);
    for (const head of stored.chunkHeads) expect(head).not.toEqual(EBML_MAGIC);
    expect(stored.recs[0]!.metaPlain).not.toContain(a.mrn);
    expect(stored.keys).toEqual([{ type: 'secret', extractable: false, algorithm: 'AES-GCM' }]);

    // Back on the recorder, the recording is in the outbox.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New dictation' }).click();
    const row = page.getByRole('row', { name: `Unsent recording for ${a.name}` });
    await row.waitFor();
    await row.getByText('Not sent').waitFor();

    // The first upload reaches the server but its answer is lost (connection reset).
    const keys: string[] = [];
    let firstStatus = 0;
    await page.route('**/api/v1/dictations', async (route) => {
      const req = route.request();
      if (req.method() !== 'POST') return route.continue();
      keys.push(req.headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        firstStatus = (await route.fetch()).status();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await row.getByRole('button', { name: `Send recording for ${a.name}` }).click();
    await row.getByText(/No connection/).waitFor({ timeout: 20_000 });
    expect(firstStatus).toBe(201);
    expect(await stack.db.dictation.count({ where: { patient: { mrn: a.mrn } } })).toBe(1);

    // The network comes back: the outbox retries with the same key; the server answers with the
    // dictation it already has; the recording leaves the device.
    await ctx.setOffline(true);
    await ctx.setOffline(false);
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{8,200}$/);
    const rows = await stack.db.dictation.findMany({
      where: { patient: { mrn: a.mrn } },
      select: { authorId: true, durationSec: true },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.authorId).toBe(physician.id);
    expect(rows[0]!.durationSec).toBeGreaterThan(9);
    const after = await readOutbox(page);
    expect(after.recs).toEqual([]);
    expect(after.chunks).toBe(0);
    await ctx.close();
  }, 120_000);

  it('a reload in the middle of a recording keeps what was captured; sign-out offers to send it', async () => {
    const { page, dialogs } = await signIn();
    const b = patients.b;
    // The patient from the wristband, through the camera and the browser's BarcodeDetector.
    await page.evaluate((v) => {
      (window as unknown as Record<string, unknown>).__wristband = v;
    }, `${b.mrn}^${b.name.toUpperCase()}`);
    await page.getByRole('button', { name: 'Scan wristband' }).click();
    await page.getByText(`MRN ${b.mrn}`).first().waitFor();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(4_500);
    await page.reload();
    expect(dialogs.some((d) => d.startsWith('beforeunload'))).toBe(true);

    const row = page.getByRole('row', { name: `Unsent recording for ${b.name}` });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText('Interrupted, not sent').waitFor();
    const stored = await readOutbox(page);
    expect(stored.recs).toHaveLength(1);
    expect(stored.recs[0]!.durationSec).toBeGreaterThanOrEqual(3);

    // Signing out with an unsent recording offers to send it first.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const offer = page.getByRole('dialog', { name: 'Send your recordings first?' });
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Send and sign out' }).click();
    await page.getByLabel('Username').waitFor({ timeout: 30_000 });
    const rows = await stack.db.dictation.findMany({
      where: { patient: { mrn: b.mrn } },
      select: { durationSec: true },
    });
    expect(rows).toHaveLength(1);
    // What was captured before the reload (the last second may be cut).
    expect(rows[0]!.durationSec).toBeGreaterThanOrEqual(3);
    expect((await readOutbox(page)).recs).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('overwrite from the middle gives first part + new part; insert gives the sum; SpeechMike and hotkeys record', async () => {
    const { page } = await signIn();
    const c = patients.c;
    // The wristband scan (here the typed MRN, as a keyboard-emulating scanner types it), then the visit.
    await page.getByRole('button', { name: 'Scan wristband' }).click();
    await page.getByLabel('MRN', { exact: true }).fill(`MRN:${c.mrn}`);
    await page.getByRole('button', { name: 'Find patient' }).click();
    await page.getByText(`MRN ${c.mrn}`).first().waitFor();
    await page.getByLabel('Visit').selectOption('V-C-2');
    const record = page.getByRole('button', { name: 'Record', exact: true });
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    const audio = page.getByLabel('Play back the recording');
    const audioDuration = async () => {
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => (Number.isFinite(a.duration) ? a.duration : 0)), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
      return audio.evaluate((a: HTMLAudioElement) => a.duration);
    };
    const current = async () => (await readOutbox(page)).recs.find((r) => r.status !== 'queued')!;

    await record.click();
    await page.waitForTimeout(4_000);
    await stop.click();
    await record.waitFor();
    const first = await current();
    const l1 = first.durationSec;
    expect(l1).toBeGreaterThan(3.5);

    // Rewind 3 s (to about the middle), overwrite for about 3 s: runs past the old end.
    await page.getByRole('button', { name: 'Rewind 3 seconds' }).click();
    await page.getByLabel('Overwrite').check();
    await record.click();
    await page.waitForTimeout(3_000);
    await stop.click();
    await record.waitFor();
    const second = await current();
    expect(second.ops).toHaveLength(2);
    const at = second.ops[1]!.at;
    const t2 = second.takes[1]!.durationSec;
    expect(second.ops[1]!.mode).toBe('overwrite');
    expect(at).toBeCloseTo(l1 - 3, 1);
    expect(second.durationSec).toBeCloseTo(at + t2, 2);
    // The recording as it will be sent (decoded, spliced, written as WAV in the browser).
    await expect.poll(audioDuration, { timeout: 15_000 }).toBeGreaterThan(at + t2 - 0.4);
    expect(Math.abs((await audioDuration()) - (at + t2))).toBeLessThan(0.4);

    // Rewind again and insert about 2 s: the sum.
    await page.getByRole('button', { name: 'Rewind 3 seconds' }).click();
    await page.getByLabel('Insert').check();
    await record.click();
    await page.waitForTimeout(2_000);
    await stop.click();
    await record.waitFor();
    const third = await current();
    const t3 = third.takes[2]!.durationSec;
    expect(third.ops[2]!.mode).toBe('insert');
    expect(third.durationSec).toBeCloseTo(second.durationSec + t3, 2);
    await expect
      .poll(async () => Math.abs((await audioDuration()) - (second.durationSec + t3)), { timeout: 15_000 })
      .toBeLessThan(0.4);

    // Sent, the server measures the same length.
    await page.getByRole('button', { name: 'Send dictation' }).click();
    await page.getByText('Dictation sent.').waitFor({ timeout: 20_000 });
    const sent = await stack.db.dictation.findFirstOrThrow({
      where: { patient: { mrn: c.mrn } },
      select: { durationSec: true, encounter: { select: { visitNumber: true } } },
    });
    expect(Math.abs(sent.durationSec! - third.durationSec)).toBeLessThan(0.5);
    expect(sent.encounter?.visitNumber).toBe('V-C-2');
    // The screen was kept awake while recording (three takes), and let go after each.
    const wake = await page.evaluate(() => {
      const w = window as unknown as { __wakeLocks: number; __wakeReleased: number };
      return [w.__wakeLocks, w.__wakeReleased];
    });
    expect(wake).toEqual([3, 3]);

    // A SpeechMike: "Connect microphone" asks for it; its record button (a synthetic input report,
    // command 0x80 with bit 8 of bytes 7..8) starts recording; stop (bit 9) stops.
    await page.getByRole('button', { name: 'Connect microphone' }).click();
    await page.getByText('SpeechMike Premium connected').waitFor();
    const requested = await page.evaluate(
      () => (window as unknown as { __hidRequested: unknown }).__hidRequested,
    );
    expect(JSON.stringify(requested)).toContain('"vendorId":2321'); // 0x0911
    expect(JSON.stringify(requested)).toContain('"usagePage":65440'); // 0xFFA0
    const press = (bytes: number[]) =>
      page.evaluate(
        (b) => (window as unknown as { __speechMike: (b: number[]) => void }).__speechMike(b),
        bytes,
      );
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x01]);
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x00]);
    await page.waitForTimeout(1_200);
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x02]);
    await record.waitFor();
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x00]);
    expect((await current()).takes.length).toBe(1);

    // The hotkeys: F9 records (a second take, appended), F10 stops. Sent to the background
    // meanwhile, the page warns when it comes back.
    await page.keyboard.press('F9');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.evaluate(async () => {
      const set = (v: string) => {
        Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      };
      set('hidden');
      await new Promise((r) => setTimeout(r, 1_200));
      set('visible');
    });
    await page.getByText(/This page was in the background for 1 s while recording/).waitFor();
    await page.keyboard.press('F10');
    await record.waitFor();
    await expect.poll(async () => (await current()).takes.length).toBe(2);

    // The keys are configurable: record on F2 instead.
    await page.getByRole('button', { name: 'Keys', exact: true }).click();
    await page.getByLabel('Key for Record').press('F2');
    expect(await page.getByLabel('Key for Record').inputValue()).toBe('F2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1_000);
    await page.keyboard.press('F10');
    await record.waitFor();
    await expect.poll(async () => (await current()).takes.length).toBe(3);
    expect(await page.evaluate(() => localStorage.getItem('dictum.recorderKeys'))).toContain('"record":"F2"');

    // The SpeechMike's EOL button (bit 13) sends the dictation.
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x20]);
    await press([0x80, 0, 0, 0, 0, 0, 0, 0, 0x00]);
    await expect
      .poll(() => stack.db.dictation.count({ where: { patient: { mrn: c.mrn } } }), { timeout: 20_000 })
      .toBe(2);
    await page.getByText('Dictation sent.').waitFor();
    await expect.poll(async () => (await readOutbox(page)).recs.length).toBe(0);
    await page.context().close();
  }, 150_000);
});

describe('a physician with more dictations than a page', () => {
  it('"Load more" rows stay through the polling, and a row of the second page shows what happened to it', async () => {
    // 60 dictations (the list reads 50 at a time); the three oldest, on the second page, are drafts
    // the physician may still cancel.
    const suffix = Math.random().toString(36).slice(2, 8);
    const { physician: many } = await createBrowserUsers(
      stack.db,
      roleUsers(`pager-${suffix}`, { physician: undefined }),
    );
    const name = `Canary Pager${suffix.toUpperCase()}`;
    const patient = await stack.db.patient.findUniqueOrThrow({ where: { mrn: await stack.patient(name) } });
    const workType = await stack.db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });
    const hour = 3_600_000;
    await stack.db.dictation.createMany({
      data: Array.from({ length: 60 }, (_, i) => {
        const at = new Date(Date.now() - (i + 1) * hour);
        return {
          authorId: many.id,
          patientId: patient.id,
          workTypeId: workType.id,
          priority: 'ROUTINE' as const,
          status: i >= 57 ? ('DRAFT_READY' as const) : ('CANCELLED' as const),
          dictatedAt: at,
          dueAt: new Date(at.getTime() + 24 * hour),
          createdAt: at,
          audioSha256: `${suffix}${String(i).padStart(4, '0')}`.padEnd(64, '0'),
          audioContentType: 'audio/wav',
          audioSizeBytes: 1000n,
        };
      }),
    });
    const page = await signInPage(browser, stack.baseUrl, many.username);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My dictations' }).click();
    const rows = page.getByRole('row', { name: new RegExp(name) });
    const cancels = page.getByRole('button', { name: `Cancel dictation for ${name}` });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    expect(await cancels.count()).toBe(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(60);
    await expect.poll(() => cancels.count()).toBe(3);
    // The list polls every 5 s: after two polls the second page is still there.
    await page.waitForTimeout(11_000);
    expect(await rows.count()).toBe(60);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Cancelling a second-page draft: the list reads both pages again and shows it cancelled.
    await cancels.first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel dictation' }).click();
    await expect.poll(() => cancels.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.count()).toBe(60);
    await page.context().close();
  }, 120_000);
});
