import { randomUUID } from 'node:crypto';
import type { QualityReport } from '@dictum/contracts/reports';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPatient, createTestWorkType, createUserAccount } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';
import { auditRows, EVERY_ROLE, expectAdminOnly, nonAdmins } from './admin-support';

const users = useTestApp({ users: EVERY_ROLE });
const { t, admin } = users;
const others = nonAdmins(users);

// DraftQuality rows of this file's own engines, authors and work types, at known times: the report's
// numbers for them are exact whatever else the shared database holds.
const id = randomUUID().slice(0, 8);
const engineA = `engine-a-${id}`;
const engineB = `engine-b-${id}`;
const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const day1 = new Date(today - 3 * DAY + 10 * 3_600_000);
const day2 = new Date(today - 2 * DAY + 15 * 3_600_000);
const longAgo = new Date(today - 40 * DAY);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
let author1: { id: string; username: string };
let author2: { id: string; username: string };
let workType1: { id: string; code: string; name: string };
let workType2: { id: string; code: string; name: string };

beforeAll(async () => {
  const db = t.ctx.db;
  author1 = await createUserAccount(t.ctx, 'PHYSICIAN');
  author2 = await createUserAccount(t.ctx, 'PHYSICIAN');
  await db.user.update({ where: { id: author1.id }, data: { displayName: `Dr Quality ${id}` } });
  workType1 = await createTestWorkType(t, 'QW1');
  workType2 = await createTestWorkType(t, 'QW2');
  const row = (
    engine: string,
    author: { id: string },
    wt: { id: string },
    createdAt: Date,
    draftWords: number,
    finalWords: number,
    wordErrors: number,
  ) => ({
    documentId: randomUUID(),
    dictationId: randomUUID(),
    engine,
    authorId: author.id,
    workTypeId: wt.id,
    draftWords,
    finalWords,
    wordErrors,
    wer: wordErrors / finalWords,
    createdAt,
  });
  await db.draftQuality.createMany({
    data: [
      row(engineA, author1, workType1, day1, 10, 12, 3),
      row(engineA, author2, workType1, day1, 20, 18, 2),
      row(engineB, author1, workType2, day2, 5, 10, 5),
      // Outside the period asked for below.
      row(engineA, author1, workType1, longAgo, 100, 100, 50),
    ],
  });
});

/** Rows written before the flag was measured: sums of nothing, no rates. */
const unflagged = {
  flaggedWords: 0,
  flaggedChanged: 0,
  changedDraftWords: 0,
  flagPrecision: null,
  flagRecall: null,
};

const period = () => `from=${ymd(day1)}&to=${ymd(day2)}`;
async function report(query: string) {
  const res = await admin.request({ method: 'GET', url: `/api/v1/admin/quality?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as QualityReport;
}

describe('draft quality report', () => {
  it('is for admins only (401 without a session, 403 for other roles)', async () => {
    await expectAdminOnly(t, others, [{ method: 'GET', url: '/api/v1/admin/quality' }]);
  });

  it('rejects malformed queries with 400 and unknown filters with 422', async () => {
    for (const query of [
      'groupBy=patient',
      'from=yesterday',
      'to=2026-13-01',
      'from=2026-02-30',
      `from=${ymd(day2)}&to=${ymd(day1)}`,
    ]) {
      const res = await admin.request({ method: 'GET', url: `/api/v1/admin/quality?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const unknownType = await admin.request({
      method: 'GET',
      url: '/api/v1/admin/quality?workType=NO-SUCH-TYPE-X',
    });
    expect(unknownType.statusCode).toBe(422);
    const unknownAuthor = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/quality?author=nobody-${id}`,
    });
    expect(unknownAuthor.statusCode).toBe(422);
  });

  it('by engine (the default): sums per engine and WER = total word errors / total final words', async () => {
    const body = await report(period());
    expect(body.groupBy).toBe('engine');
    expect(body.from).toBe(`${ymd(day1)}T00:00:00.000Z`);
    expect(body.to).toBe(new Date(Date.parse(`${ymd(day2)}T00:00:00.000Z`) + DAY).toISOString());
    const mine = body.items.filter((i) => i.key === engineA || i.key === engineB);
    expect(mine).toEqual([
      {
        key: engineA,
        label: engineA,
        documents: 2,
        draftWords: 30,
        finalWords: 30,
        wordErrors: 5,
        wer: 5 / 30,
        ...unflagged,
      },
      {
        key: engineB,
        label: engineB,
        documents: 1,
        draftWords: 5,
        finalWords: 10,
        wordErrors: 5,
        wer: 0.5,
        ...unflagged,
      },
    ]);
    // The totals are the sums of every item.
    const sum = (k: 'documents' | 'wordErrors' | 'finalWords') => body.items.reduce((n, i) => n + i[k], 0);
    expect(body.totals.documents).toBe(sum('documents'));
    expect(body.totals.wordErrors).toBe(sum('wordErrors'));
    expect(body.totals.wer).toBeCloseTo(sum('wordErrors') / sum('finalWords'), 12);
  });

  it('by author, labelled with the display name and username', async () => {
    const body = await report(`${period()}&groupBy=author`);
    const mine = body.items.filter((i) => i.key === author1.id || i.key === author2.id);
    expect(mine).toEqual(
      expect.arrayContaining([
        {
          key: author1.id,
          label: `Dr Quality ${id} (${author1.username})`,
          documents: 2,
          draftWords: 15,
          finalWords: 22,
          wordErrors: 8,
          wer: 8 / 22,
          ...unflagged,
        },
        {
          key: author2.id,
          label: author2.username,
          documents: 1,
          draftWords: 20,
          finalWords: 18,
          wordErrors: 2,
          wer: 2 / 18,
          ...unflagged,
        },
      ]),
    );
    expect(mine).toHaveLength(2);
  });

  it('by work type, keyed by code and labelled with the name', async () => {
    const body = await report(`${period()}&groupBy=workType`);
    const mine = body.items.filter((i) => i.key === workType1.code || i.key === workType2.code);
    expect(mine).toEqual([
      {
        key: workType1.code,
        label: workType1.name,
        documents: 2,
        draftWords: 30,
        finalWords: 30,
        wordErrors: 5,
        wer: 5 / 30,
        ...unflagged,
      },
      {
        key: workType2.code,
        label: workType2.name,
        documents: 1,
        draftWords: 5,
        finalWords: 10,
        wordErrors: 5,
        wer: 0.5,
        ...unflagged,
      },
    ]);
  });

  it('by day, narrowed to one engine, author or work type, with exact totals', async () => {
    const byEngine = await report(`${period()}&groupBy=day&engine=${engineA}`);
    expect(byEngine.items).toEqual([
      {
        key: ymd(day1),
        label: ymd(day1),
        documents: 2,
        draftWords: 30,
        finalWords: 30,
        wordErrors: 5,
        wer: 5 / 30,
        ...unflagged,
      },
    ]);
    expect(byEngine.totals).toEqual({
      documents: 2,
      draftWords: 30,
      finalWords: 30,
      wordErrors: 5,
      wer: 5 / 30,
      ...unflagged,
    });

    const byAuthor = await report(`${period()}&groupBy=day&author=${author1.username}`);
    expect(byAuthor.items).toEqual([
      {
        key: ymd(day1),
        label: ymd(day1),
        documents: 1,
        draftWords: 10,
        finalWords: 12,
        wordErrors: 3,
        wer: 3 / 12,
        ...unflagged,
      },
      {
        key: ymd(day2),
        label: ymd(day2),
        documents: 1,
        draftWords: 5,
        finalWords: 10,
        wordErrors: 5,
        wer: 0.5,
        ...unflagged,
      },
    ]);
    expect(byAuthor.totals).toEqual({
      documents: 2,
      draftWords: 15,
      finalWords: 22,
      wordErrors: 8,
      wer: 8 / 22,
      ...unflagged,
    });

    // The default period is the last 30 days: the row from 40 days ago is left out, asked for it is in.
    const recent = await report(`groupBy=engine&workType=${workType1.code}`);
    expect(recent.totals).toEqual({
      documents: 2,
      draftWords: 30,
      finalWords: 30,
      wordErrors: 5,
      wer: 5 / 30,
      ...unflagged,
    });
    const old = await report(`from=${ymd(longAgo)}&to=${ymd(longAgo)}&workType=${workType1.code}`);
    expect(old.items).toEqual([
      {
        key: engineA,
        label: engineA,
        documents: 1,
        draftWords: 100,
        finalWords: 100,
        wordErrors: 50,
        wer: 0.5,
        ...unflagged,
      },
    ]);

    // Nothing in the period: no items, zero totals and no WER.
    const none = await report(`from=2001-01-01&to=2001-01-02&engine=${engineA}`);
    expect(none.items).toEqual([]);
    expect(none.totals).toEqual({
      documents: 0,
      draftWords: 0,
      finalWords: 0,
      wordErrors: 0,
      wer: null,
      ...unflagged,
    });
  });

  it("sums how the editor's flag did over the drafts where it was measured", async () => {
    const engineC = `engine-c-${id}`;
    // An author and work type of its own: the other tests' exact sums stay the same in any order.
    const author = await createUserAccount(t.ctx, 'PHYSICIAN');
    const workType = await createTestWorkType(t, 'QW3');
    const base = { engine: engineC, authorId: author.id, workTypeId: workType.id, createdAt: day1 };
    await t.ctx.db.draftQuality.createMany({
      data: [
        {
          ...base,
          documentId: randomUUID(),
          dictationId: randomUUID(),
          draftWords: 40,
          finalWords: 40,
          wordErrors: 8,
          wer: 0.2,
          flaggedWords: 10,
          flaggedChanged: 6,
          changedDraftWords: 8,
        },
        {
          ...base,
          documentId: randomUUID(),
          dictationId: randomUUID(),
          draftWords: 20,
          finalWords: 20,
          wordErrors: 1,
          wer: 0.05,
          flaggedWords: 0,
          flaggedChanged: 0,
          changedDraftWords: 0,
        },
        // Not measured (an older row, or too long to align): in the WER, not in the flag's rates.
        {
          ...base,
          documentId: randomUUID(),
          dictationId: randomUUID(),
          draftWords: 30,
          finalWords: 30,
          wordErrors: 9,
          wer: 0.3,
        },
      ],
    });
    const body = await report(`${period()}&engine=${engineC}`);
    expect(body.items).toEqual([
      expect.objectContaining({
        key: engineC,
        documents: 3,
        wordErrors: 18,
        flaggedWords: 10,
        flaggedChanged: 6,
        changedDraftWords: 8,
        flagPrecision: 0.6,
        flagRecall: 0.75,
      }),
    ]);
    expect(body.totals).toMatchObject({ flagPrecision: 0.6, flagRecall: 0.75 });
    expect(body.definitions.flagPrecision).toMatch(/more likely wrong than right/);
  });

  it('viewing the report is audited', async () => {
    await report(`${period()}&groupBy=workType`);
    const rows = await auditRows(t, admin.username, 'report.quality_viewed');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.at(-1)).toMatchObject({
      role: 'ADMIN',
      objectType: 'report',
      patientMrn: null,
      details: expect.objectContaining({ groupBy: 'workType' }),
    });
  });

  it('a note finalized through the API shows up with the draft-to-final edit distance and how the flag did', async () => {
    const physician = others.PHYSICIAN;
    const transcriptionist = others.TRANSCRIPTIONIST;
    const patient = await createTestPatient(t);
    // The engine draft: "patient seen today for follow up blood pressure is stable" (10 words).
    const dictationId = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
    });
    // The editor flags "today" (kept) and "is" (deleted below): one flag right, one wrong.
    const draft = await t.ctx.db.transcriptVersion.findFirstOrThrow({ where: { dictationId } });
    const words = (draft.words as { text: string; confidence: number }[]).map((w) => ({
      ...w,
      confidence: w.text === 'today' || w.text === 'is' ? 0.3 : w.confidence,
    }));
    await t.ctx.db.transcriptVersion.update({ where: { id: draft.id }, data: { words } });
    expect(
      (await transcriptionist.request({ method: 'POST', url: `/api/v1/dictations/${dictationId}/claim` }))
        .statusCode,
    ).toBe(200);
    const saved = await transcriptionist.request({
      method: 'PUT',
      url: `/api/v1/dictations/${dictationId}/transcript`,
      headers: { 'if-match': '"1"' },
      // "is" deleted, "and improving" inserted: 3 word errors against 11 final words.
      payload: { text: 'patient seen today for follow up blood pressure stable and improving' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const fin = await transcriptionist.request({
      method: 'POST',
      url: `/api/v1/dictations/${dictationId}/finalize`,
    });
    expect(fin.statusCode, fin.body).toBe(200);

    const body = await report(`groupBy=author&author=${physician.username}`);
    expect(body.items).toEqual([
      {
        key: physician.id,
        label: physician.username,
        documents: 1,
        draftWords: 10,
        finalWords: 11,
        wordErrors: 3,
        wer: 3 / 11,
        // "is" is the one draft word changed ("and improving" are new words, not draft words).
        flaggedWords: 2,
        flaggedChanged: 1,
        changedDraftWords: 1,
        flagPrecision: 0.5,
        flagRecall: 1,
      },
    ]);
    const byEngine = await report(`groupBy=engine&author=${physician.username}`);
    expect(byEngine.items.map((i) => i.key)).toEqual(['pocketsphinx']);
  });
});
