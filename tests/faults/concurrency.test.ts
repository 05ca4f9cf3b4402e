import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { type FaultStack, startFaultStack } from './fault-stack';

// Races over real HTTP against a running API process: simultaneous claims, saves on one version and
// finalizations. Conditional updates and unique keys decide each race exactly once.

let stack: FaultStack;
let physician: HttpClient;
let mrn: string;

beforeAll(async () => {
  stack = await startFaultStack();
  physician = await stack.user('PHYSICIAN');
  mrn = await stack.patient();
});
afterAll(async () => stack?.stop());

async function draft() {
  const upload = await stack.upload(physician, mrn);
  expect(upload.status).toBe(201);
  await stack.waitForStatuses([upload.body.id], ['DRAFT_READY'], 20_000);
  return upload.body.id as string;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('concurrent edits', () => {
  it('transcriptionists claiming the same dictation at once: exactly one wins, the others get 409', async () => {
    const id = await draft();
    const transcriptionists = await Promise.all([1, 2, 3, 4].map(() => stack.user('TRANSCRIPTIONIST')));
    const results = await Promise.all(
      transcriptionists.map((t) => t.json(`/api/v1/dictations/${id}/claim`, { method: 'POST' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const winner = transcriptionists[results.findIndex((r) => r.status === 200)]!;
    const row = await stack.db.dictation.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('IN_EDIT');
    expect((await winner.json('/api/v1/auth/me')).body.user.id).toBe(row.assigneeId);
    const claims = await stack.db.auditEvent.count({ where: { objectId: id, action: 'dictation.claim' } });
    expect(claims).toBe(1);
  });

  it('two saves on one version: one succeeds, the other gets 412 and its text is kept to save again', async () => {
    const id = await draft();
    const t = await stack.user('TRANSCRIPTIONIST');
    expect((await t.json(`/api/v1/dictations/${id}/claim`, { method: 'POST' })).status).toBe(200);
    const texts = [
      'First editor: blood pressure is well controlled.',
      'Second editor: blood pressure remains elevated.',
    ];
    const saves = await Promise.all(
      texts.map((text) =>
        t.json(`/api/v1/dictations/${id}/transcript`, {
          method: 'PUT',
          ...json({ text }, { 'if-match': '"1"' }),
        }),
      ),
    );
    expect(saves.map((s) => s.status).sort()).toEqual([200, 412]);
    const lost = saves.findIndex((s) => s.status === 412);
    expect(saves[lost]!.body.error.code).toBe('VERSION_STALE');
    expect(saves[lost]!.body.error.currentVersion).toBe(2);
    const kept = (
      await stack.db.transcriptVersion.findUniqueOrThrow({
        where: { dictationId_version: { dictationId: id, version: 2 } },
      })
    ).text;
    expect(kept).toBe(texts[1 - lost]);
    // The refused editor still has its text and saves it on top of the new version.
    const retry = await t.json(`/api/v1/dictations/${id}/transcript`, {
      method: 'PUT',
      ...json({ text: texts[lost] }, { 'if-match': '"2"' }),
    });
    expect(retry.status).toBe(200);
    const versions = await stack.db.transcriptVersion.findMany({
      where: { dictationId: id },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((v) => [v.version, v.source])).toEqual([
      [1, 'engine'],
      [2, 'edit'],
      [3, 'edit'],
    ]);
    expect(
      versions
        .slice(1)
        .map((v) => v.text)
        .sort(),
    ).toEqual([...texts].sort());
  });

  it('finalizing twice at once creates one document', async () => {
    const id = await draft();
    const t = await stack.user('TRANSCRIPTIONIST');
    expect((await t.json(`/api/v1/dictations/${id}/claim`, { method: 'POST' })).status).toBe(200);
    const results = await Promise.all(
      [1, 2, 3].map(() => t.json(`/api/v1/dictations/${id}/finalize`, { method: 'POST' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const documents = await stack.db.document.findMany({ where: { dictationId: id } });
    expect(documents).toHaveLength(1);
    const ok = results.find((r) => r.status === 200)!;
    expect(ok.body.documentId).toBe(documents[0]!.id);
    expect((await stack.db.dictation.findUniqueOrThrow({ where: { id } })).documentId).toBe(documents[0]!.id);
  });
});
