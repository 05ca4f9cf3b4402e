import { randomUUID } from 'node:crypto';
import { systemActor } from '@dictum/core/actor';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import type { Prisma } from '@dictum/core/infra/db/client';
import { describe, expect, it } from 'vitest';
import { createTestPatient, createTestWorkType, createUserAccount } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';
import { EVERY_ROLE, expectAdminOnly, nonAdmins } from './admin-support';

const users = useTestApp({ users: EVERY_ROLE });
const { t, admin } = users;
const others = nonAdmins(users);

interface Dashboard {
  workType: string | null;
  dictations: { byStatus: Record<string, number>; total: number };
  overdue: { STAT: number; ROUTINE: number; total: number };
  oldestWaiting: Record<string, { count: number; oldestSince: string | null; ageSeconds: number | null }>;
  transcriptionFailures: { since: string; total: number; byReason: Record<string, number> };
  finalizedToday: { since: string; documents: number };
  turnaround: { since: string; documents: number; medianSeconds: number | null };
  deliveries: { byStatus: Record<string, number>; total: number };
}

async function dashboard(query = ''): Promise<{ body: Dashboard; raw: string }> {
  const res = await admin.request({ method: 'GET', url: `/api/v1/admin/dashboard${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json(), raw: res.body };
}

const HOUR = 3_600_000;

describe('operations dashboard', () => {
  it('is for admins only (401 without a session, 403 for other roles)', async () => {
    await expectAdminOnly(t, others, [{ method: 'GET', url: '/api/v1/admin/dashboard' }]);
  });

  it('answers 422 for an unknown work type and 400 for a malformed one', async () => {
    const unknown = await admin.request({
      method: 'GET',
      url: '/api/v1/admin/dashboard?workType=NOPE-NOT-A-TYPE',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('UNKNOWN_WORK_TYPE');
    const malformed = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/dashboard?workType=${'X'.repeat(40)}`,
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('its counts move with the dictations, documents and deliveries added, and it names no patient', async () => {
    const db = t.ctx.db;
    // A work type of this test's own, so its figures are exact whatever else the shared database holds.
    const workType = await createTestWorkType(t, 'DASH');
    const q = `?workType=${workType.code}`;
    const beforeAll = (await dashboard()).body;
    const empty = (await dashboard(q)).body;
    expect(empty.workType).toBe(workType.code);
    expect(empty.dictations.total).toBe(0);
    expect(Object.values(empty.dictations.byStatus).every((n) => n === 0)).toBe(true);
    expect(empty.overdue).toEqual({ STAT: 0, ROUTINE: 0, total: 0 });
    expect(empty.oldestWaiting.UPLOADED).toEqual({ count: 0, oldestSince: null, ageSeconds: null });
    expect(empty.transcriptionFailures).toMatchObject({ total: 0, byReason: {} });
    expect(empty.finalizedToday.documents).toBe(0);
    expect(empty.turnaround).toMatchObject({ documents: 0, medianSeconds: null });
    expect(empty.deliveries).toEqual({ byStatus: { PENDING: 0, SENT: 0, FAILED: 0 }, total: 0 });

    const author = await createUserAccount(t.ctx, 'PHYSICIAN');
    const patient = await createTestPatient(t);
    const patientRow = await db.patient.findUniqueOrThrow({ where: { mrn: patient.mrn } });
    const now = Date.now();
    const dictation = (data: Partial<Prisma.DictationUncheckedCreateInput>) =>
      db.dictation.create({
        data: {
          authorId: author.id,
          patientId: patientRow.id,
          workTypeId: workType.id,
          priority: 'ROUTINE',
          status: 'UPLOADED',
          dictatedAt: new Date(now - HOUR),
          dueAt: new Date(now + 24 * HOUR),
          audioSha256: '0'.repeat(64),
          audioContentType: 'audio/wav',
          audioSizeBytes: 1000n,
          ...data,
        },
      });
    // Overdue STAT, waiting for two hours.
    await dictation({ priority: 'STAT', dueAt: new Date(now - HOUR), createdAt: new Date(now - 2 * HOUR) });
    // Overdue ROUTINE draft, five hours old; a draft due tomorrow.
    await dictation({
      status: 'DRAFT_READY',
      dueAt: new Date(now - HOUR / 2),
      createdAt: new Date(now - 5 * HOUR),
    });
    await dictation({ status: 'DRAFT_READY' });
    // A failure sitting in TRANSCRIPTION_FAILED.
    await dictation({ status: 'TRANSCRIPTION_FAILED', statusReason: 'AUDIO_UNDECODABLE' });
    // A failure the worker recorded (audited), then claimed for manual transcription: still counted.
    const manual = await dictation({ status: 'TRANSCRIBING' });
    await db.$transaction((tx) =>
      transitionDictation(tx, {
        dictationId: manual.id,
        event: { type: 'transcriptionFailed' },
        actor: systemActor('transcription'),
        data: { statusReason: 'ENGINE_TIMEOUT' },
        details: { reason: 'ENGINE_TIMEOUT' },
      }),
    );
    const claim = await others.TRANSCRIPTIONIST.request({
      method: 'POST',
      url: `/api/v1/dictations/${manual.id}/claim`,
    });
    expect(claim.statusCode, claim.body).toBe(200);
    // Two notes finalized today, dictated 3 and 5 hours before: median turnaround 4 hours. Both were
    // due long ago, but finalized work is never overdue.
    const finalizedAt = new Date(now);
    const documentFor = async (status: 'FINALIZED' | 'FILED', hoursBefore: number) => {
      const d = await dictation({
        status,
        dictatedAt: new Date(finalizedAt.getTime() - hoursBefore * HOUR),
        dueAt: new Date(now - 48 * HOUR),
      });
      return db.document.create({
        data: {
          number: `DOC-TEST-${randomUUID().slice(0, 12)}`,
          dictationId: d.id,
          patientId: patientRow.id,
          workTypeId: workType.id,
          status,
          text: 'final text',
          authorId: author.id,
          finalizedById: others.TRANSCRIPTIONIST.id,
          finalizedAt,
          linesWithSpaces: 1,
          linesVisible: 1,
        },
      });
    };
    await documentFor('FINALIZED', 3);
    const filed = await documentFor('FILED', 5);
    await db.delivery.createMany({
      data: [
        { documentId: filed.id, target: 'fhir', status: 'SENT', attempts: 1, deliveredAt: new Date() },
        { documentId: filed.id, target: 'mllp', status: 'FAILED', attempts: 10 },
        { documentId: filed.id, target: 'folder', status: 'PENDING' },
      ],
    });

    const { body: after, raw } = await dashboard(q);
    expect(after.dictations.byStatus).toEqual({
      UPLOADED: 1,
      QUEUED: 0,
      TRANSCRIBING: 0,
      DRAFT_READY: 2,
      TRANSCRIPTION_FAILED: 1,
      IN_EDIT: 1,
      FINALIZED: 1,
      SIGNED: 0,
      FILED: 1,
      AMENDED: 0,
      CANCELLED: 0,
    });
    expect(after.dictations.total).toBe(7);
    expect(after.overdue).toEqual({ STAT: 1, ROUTINE: 1, total: 2 });
    expect(after.oldestWaiting.UPLOADED!.count).toBe(1);
    expect(after.oldestWaiting.UPLOADED!.oldestSince).toBe(new Date(now - 2 * HOUR).toISOString());
    expect(after.oldestWaiting.UPLOADED!.ageSeconds).toBeGreaterThanOrEqual(7200);
    expect(after.oldestWaiting.UPLOADED!.ageSeconds).toBeLessThan(7200 + 60);
    expect(after.oldestWaiting.DRAFT_READY).toMatchObject({
      count: 2,
      oldestSince: new Date(now - 5 * HOUR).toISOString(),
    });
    expect(after.oldestWaiting.IN_EDIT!.count).toBe(1);
    expect(after.oldestWaiting.QUEUED).toEqual({ count: 0, oldestSince: null, ageSeconds: null });
    expect(Object.keys(after.oldestWaiting)).not.toContain('FILED');
    expect(Object.keys(after.oldestWaiting)).not.toContain('CANCELLED');
    expect(after.transcriptionFailures).toMatchObject({
      total: 2,
      byReason: { AUDIO_UNDECODABLE: 1, ENGINE_TIMEOUT: 1 },
    });
    expect(after.finalizedToday.documents).toBe(2);
    expect(after.turnaround).toMatchObject({ documents: 2, medianSeconds: 4 * 3600 });
    expect(after.deliveries).toEqual({ byStatus: { PENDING: 1, SENT: 1, FAILED: 1 }, total: 3 });

    // Aggregates only: not the patient's name or MRN, nor the author's username.
    expect(raw).not.toContain(patient.mrn);
    expect(raw).not.toContain(patient.name);
    expect(raw).not.toContain(author.username);

    // The whole-system view moved by at least as much (other test files add rows meanwhile).
    const afterAll = (await dashboard()).body;
    expect(afterAll.dictations.total - beforeAll.dictations.total).toBeGreaterThanOrEqual(7);
    expect(afterAll.deliveries.total - beforeAll.deliveries.total).toBeGreaterThanOrEqual(3);
    expect(afterAll.finalizedToday.documents - beforeAll.finalizedToday.documents).toBeGreaterThanOrEqual(2);
    expect(afterAll.transcriptionFailures.byReason.ENGINE_TIMEOUT ?? 0).toBeGreaterThanOrEqual(1);

    // No PENDING row left behind for the delivery sweeps of other files and later runs.
    await db.delivery.updateMany({
      where: { documentId: filed.id, status: 'PENDING' },
      data: { status: 'FAILED', lastError: 'TEST_CLEANUP' },
    });
  });
});
