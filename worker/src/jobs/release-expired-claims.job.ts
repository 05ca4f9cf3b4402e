import { systemActor } from '@dictum/contracts/actor';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { defineJob } from './job-definition';

/**
 * A claim left open (closed laptop, lost session) returns to the worklist after its timeout — but
 * not while a question waits for the author ("Waiting for author"): that wait is not the
 * transcriptionist's, and the answer renews the claim (blanks.ts, answerBlank).
 */
export const releaseExpiredClaimsJob = defineJob({
  name: 'release-expired-claims',
  async handler(ctx, _data, _job, log) {
    const expired = await ctx.db.dictation.findMany({
      where: {
        status: 'IN_EDIT',
        claimExpiresAt: { lt: new Date() },
        blanks: { none: { status: 'ROUTED_TO_AUTHOR' } },
      },
      select: { id: true, _count: { select: { transcriptVersions: true } } },
      take: 500,
    });
    for (const d of expired) {
      await ctx.db
        .$transaction((tx) =>
          transitionDictation(tx, {
            dictationId: d.id,
            event: { type: 'release', hasTranscript: d._count.transcriptVersions > 0 },
            actor: systemActor('claim-timeout'),
            data: { assigneeId: null, claimedAt: null, claimExpiresAt: null },
            details: { reason: 'claim_timeout' },
          }),
        )
        .catch(() => {});
    }
    if (expired.length) log.info({ released: expired.length }, 'released expired claims');
    return done();
  },
});
