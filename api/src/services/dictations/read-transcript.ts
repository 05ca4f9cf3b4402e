import type { Transcript, TranscriptWord } from '@dictum/contracts/dictations';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';
import { auditDictationRead } from './audit-dictation-read';

export async function readTranscript(ctx: AppContext, actor: UserActor, id: string): Promise<Transcript> {
  const d = await findVisibleDictation(ctx, actor, id);
  const latest = await ctx.db.transcriptVersion.findFirst({
    where: { dictationId: d.id },
    orderBy: { version: 'desc' },
  });
  if (!latest) throw new AppError('NOT_FOUND', 'no transcript yet', { code: 'NO_TRANSCRIPT' });
  await auditDictationRead(ctx, actor, 'transcript.viewed', d, { version: latest.version });
  return {
    version: latest.version,
    source: latest.source,
    text: latest.text,
    words: latest.words as unknown as TranscriptWord[],
    engine: latest.engine,
    model: latest.model,
    createdAt: latest.createdAt.toISOString(),
  };
}

export async function listTranscriptVersions(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  const versions = await ctx.db.transcriptVersion.findMany({
    where: { dictationId: d.id },
    orderBy: { version: 'asc' },
    select: {
      version: true,
      source: true,
      engine: true,
      model: true,
      createdAt: true,
      author: { select: { id: true, username: true } },
    },
  });
  await auditDictationRead(ctx, actor, 'transcript.versions_listed', d);
  return versions.map((v) => ({
    version: v.version,
    source: v.source,
    engine: v.engine,
    model: v.model,
    author: v.author,
    createdAt: v.createdAt.toISOString(),
  }));
}
