import { Readable } from 'node:stream';
import { loadConfig } from '@dictum/core/infra/config';
import { createLogger } from '@dictum/core/infra/logger';
import { newObjectKey } from '@dictum/core/infra/storage/object-store';
import { describe, expect, it } from 'vitest';
import { purgeExpiredAudioJob } from '../../worker/src/jobs/purge-expired-audio.job';
import { createTestPatient, signedInUser } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp, useWorkerContext } from '../support/use-test-app';

const { t } = useTestApp();
const worker = useWorkerContext(() => loadConfig({ ...process.env, AUDIO_RETENTION_DAYS: '30' }));

async function filedDictation(filedDaysAgo: number) {
  const physician = await signedInUser(t, 'PHYSICIAN');
  const { mrn } = await createTestPatient(t);
  const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: mrn });
  const audioKey = newObjectKey('audio');
  await t.ctx.store.put(audioKey, Readable.from([Buffer.from('RIFF audio bytes')]));
  const d = await t.ctx.db.dictation.update({ where: { id }, data: { audioKey, status: 'FILED' } });
  const filedAt = new Date(Date.now() - filedDaysAgo * 86_400_000);
  await t.ctx.db.document.create({
    data: {
      number: `RET-${id.slice(0, 8)}`,
      dictationId: id,
      patientId: d.patientId,
      workTypeId: d.workTypeId,
      status: 'FILED',
      text: 'kept',
      authorId: physician.id,
      finalizedById: physician.id,
      filedAt,
      filedById: physician.id,
      linesWithSpaces: 1,
      linesVisible: 1,
    },
  });
  return { id, audioKey };
}

describe('audio retention', () => {
  it('purges audio the configured days after filing, keeps the document, and audits each purge', async () => {
    const old = await filedDictation(31);
    const recent = await filedDictation(5);
    const outcome = await purgeExpiredAudioJob.handler(
      worker,
      {},
      undefined as never,
      createLogger('silent'),
    );
    expect(outcome).toEqual({ done: true });
    expect(await t.ctx.store.stat(old.audioKey)).toBeNull();
    expect(await t.ctx.store.stat(recent.audioKey)).not.toBeNull();
    const purged = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: old.id } });
    expect(purged.audioPurgedAt).not.toBeNull();
    expect(await t.ctx.db.document.count({ where: { dictationId: old.id } })).toBe(1);
    expect(
      await t.ctx.db.auditEvent.count({ where: { action: 'dictation.audio_purged', objectId: old.id } }),
    ).toBe(1);
  });
});
