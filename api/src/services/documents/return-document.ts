import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { transitionDocument } from '@dictum/core/domain/document/transition-document';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findAuthoredDocument } from '../access/document-access';
import { readDocumentAfterChange } from './read-document';
import { requiredText } from './required-text';

/**
 * The author sends a finalized, unsigned note back to transcription with a comment: the document
 * version is RETURNED (kept), the dictation goes back to the worklist (DRAFT_READY) carrying the
 * comment, which the transcriptionist sees in the editor and in GET /dictations/:id. Finalizing
 * again makes a new document.
 */
export async function returnDocument(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: { comment: string },
) {
  const comment = requiredText(input.comment, 'comment');
  const doc = await findAuthoredDocument(ctx, actor, id, {
    id: true,
    dictationId: true,
    dictation: { select: { documentId: true } },
  });
  if (doc.dictation.documentId !== doc.id) {
    throw new AppError('INVALID_STATE', 'only the current version of a note can be returned');
  }
  await ctx.db.$transaction(async (tx) => {
    const now = new Date();
    await transitionDocument(tx, {
      documentId: doc.id,
      event: { type: 'return' },
      actor,
      data: { returnedAt: now },
    });
    await transitionDictation(tx, {
      dictationId: doc.dictationId,
      event: { type: 'returnToTranscription' },
      actor,
      data: { documentId: null, returnComment: comment, returnedAt: now },
      details: { documentId: doc.id },
    });
  });
  return readDocumentAfterChange(ctx, doc.id);
}
