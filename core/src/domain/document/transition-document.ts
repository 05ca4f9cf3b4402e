import { actorRole } from '../../actor';
import { AppError, notFound } from '../../errors';
import type { Prisma, Tx } from '../../infra/db/client';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { LifecycleTransitionInput, LifecycleTransitionResult } from '../lifecycle-transition';
import { type DocumentEvent, type DocumentStatus, planDocumentTransition } from './state-machine';

/** `data`: the signature, the filing, the retraction, ...; `details` never hold text, reasons or comments. */
export interface DocumentTransitionInput
  extends LifecycleTransitionInput<DocumentEvent, Prisma.DocumentUncheckedUpdateManyInput> {
  documentId: string;
}

export type DocumentTransitionResult = LifecycleTransitionResult<DocumentStatus>;

/**
 * The only way any code changes a document's status (or signs it): checks the state machine,
 * applies a conditional update (`WHERE id AND status = <the status we saw>` and, for a signature,
 * `signedAt IS NULL`), and appends one audit row, all inside the caller's transaction. Zero rows
 * updated means someone else moved it first.
 */
export async function transitionDocument(
  tx: Tx,
  input: DocumentTransitionInput,
): Promise<DocumentTransitionResult> {
  const current = await tx.document.findUnique({
    where: { id: input.documentId },
    select: { status: true, signedAt: true, patient: { select: { id: true, mrn: true } } },
  });
  if (!current) throw notFound('document');
  const from = current.status as DocumentStatus;
  const event: DocumentEvent =
    input.event.type === 'sign' ? { type: 'sign', alreadySigned: current.signedAt !== null } : input.event;
  const to = planDocumentTransition(from, event, actorRole(input.actor));
  const { count } = await tx.document.updateMany({
    where: {
      id: input.documentId,
      status: from,
      ...(event.type === 'sign' ? { signedAt: null } : {}),
    },
    data: { ...input.data, status: to },
  });
  if (count === 0) {
    throw new AppError('CONFLICT', 'the document changed meanwhile; reload and try again');
  }
  await recordAuditEvent(tx, input.actor, {
    action: `document.${actionName[event.type]}`,
    objectType: 'document',
    objectId: input.documentId,
    patient: current.patient,
    details: { from, to, ...input.details },
  });
  return { from, to };
}

// Past-tense audit actions, as the audit log already names them (document.filed, document.signed).
const actionName: Record<DocumentEvent['type'], string> = {
  sign: 'signed',
  file: 'filed',
  supersede: 'superseded',
  retract: 'retracted',
  return: 'returned',
};
