import { countLines } from '@dictum/core/capability/interop/line-counts';
import { MAX_NOTE_TEXT_CHARS } from '@dictum/core/domain/transcript/text-limits';
import { wordErrorRate } from '@dictum/core/domain/transcript/word-error-rate';
import { describe, expect, it } from 'vitest';
import { finalizedDocument, NO_DELIVERY, NOTE_ROLES } from '../records/records-support';
import { createTestPatient, uploadAs } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// No single request may stall the service. Line counting used Intl.Segmenter over the whole note,
// which is quadratic on Node 20: a 150 KB amendment froze the API (health checks included) for
// 31 s. And bad text must be a 400, not a database error that echoes it into the log.

const { t, records, physician, transcriptionist } = useTestApp({ env: NO_DELIVERY, users: NOTE_ROLES });

/** ~`bytes` of text: plain English, or text that needs the grapheme segmenter (accents, emoji). */
function note(bytes: number, kind: 'ascii' | 'unicode' | 'one-word'): string {
  const unit =
    kind === 'ascii'
      ? 'Patient reports intermittent chest pain on exertion. '
      : kind === 'unicode'
        ? 'Der Patient klagt über Übelkeit, Schwindel und Kopfschmerz 🤕; Zustand nach Appendektomie. '
        : 'x';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** Runs `work` while polling /healthz; returns the slowest health answer in ms. */
async function slowestHealthCheckDuring(work: () => Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  let answered = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 30));
  await work();
  done = true;
  await poll;
  expect(answered).toBeGreaterThan(0);
  return slowest;
}

describe('line counting', () => {
  it('is linear: 150 KB in well under a second, 2 MB too, for every kind of text', () => {
    for (const kind of ['ascii', 'unicode', 'one-word'] as const) {
      for (const bytes of [150_000, 2_000_000]) {
        const text = note(bytes, kind);
        const started = performance.now();
        const counts = countLines(text);
        const ms = performance.now() - started;
        expect(ms, `${kind} ${bytes}`).toBeLessThan(bytes > 1_000_000 ? 3000 : 500);
        expect(counts.charactersWithSpaces).toBeGreaterThan(0);
      }
    }
  });

  it('counts the same as segmenting the whole text at once (slices cut only at grapheme boundaries)', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const pieces = [
      'a',
      ' ',
      '\r\n',
      '\n',
      'e\u0301',
      '👍🏽',
      '👨‍👩‍👧',
      '🇺🇸',
      '한',
      '\u1100\u1161',
      '中',
      'क्ष',
      '\u0600a',
      '©\ufe0f',
      '\u200b',
      '\t',
      'ü',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 40; round++) {
      let text = '';
      while (text.length < 5000) text += pieces[Math.floor(random() * pieces.length)];
      let graphemes = 0;
      let breaks = 0;
      for (const { segment } of segmenter.segment(text)) {
        graphemes++;
        if (/^[\n\r]+$/.test(segment)) breaks++;
      }
      const counts = countLines(text);
      let invisible = 0;
      for (const { segment } of segmenter.segment(text))
        if (/^[\p{Cc}\p{Cf}]+$/u.test(segment) && !/^[\n\r\t]+$/.test(segment)) invisible++;
      expect(counts.charactersWithSpaces).toBe(graphemes - breaks - invisible);
    }
  });
});

describe("the draft's word error rate (computed when a note is finalized)", () => {
  it('is bounded for two maximal, unrelated texts and exact for ordinary ones', () => {
    const words = (n: number, seed: number) =>
      Array.from({ length: n }, (_, i) => `w${(i * seed) % 1009}`).join(' ');
    const started = performance.now();
    const result = wordErrorRate(words(30_000, 7), words(30_000, 13));
    // The full table would be 900 million cells (over ten seconds); a loaded CI machine gets slack.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errors).toBeLessThanOrEqual(30_000);
    expect(wordErrorRate('a b c d', 'a x c').errors).toBe(2);
    const long = words(30_000, 7);
    expect(wordErrorRate(long, `${long} extra`).errors).toBe(1);
  });
});

describe('saving long notes', () => {
  it('while records staff save a 150 KB amendment, /healthz keeps answering within a second', async () => {
    const { mrn } = await createTestPatient(t);
    const text = note(150_000, 'unicode');
    let documentId = '';
    const slowFinalize = await slowestHealthCheckDuring(async () => {
      ({ documentId } = await finalizedDocument(t, { physician, transcriptionist }, { mrn, text }));
    });
    expect(slowFinalize).toBeLessThan(1000);
    const filed = await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
    expect(filed.statusCode, filed.body).toBe(200);

    let status = 0;
    const slowest = await slowestHealthCheckDuring(async () => {
      const res = await records.request({
        method: 'POST',
        url: `/api/v1/documents/${documentId}/amend`,
        payload: { kind: 'replacement', text: note(150_000, 'one-word'), reason: 'Corrected' },
      });
      status = res.statusCode;
      expect(res.statusCode, res.body).toBe(201);
    });
    expect(status).toBe(201);
    expect(slowest).toBeLessThan(1000);
  });

  it('while a PDF of a maximal note (one endless word, the worst case for layout) renders, /healthz answers', async () => {
    const { mrn } = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn, text: note(MAX_NOTE_TEXT_CHARS, 'one-word') },
    );
    let pdf: Buffer = Buffer.alloc(0);
    const slowest = await slowestHealthCheckDuring(async () => {
      const res = await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/pdf` });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      pdf = res.rawPayload;
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(slowest).toBeLessThan(1000);
  }, 120_000);

  it(`text longer than ${MAX_NOTE_TEXT_CHARS} characters is refused with 400 and changes nothing`, async () => {
    const { mrn } = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn, text: 'Short note.' },
    );
    await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
    const tooLong = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/amend`,
      payload: { kind: 'addendum', text: 'a'.repeat(MAX_NOTE_TEXT_CHARS + 1), reason: 'Too long' },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('VALIDATION_FAILED');
    // The cap counts characters (code points), so emoji cannot double it past the limit either.
    const astral = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/amend`,
      payload: { kind: 'addendum', text: '😀'.repeat(MAX_NOTE_TEXT_CHARS + 1), reason: 'Too long' },
    });
    expect(astral.statusCode).toBe(400);
    const versions = await t.ctx.db.document.count({ where: { parentId: documentId } });
    expect(versions).toBe(0);
  });
});

describe('NUL characters', () => {
  const canary = 'MRN-CANARY-4711';

  it('in any JSON string, nested or as a key, answer 400 with a stable code and echo nothing', async () => {
    const { mrn } = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn, text: 'Note.' },
    );
    await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
    const bodies: unknown[] = [
      { kind: 'addendum', text: `Allergic to\u0000 ${canary}`, reason: 'x' },
      { kind: 'addendum', text: 'fine', reason: `\u0000${canary}` },
      { kind: 'addendum', text: 'fine', reason: 'x', nested: [{ deep: [`${canary}\u0000`] }] },
      { kind: 'addendum', text: 'fine', reason: 'x', [`key\u0000${canary}`]: 1 },
    ];
    for (const payload of bodies) {
      const res = await records.request({
        method: 'POST',
        url: `/api/v1/documents/${documentId}/amend`,
        payload: payload as object,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.body).not.toContain(canary);
    }
    // The same as raw JSON text with the \u0000 escape (what a client actually sends).
    const raw = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/amend`,
      headers: { 'content-type': 'application/json' },
      payload: `{"kind":"addendum","text":"a\\u0000${canary}","reason":"x"}`,
    });
    expect(raw.statusCode).toBe(400);
    expect(await t.ctx.db.document.count({ where: { parentId: documentId } })).toBe(0);
  });

  it('in a multipart upload field: 400 before anything is stored', async () => {
    const { mrn } = await createTestPatient(t);
    const res = await uploadAs(
      physician,
      { patientMrn: `${mrn}\u0000${canary}`, workType: 'PROGRESS', priority: 'ROUTINE' },
      { data: Buffer.from('RIFF') },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.body).not.toContain(canary);
  });

  it('in a query string, a transcript save and the (public) sign-in body: 400, never 500', async () => {
    const search = await records.request({ method: 'GET', url: `/api/v1/patients?q=${canary}%00` });
    expect(search.statusCode).toBe(400);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: `\u0000${canary}`, password: 'x' },
    });
    expect(login.statusCode).toBe(400);
    expect(login.body).not.toContain(canary);
  });
});
