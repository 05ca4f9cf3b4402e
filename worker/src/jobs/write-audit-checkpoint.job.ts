import { writeAuditCheckpoint } from '@dictum/core/domain/audit/audit-checkpoints';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { defineJob } from './job-definition';

/**
 * Anchors the audit chain head outside the database (core/src/domain/audit/audit-checkpoints.ts). Runs
 * every minute; writes only when AUDIT_CHECKPOINT_EVERY_ROWS rows or AUDIT_CHECKPOINT_EVERY_MINUTES
 * minutes have passed since the last checkpoint. Several workers may run it at once: the store
 * refuses a second write of the same checkpoint.
 */
export const writeAuditCheckpointJob = defineJob({
  name: 'write-audit-checkpoint',
  async handler(ctx, _data, _job, log) {
    const { checkpointKey, checkpointEveryRows, checkpointEveryMs, checkpointRetentionMs } = ctx.config.audit;
    if (!checkpointKey) return done(true);
    const outcome = await writeAuditCheckpoint(ctx.db, ctx.store, checkpointKey, {
      everyRows: checkpointEveryRows,
      everyMs: checkpointEveryMs,
      retainForMs: checkpointRetentionMs,
    });
    if (outcome.written) log.info({ rowId: outcome.rowId }, 'audit checkpoint written');
    return done(!outcome.written);
  },
});
