// "Waiting for author" (issue 16): a claimed job whose question is with the author is not released
// by the claim-timeout sweep while it waits; the author's answer renews the claim, and a claim with
// no question still times out as before.
import { createLogger } from '@dictum/core/infra/logger';
import { describe, expect, it } from 'vitest';
import { releaseExpiredClaimsJob } from '../../worker/src/jobs/release-expired-claims.job';
import type { SignedInUser } from '../support/api-harness';
import { askAuthor, draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp, useWorkerContext } from '../support/use-test-app';

const { t, physician, mt, patient } = useTestApp({
  users: { physician: 'PHYSICIAN', mt: 'TRANSCRIPTIONIST' },
  patient: true,
});
const worker = useWorkerContext();

const post = (user: SignedInUser, url: string, payload?: object) =>
  user.request({ method: 'POST', url, payload });
const sweep = () => releaseExpiredClaimsJob.handler(worker, {}, undefined as never, createLogger('silent'));
const expire = (id: string) =>
  t.ctx.db.dictation.update({ where: { id }, data: { claimExpiresAt: new Date(Date.now() - 60_000) } });
const status = async (id: string) =>
  (await t.ctx.db.dictation.findUniqueOrThrow({
    where: { id },
    select: { status: true, assigneeId: true },
  })) as {
    status: string;
    assigneeId: string | null;
  };

describe('waiting for the author', () => {
  it('the claim does not time out while a question waits; the answer renews it', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    expect((await post(mt, `/api/v1/dictations/${id}/claim`)).statusCode).toBe(200);
    const blankId = await askAuthor(mt, id, { position: 8, audioTime: 1.5 });
    // The worklist shows it with its question (the UI calls it "Waiting for author").
    const list = (await mt.request({ method: 'GET', url: `/api/v1/worklist?status=IN_EDIT` })).json();
    expect(list.items.find((d: { id: string }) => d.id === id)).toMatchObject({
      status: 'IN_EDIT',
      questions: 1,
    });

    await expire(id);
    await sweep();
    expect(await status(id)).toEqual({ status: 'IN_EDIT', assigneeId: mt.id });

    const answered = await post(physician, `/api/v1/dictations/${id}/blanks/${blankId}/answer`, {
      answer: 'metoprolol',
    });
    expect(answered.statusCode).toBe(200);
    const d = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id } });
    expect(d.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    await sweep();
    expect(await status(id)).toEqual({ status: 'IN_EDIT', assigneeId: mt.id });
  });

  it('a claim without a question still times out', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    expect((await post(mt, `/api/v1/dictations/${id}/claim`)).statusCode).toBe(200);
    await expire(id);
    await sweep();
    expect(await status(id)).toEqual({ status: 'DRAFT_READY', assigneeId: null });
  });
});
