import { normalizeLineBreaks } from '@dictum/core/capability/interop/hl7-mdm';
import { countLines, type LineCounts } from '@dictum/core/capability/interop/line-counts';
import {
  createDeliveries,
  enqueueDeliveries,
  type ScheduledDelivery,
} from '@dictum/core/domain/delivery/schedule-deliveries';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { createDocumentVersion } from '@dictum/core/domain/document/create-document';
import { transitionDocument } from '@dictum/core/domain/document/transition-document';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { assertRecentAuthentication, type RequestAuth } from './recent-authentication';
import { requiredText } from './required-text';

export interface AmendInput {
  kind: 'addendum' | 'replacement';
  text: string;
  /** Why the note is amended: required, shown to the author and in the records screens. */
  reason: string;
  /** The author's password, when they sign their own amendment by saving it. */
  password?: string;
  /** Or a current second-factor code. */
  code?: string;
}

/**
 * Changes after filing never touch the filed version: an addendum is a new document that appends to
 * it; a replacement is a new full version that supersedes it (the old one stays, SUPERSEDED, and the
 * EHR is told so). Either is filed and delivered at once (FHIR relatesTo, MDM T06/T10).
 *
 * Who wrote it decides whether it is signed: the author's own amendment is signed by saving it (with
 * a fresh sign-in or their password); one written by records staff is unsigned (DO, never LA) and,
 * when the work type needs a signature, waits on the author's "to sign" list.
 */
export async function amendDocument(
  ctx: AppContext,
  actor: UserActor,
  parentId: string,
  input: AmendInput,
  auth: RequestAuth,
) {
  const parent = await findVisibleDocument(ctx, actor, parentId, { id: true, authorId: true });
  const reason = requiredText(input.reason, 'reason');
  const byAuthor = actor.role === 'PHYSICIAN' && actor.userId === parent.authorId;
  if (byAuthor) await assertRecentAuthentication(ctx, actor, auth, input.password, input.code);
  // Counted before the transaction: CPU work never holds a pooled connection or the parent's lock.
  const text = normalizeLineBreaks(input.text);
  const lines = countLines(text);
  const result = await ctx.db.$transaction((tx) =>
    amendInTransaction(tx, ctx, actor, parent.id, { kind: input.kind, text, reason, lines }, byAuthor),
  );
  await enqueueDeliveries(ctx.db, ctx.queues, result.deliveries, actor.requestId);
  return result.created;
}

type Tx = Parameters<Parameters<AppContext['db']['$transaction']>[0]>[0];

/** The amendment inside the caller's transaction; the caller enqueues the deliveries after commit. */
export async function amendInTransaction(
  tx: Tx,
  ctx: AppContext,
  actor: UserActor,
  parentId: string,
  input: {
    kind: 'addendum' | 'replacement';
    /** The text with its line breaks already normalized (LF). */
    text: string;
    reason: string;
    /** Line counts of the text, computed by the caller before its transaction. */
    lines: LineCounts;
  },
  signedByAuthor: boolean,
): Promise<{ created: { id: string; number: string }; deliveries: ScheduledDelivery[] }> {
  const { text, lines } = input;
  if (!text.trim()) throw new AppError('VALIDATION_FAILED', 'invalid or missing: text');
  const kind = input.kind === 'addendum' ? 'ADDENDUM' : 'REPLACEMENT';
  // Lock the parent: two amendments at once must not both supersede it or race a replacement.
  await tx.$queryRaw`SELECT id FROM "Document" WHERE id = ${parentId}::uuid FOR UPDATE`;
  const p = await tx.document.findUniqueOrThrow({
    where: { id: parentId },
    select: {
      id: true,
      status: true,
      version: true,
      dictationId: true,
      patientId: true,
      encounterId: true,
      workTypeId: true,
      authorId: true,
      patient: { select: { id: true, mrn: true } },
    },
  });
  assertAmendable(p.status);
  const now = new Date();
  const deliveries: ScheduledDelivery[] = [];
  if (kind === 'REPLACEMENT') {
    await transitionDocument(tx, {
      documentId: p.id,
      event: { type: 'supersede' },
      actor,
      data: { supersededAt: now },
    });
    // The receivers hold the old version as current: tell them it is superseded.
    deliveries.push(...(await createDeliveries(tx, p.id, ctx.config.delivery, 'SUPERSEDE')));
  }
  const doc = await createDocumentVersion(tx, actor, {
    dictationId: p.dictationId,
    patient: p.patient,
    encounterId: p.encounterId,
    workTypeId: p.workTypeId,
    authorId: p.authorId,
    kind,
    parentId: p.id,
    version: p.version + 1,
    status: 'FILED',
    text,
    lines,
    finalizedById: actor.userId,
    filedById: actor.userId,
    reason: input.reason,
    signedByAuthor,
    now,
  });
  await transitionDictation(tx, {
    dictationId: p.dictationId,
    event: { type: 'amend' },
    actor,
    details: { documentId: doc.id, parentId: p.id, kind },
  });
  deliveries.push(...(await createDeliveries(tx, doc.id, ctx.config.delivery, 'PUBLISH')));
  return { created: doc, deliveries };
}

function assertAmendable(status: string) {
  if (status === 'FILED') return;
  if (status === 'SUPERSEDED') {
    throw new AppError('INVALID_STATE', 'this version has been superseded; amend the current version', {
      status,
    });
  }
  throw new AppError('INVALID_STATE', 'only a filed note can be amended; file it first', { status });
}
