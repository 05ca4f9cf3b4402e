import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastSerializerCompiler, responseJsonSchema } from '../../api/src/plugins/fast-serializer';
import { dictationPage } from '../../api/src/routes/dictations/dictations.schemas';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';

// The list pages' hot path (docs/benchmarks.md): one SQL statement through the driver builds the
// page, the session is read through the driver, the response is written by fast-json-stringify,
// and the audit row is appended through the driver. Same access rules, shapes and audit trail.

const { t, physician, other, transcriptionist, patient } = useTestApp({
  users: { physician: 'PHYSICIAN', other: 'PHYSICIAN', transcriptionist: 'TRANSCRIPTIONIST' },
  patient: true,
});
const ownIds: string[] = [];
let otherId: string;

beforeAll(async () => {
  for (let i = 0; i < 3; i++)
    ownIds.push(await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn }));
  otherId = await draftReadyDictation(t.ctx.db, { authorId: other.id, patientMrn: patient.mrn });
});

describe('list pages through the driver', () => {
  it("a physician's list holds only their own dictations, also with filters and a cursor", async () => {
    const all = await physician.request({ method: 'GET', url: '/api/v1/dictations?limit=200' });
    expect(all.statusCode).toBe(200);
    const ids = (all.json().items as { id: string }[]).map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(ownIds));
    expect(ids).not.toContain(otherId);
    const filtered = await physician.request({
      method: 'GET',
      url: `/api/v1/dictations?status=draft_ready&priority=ROUTINE&workType=PROGRESS&author=${other.username}`,
    });
    expect(filtered.json().items).toEqual([]);
    const paged = await physician.request({ method: 'GET', url: '/api/v1/dictations?limit=1' });
    expect(paged.json().nextCursor).toBe(paged.json().items[0].id);
  });

  it("another physician's dictation as the cursor gives an empty page, not a view into their list", async () => {
    const res = await physician.request({ method: 'GET', url: `/api/v1/dictations?cursor=${otherId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('each list request is one audited read, and the chain (rows appended through the driver) verifies', async () => {
    const before = await t.ctx.db.auditEvent.count({
      where: { userId: transcriptionist.id, action: 'worklist.viewed' },
    });
    const res = await transcriptionist.request({ method: 'GET', url: '/api/v1/worklist?limit=2' });
    expect(res.statusCode).toBe(200);
    const rows = await t.ctx.db.auditEvent.findMany({
      where: { userId: transcriptionist.id, action: 'worklist.viewed' },
      orderBy: { id: 'desc' },
    });
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({
      username: transcriptionist.username,
      role: 'TRANSCRIPTIONIST',
      objectType: 'dictation',
      details: { count: res.json().items.length },
    });
    expect(Math.abs(rows[0]!.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });
});

describe('fast serializer for the list response', () => {
  it('turns zod nullable objects into fast-json-stringify nullable, and writes what zod would', () => {
    const schema = responseJsonSchema(dictationPage) as {
      properties: {
        items: { items: { properties: Record<string, { nullable?: boolean; anyOf?: unknown }> } };
      };
    };
    const item = schema.properties.items.items.properties;
    expect(item.encounter).toMatchObject({ type: 'object', nullable: true });
    expect(item.encounter!.anyOf).toBeUndefined();
    expect(item.assignee).toMatchObject({ type: 'object', nullable: true });

    const view = {
      id: 'd1',
      status: 'DRAFT_READY',
      statusReason: null,
      priority: 'STAT',
      workType: { code: 'PROGRESS', name: 'Progress note', requiresSignature: false },
      patient: { mrn: 'M1', name: 'Pat "Q" Ient' },
      encounter: null,
      author: { id: 'u1', username: 'dr', displayName: null },
      assignee: { id: 'u2', username: 'mt', displayName: 'M T' },
      claimExpiresAt: null,
      durationSec: 12.5,
      audio: { contentType: 'audio/wav', sizeBytes: 1000, sha256: 'x', available: true },
      dictatedAt: '2026-01-01T00:00:00.000Z',
      dueAt: '2026-01-02T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      transcriptVersion: 1,
      documentId: null,
      possibleDuplicate: false,
      questions: 2,
      returned: { comment: 'Please re-listen at 0:40', at: '2026-01-01T01:00:00.000Z' },
    };
    const page = { items: [{ ...view, notInTheSchema: 'dropped' }], nextCursor: null };
    const serialize = fastSerializerCompiler({ schema: dictationPage });
    expect(JSON.parse(serialize(page))).toEqual(z.encode(dictationPage, page as never));
  });
});
