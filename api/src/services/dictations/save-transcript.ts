import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { alignWordsToText } from '@dictum/core/domain/transcript/align-words';
import { appendTranscriptVersion } from '@dictum/core/domain/transcript/append-transcript-version';
import type { TimedWord } from '@dictum/core/domain/transcript/word';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertClaimant, findVisibleDictation } from '../access/dictation-access';
import { isUniqueViolation } from '../writes/unique-write';

/** `"3"`, `W/"3"` or `3` → 3; anything else is not a version. */
export function parseIfMatch(header: string | undefined): number | null {
  if (!header) return null;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : null;
}

/**
 * A transcriptionist's save: a new transcript version, only on top of the version the editor
 * started from (optimistic concurrency via If-Match). A stale save gets 412 and changes nothing, so
 * the client keeps its text and shows the conflict.
 */
export async function saveTranscript(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: { text: string; words?: TimedWord[]; ifMatch: string | undefined },
) {
  const base = parseIfMatch(input.ifMatch);
  if (base === null) throw new AppError('VERSION_REQUIRED', 'send If-Match with the version you edited');
  const d = await findVisibleDictation(ctx, actor, id);
  assertClaimant(d, actor);
  const current = await ctx.db.transcriptVersion.findFirst({
    where: { dictationId: d.id },
    orderBy: { version: 'desc' },
    select: { version: true, words: true },
  });
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== base) throw stale(currentVersion);
  const text = input.text.replace(/\r\n?/g, '\n');
  const words = input.words ?? alignWordsToText((current?.words as unknown as TimedWord[]) ?? [], text);
  try {
    const version = await ctx.db.$transaction(async (tx) => {
      const row = await appendTranscriptVersion(tx, {
        dictationId: d.id,
        source: 'edit',
        after: base,
        text,
        words,
        authorId: actor.userId,
      });
      // The claim is checked again where the version is written: a release, a timeout or another
      // claim that lands between the read above and this commit rolls the save back.
      const { count } = await tx.dictation.updateMany({
        where: { id: d.id, status: 'IN_EDIT', assigneeId: actor.userId },
        data: { claimExpiresAt: new Date(Date.now() + ctx.config.workflow.claimTimeoutMs) },
      });
      if (count === 0) throw new AppError('NOT_CLAIMED_BY_YOU', 'claim the dictation before editing it');
      await recordAuditEvent(tx, actor, {
        action: 'transcript.saved',
        objectType: 'dictation',
        objectId: d.id,
        patient: d.patient,
        details: { version: row.version, words: words.length },
      });
      return row.version;
    });
    return { version };
  } catch (error) {
    // Two saves on one version: the unique (dictation, version) lets exactly one through.
    if (isUniqueViolation(error)) throw stale(base + 1);
    throw error;
  }
}

const stale = (currentVersion: number) =>
  new AppError('VERSION_STALE', 'the transcript changed since you loaded it', { currentVersion });
