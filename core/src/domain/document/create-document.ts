import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../actor';
import type { Tx } from '../../infra/db/client';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { DocumentStatus } from './state-machine';

/** Human-readable, unique, stable: used as HL7 TXA-12 and the FHIR identifier. The only minting place. */
export function newDocumentNumber(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `DOC-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** What a signature covers: the exact text of one version (hex sha256 of its UTF-8 bytes). */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface NewDocumentVersion {
  dictationId: string;
  patient: { id: string; mrn: string };
  encounterId: string | null;
  workTypeId: string;
  authorId: string;
  kind?: 'ORIGINAL' | 'ADDENDUM' | 'REPLACEMENT';
  parentId?: string | null;
  version?: number;
  /** The status the version is born in: FINALIZED (sign-off), SIGNED (the author's own edit) or FILED (an amendment). */
  status: Extract<DocumentStatus, 'FINALIZED' | 'SIGNED' | 'FILED'>;
  text: string;
  /** Line counts, computed by the caller outside the transaction (CPU work never holds locks). */
  lines: { linesWithSpaces: number; linesVisible: number };
  transcriptVersionId?: string | null;
  /** Who wrote this text (the transcriptionist, records staff, or the author). */
  finalizedById: string;
  reason?: string | null;
  /** The author signs the version by saving it (their own amendment or edit). */
  signedByAuthor?: boolean;
  filedById?: string | null;
  now?: Date;
  /** Audit details: ids and codes only. */
  details?: Record<string, unknown>;
}

/**
 * Creates a document version with its number, line counts and, when the author saves it, the
 * signature over its text; one `document.created` audit row in the caller's transaction. Creating is
 * not a status change: later changes go through transitionDocument.
 */
export async function createDocumentVersion(tx: Tx, actor: Actor, input: NewDocumentVersion) {
  const now = input.now ?? new Date();
  const { lines } = input;
  const signed = input.signedByAuthor
    ? { signedById: input.authorId, signedAt: now, signedTextSha256: textSha256(input.text) }
    : {};
  const doc = await tx.document.create({
    data: {
      number: newDocumentNumber(now),
      dictationId: input.dictationId,
      patientId: input.patient.id,
      encounterId: input.encounterId,
      workTypeId: input.workTypeId,
      kind: input.kind ?? 'ORIGINAL',
      parentId: input.parentId ?? null,
      version: input.version ?? 1,
      status: input.status,
      text: input.text,
      transcriptVersionId: input.transcriptVersionId ?? null,
      authorId: input.authorId,
      finalizedById: input.finalizedById,
      finalizedAt: now,
      reason: input.reason ?? null,
      ...signed,
      ...(input.status === 'FILED'
        ? { filedById: input.filedById ?? input.finalizedById, filedAt: now }
        : {}),
      linesWithSpaces: lines.linesWithSpaces,
      linesVisible: lines.linesVisible,
    },
    select: { id: true, number: true },
  });
  await recordAuditEvent(tx, actor, {
    action: 'document.created',
    objectType: 'document',
    objectId: doc.id,
    patient: input.patient,
    details: {
      dictationId: input.dictationId,
      kind: input.kind ?? 'ORIGINAL',
      parentId: input.parentId ?? null,
      status: input.status,
      signed: !!input.signedByAuthor,
      ...input.details,
    },
  });
  return doc;
}
