import { systemActor } from '@dictum/contracts/actor';
import { peaksObjectKey } from '@dictum/core/capability/audio/peaks-key';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { defineJob } from './job-definition';

/**
 * Audio retention (SPEC §7): AUDIO_RETENTION_DAYS after a dictation's document was filed, its audio
 * is deleted from storage and the dictation marked purged; the document itself is kept. Each
 * purge is audited. 0 days (the default) keeps audio forever.
 */
export const purgeExpiredAudioJob = defineJob({
  name: 'purge-expired-audio',
  async handler(ctx, _data, _job, log) {
    const days = ctx.config.workflow.audioRetentionDays;
    if (days <= 0) return done(true);
    const cutoff = new Date(Date.now() - days * 86_400_000);
    const due = await ctx.db.dictation.findMany({
      where: {
        audioPurgedAt: null,
        audioKey: { not: null },
        status: { in: ['FILED', 'AMENDED'] },
        documents: { some: { kind: 'ORIGINAL', filedAt: { lt: cutoff } } },
      },
      select: { id: true, audioKey: true, audioVersion: true, patient: { select: { id: true, mrn: true } } },
      take: 500,
    });
    const actor = systemActor('retention');
    for (const d of due) {
      // Delete first: if the row update then fails, the next run finds the row and the delete is a no-op.
      await ctx.store.delete(d.audioKey!);
      await ctx.store.delete(peaksObjectKey(d.id, d.audioVersion));
      await ctx.db.$transaction(async (tx) => {
        await tx.dictation.update({
          where: { id: d.id },
          data: { audioPurgedAt: new Date(), audioKey: null },
        });
        await recordAuditEvent(tx, actor, {
          action: 'dictation.audio_purged',
          objectType: 'dictation',
          objectId: d.id,
          patient: d.patient,
          details: { retentionDays: days },
        });
      });
    }
    if (due.length) log.info({ purged: due.length, retentionDays: days }, 'purged expired audio');
    return done();
  },
});
