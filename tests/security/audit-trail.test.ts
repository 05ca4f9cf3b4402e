import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { systemActor } from '@dictum/core/actor';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { createDb } from '@dictum/core/infra/db/client';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestPatient, signedInUser } from '../support/api-harness';
import { createPrivateDatabase } from '../support/private-database';
import { useTestApp } from '../support/use-test-app';

const { t } = useTestApp();

async function dictationWithTranscript(authorId: string, patientMrn: string) {
  const patient = await t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: patientMrn } });
  const workType = await t.ctx.db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });
  const d = await t.ctx.db.dictation.create({
    data: {
      authorId,
      patientId: patient.id,
      workTypeId: workType.id,
      priority: 'ROUTINE',
      status: 'DRAFT_READY',
      dictatedAt: new Date(),
      dueAt: new Date(Date.now() + 86_400_000),
      audioSha256: 'x'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 10n,
      transcriptVersions: { create: { version: 1, source: 'engine', text: 'hello there', words: [] } },
    },
  });
  return d.id;
}

describe('audit trail', () => {
  it('reading a transcript adds an audit row naming the user, role, dictation and patient', async () => {
    const physician = await signedInUser(t, 'PHYSICIAN');
    const { mrn } = await createTestPatient(t);
    const id = await dictationWithTranscript(physician.id, mrn);
    const res = await physician.request({ method: 'GET', url: `/api/v1/dictations/${id}/transcript` });
    expect(res.statusCode).toBe(200);
    const row = await t.ctx.db.auditEvent.findFirst({ where: { action: 'transcript.viewed', objectId: id } });
    expect(row).toMatchObject({
      username: physician.username,
      role: 'PHYSICIAN',
      objectType: 'dictation',
      patientMrn: mrn,
    });
    expect(row!.ip).toBeTruthy();
    expect(row!.requestId).toBeTruthy();
  });

  it('the database refuses to update or delete audit rows', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await expect(
        client.query(`UPDATE "AuditEvent" SET action = 'x' WHERE id = (SELECT max(id) FROM "AuditEvent")`),
      ).rejects.toThrow(/append-only/);
      await expect(
        client.query(`DELETE FROM "AuditEvent" WHERE id = (SELECT max(id) FROM "AuditEvent")`),
      ).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('changing one row (with the trigger bypassed) makes audit-verify fail and name that row', async () => {
    // A database of its own: other test files verify the shared chain while this one is broken.
    const database = await createPrivateDatabase();
    const db = createDb(database.url, { max: 2 });
    const client = new pg.Client({ connectionString: database.url });
    try {
      for (let i = 0; i < 3; i++) await auditStandalone(db, systemActor('test'), { action: `probe.${i}` });
      const target = await db.auditEvent.findFirstOrThrow({ where: { action: 'probe.1' } });
      expect((await verifyAuditChain(db)).ok).toBe(true);
      await client.connect();
      // Only a superuser can switch triggers off; the chain still catches the change.
      await client.query(
        `SET session_replication_role = replica; UPDATE "AuditEvent" SET action = 'auth.nothing_to_see_here' WHERE id = ${target.id}; SET session_replication_role = origin;`,
      );
      const result = await verifyAuditChain(db);
      expect(result).toMatchObject({
        ok: false,
        firstBrokenId: target.id.toString(),
        reason: 'content-changed',
      });
      const cli = await promisify(execFile)(
        'node',
        ['--import', 'tsx', 'api/src/cli/admin.ts', 'audit-verify'],
        {
          env: { ...process.env, DATABASE_URL: database.url },
        },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect((cli as { code?: number }).code).toBe(1);
      expect(`${cli.stdout}${cli.stderr}`).toContain(target.id.toString());
    } finally {
      await client.end().catch(() => {});
      await db.$disconnect();
      await database.drop();
    }
  });

  it('admins query the audit log newest first, filtered by user and action', async () => {
    const admin = await signedInUser(t, 'ADMIN');
    const records = await signedInUser(t, 'RECORDS');
    const { mrn } = await createTestPatient(t);
    await records.request({ method: 'GET', url: `/api/v1/patients/${mrn}` });
    const res = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/audit?username=${records.username}&limit=5`,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      action: string;
      at: string;
      username: string;
      patientMrn: string | null;
    }[];
    expect(items[0]).toMatchObject({
      action: 'patient.viewed',
      username: records.username,
      patientMrn: mrn,
      role: 'RECORDS',
    });
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
    const byPatient = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/audit?patientMrn=${mrn}&action=patient.viewed`,
    });
    expect(byPatient.json().items).toHaveLength(1);
    const denied = await records.request({ method: 'GET', url: '/api/v1/admin/audit' });
    expect(denied.statusCode).toBe(403);
  });
});
