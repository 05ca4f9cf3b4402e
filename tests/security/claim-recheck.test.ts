import { AppError } from '@dictum/core/errors';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../api/src/context';
import { saveTranscript } from '../../api/src/services/dictations/save-transcript';
import { createTestPatient, createUserAccount } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';

// A claim that ends between the save's checks and its commit (released, timed out, taken over)
// must not let the save through: the claim is checked again inside the writing transaction.

const { t, mt } = useTestApp({ users: { mt: 'TRANSCRIPTIONIST' } });

describe('transcript saves and the claim', () => {
  it('a claim released just before the write commits rolls the save back', async () => {
    const author = await createUserAccount(t.ctx, 'PHYSICIAN');
    const { mrn } = await createTestPatient(t);
    const id = await draftReadyDictation(t.ctx.db, { authorId: author.id, patientMrn: mrn });
    expect((await mt.request({ method: 'POST', url: `/api/v1/dictations/${id}/claim` })).statusCode).toBe(
      200,
    );

    // The release lands after every check of the save and before its transaction.
    const db = t.ctx.db;
    const racingDb = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== '$transaction') return Reflect.get(target, prop, receiver);
        return async (fn: Parameters<typeof db.$transaction>[0]) => {
          await db.dictation.update({ where: { id }, data: { status: 'DRAFT_READY', assigneeId: null } });
          return db.$transaction(fn);
        };
      },
    });
    const racingCtx = { ...t.ctx, db: racingDb } as AppContext;
    const actor = { kind: 'user' as const, userId: mt.id, username: mt.username, role: mt.role };
    const attempt = saveTranscript(racingCtx, actor, id, { text: 'late edit', ifMatch: '"1"' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_CLAIMED_BY_YOU' });
    expect(await db.transcriptVersion.count({ where: { dictationId: id } })).toBe(1);
  });
});
