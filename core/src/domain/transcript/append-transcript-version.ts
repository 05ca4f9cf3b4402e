import type { Tx } from '../../infra/db/client';
import type { TimedWord } from './word';

interface Common {
  dictationId: string;
  text: string;
  words: readonly TimedWord[];
}

/** An engine draft: one per transcription run (the unique (dictation, engineRun) index). */
export interface EngineVersion extends Common {
  source: 'engine';
  rawText: string;
  engine: string;
  model: string | null;
  engineRun: number;
  /** Each word's confidence before the organisation's own map (organisation-confidence.ts). */
  draftConfidences: number[];
}

/** A person's edit, on top of the version they started from (`after`: the editor's If-Match). */
export interface EditVersion extends Common {
  source: 'edit';
  authorId: string;
  after: number;
}

/**
 * The one place a transcript version is written, in the caller's transaction: numbered one past
 * the version it follows (an edit's base, or the latest for an engine draft). Two writers on the
 * same version collide on the unique (dictation, version) index (Prisma P2002): exactly one wins,
 * and the caller turns the other into its own answer (a stale edit, a duplicated job).
 */
export async function appendTranscriptVersion(
  tx: Tx,
  input: EngineVersion | EditVersion,
): Promise<{ version: number }> {
  const { dictationId, text } = input;
  const after =
    input.source === 'edit'
      ? input.after
      : ((
          await tx.transcriptVersion.findFirst({
            where: { dictationId },
            orderBy: { version: 'desc' },
            select: { version: true },
          })
        )?.version ?? 0);
  const origin =
    input.source === 'edit'
      ? { authorId: input.authorId }
      : {
          rawText: input.rawText,
          engine: input.engine,
          model: input.model,
          engineRun: input.engineRun,
          draftConfidences: input.draftConfidences,
        };
  return tx.transcriptVersion.create({
    data: {
      dictationId,
      version: after + 1,
      source: input.source,
      text,
      words: input.words as unknown as object,
      ...origin,
    },
    select: { version: true },
  });
}
