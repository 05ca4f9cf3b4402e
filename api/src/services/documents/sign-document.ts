import { normalizeLineBreaks } from '@dictum/core/capability/interop/hl7-mdm';
import { countLines } from '@dictum/core/capability/interop/line-counts';
import { enqueueDeliveries, type ScheduledDelivery } from '@dictum/core/domain/delivery/schedule-deliveries';
import { transitionDelivery } from '@dictum/core/domain/delivery/transition-delivery';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { createDocumentVersion, textSha256 } from '@dictum/core/domain/document/create-document';
import { transitionDocument } from '@dictum/core/domain/document/transition-document';
import { AppError } from '@dictum/core/errors';
import type { Tx } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findAuthoredDocument } from '../access/document-access';
import { amendInTransaction } from './amend-document';
import { readDocumentAfterChange } from './read-document';
import { assertRecentAuthentication, type RequestAuth } from './recent-authentication';

export interface SignInput {
  password?: string;
  /** A current code of the author's second factor, instead of the password. */
  code?: string;
  /** Edit then sign: the author's corrected text; the signature covers this new version. */
  text?: string;
}

const EDITED_WHEN_SIGNING = 'Corrected by the author when signing';

/**
 * The author signs one document version: who, when, and the sha256 of its text. A finalized note
 * becomes SIGNED (ready to file); a filed amendment written by records staff stays FILED, becomes
 * legally authenticated, and is delivered again so the EHR learns it. With `text`, the author's
 * corrected text is a new version signed by them (the unsigned one is superseded).
 */
export async function signDocument(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: SignInput,
  auth: RequestAuth,
) {
  const doc = await findAuthoredDocument(ctx, actor, id, {
    id: true,
    status: true,
    kind: true,
    version: true,
    text: true,
    authorId: true,
    signedAt: true,
    dictationId: true,
    encounterId: true,
    workTypeId: true,
    patient: { select: { id: true, mrn: true } },
    dictation: { select: { documentId: true, status: true } },
  });
  await assertRecentAuthentication(ctx, actor, auth, input.password, input.code);
  if (doc.signedAt)
    throw new AppError('INVALID_STATE', 'this version is already signed', { status: doc.status });

  const edited = input.text !== undefined ? normalizeLineBreaks(input.text) : null;
  const changed = edited !== null && edited !== doc.text;
  if (changed && !edited.trim()) throw new AppError('VALIDATION_FAILED', 'invalid or missing: text');
  // Counted and hashed before the transaction: CPU work never holds a pooled connection or a lock.
  const revision = changed ? { text: edited, lines: countLines(edited) } : null;
  const sha256 = textSha256(doc.text);

  const { documentId, deliveries } = await ctx.db.$transaction(async (tx) => {
    const now = new Date();
    if (revision && doc.status === 'FILED') {
      // A filed amendment the author corrects: a replacement, signed by saving it.
      const r = await amendInTransaction(
        tx,
        ctx,
        actor,
        doc.id,
        { kind: 'replacement', text: revision.text, lines: revision.lines, reason: EDITED_WHEN_SIGNING },
        true,
      );
      return { documentId: r.created.id, deliveries: r.deliveries };
    }
    if (revision) {
      // Not filed yet: the corrected text is the next version, signed; the unsigned one is kept.
      await transitionDocument(tx, {
        documentId: doc.id,
        event: { type: 'supersede' },
        actor,
        data: { supersededAt: now },
        details: { reason: 'edited_by_author' },
      });
      const created = await createDocumentVersion(tx, actor, {
        dictationId: doc.dictationId,
        patient: doc.patient,
        encounterId: doc.encounterId,
        workTypeId: doc.workTypeId,
        authorId: doc.authorId,
        kind: doc.kind,
        parentId: doc.id,
        version: doc.version + 1,
        status: 'SIGNED',
        text: revision.text,
        lines: revision.lines,
        finalizedById: actor.userId,
        reason: EDITED_WHEN_SIGNING,
        signedByAuthor: true,
        now,
      });
      await signFinalizedDictation(tx, actor, doc, created.id);
      return { documentId: created.id, deliveries: [] as ScheduledDelivery[] };
    }
    await transitionDocument(tx, {
      documentId: doc.id,
      event: { type: 'sign', alreadySigned: false },
      actor,
      data: { signedById: actor.userId, signedAt: now, signedTextSha256: sha256 },
      details: { textSha256: sha256 },
    });
    await signFinalizedDictation(tx, actor, doc, doc.id);
    const redeliver = doc.status === 'FILED' ? await republish(tx, actor, doc.id) : [];
    return { documentId: doc.id, deliveries: redeliver };
  });
  await enqueueDeliveries(ctx.db, ctx.queues, deliveries, actor.requestId);
  return readDocumentAfterChange(ctx, documentId);
}

/**
 * A filed note that just became legally authenticated goes to the EHR again (same document: the
 * receivers update it in place, now LA with its authenticator): its delivered PUBLISH messages are
 * resent through the delivery lifecycle (a new job round each), PENDING ones simply pick up the
 * signature when they run.
 */
async function republish(tx: Tx, actor: UserActor, documentId: string): Promise<ScheduledDelivery[]> {
  // Locked, so a delivery job finishing right now either commits first (we see it SENT and resend)
  // or waits for this commit (and then sees the signature and resends itself).
  await tx.$queryRaw`SELECT "id" FROM "Delivery" WHERE "documentId" = ${documentId}::uuid AND "event" = 'PUBLISH' FOR UPDATE`;
  const rows = await tx.delivery.findMany({
    where: { documentId, event: 'PUBLISH', status: { in: ['SENT', 'FAILED'] } },
    select: { id: true, attempts: true },
  });
  for (const row of rows) {
    await transitionDelivery(tx, {
      deliveryId: row.id,
      event: 'resent',
      actor,
      attempts: row.attempts,
      data: { round: { increment: 1 }, lastError: null, note: null },
      details: { reason: 'signed_by_author' },
    });
  }
  if (rows.length === 0) return [];
  const again = await tx.delivery.findMany({
    where: { id: { in: rows.map((r) => r.id) }, status: 'PENDING' },
    select: { id: true, target: true, round: true },
  });
  return again;
}

/**
 * Signing the dictation's current version signs the finalized dictation too (FINALIZED → SIGNED);
 * when the author corrected the text, the dictation points at the signed new version.
 */
async function signFinalizedDictation(
  tx: Tx,
  actor: UserActor,
  doc: { id: string; dictationId: string; dictation: { documentId: string | null; status: string } },
  signedId: string,
) {
  if (doc.dictation.documentId !== doc.id || doc.dictation.status !== 'FINALIZED') return;
  const edited = signedId !== doc.id;
  await transitionDictation(tx, {
    dictationId: doc.dictationId,
    event: { type: 'sign' },
    actor,
    ...(edited ? { data: { documentId: signedId } } : {}),
    details: edited ? { documentId: signedId, edited: true } : { documentId: signedId },
  });
}
