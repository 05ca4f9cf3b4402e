import { deliveryTargetName } from '@dictum/core/domain/delivery/delivery-targets';
import { documentStatuses } from '@dictum/core/domain/document/state-machine';
import { MAX_NOTE_TEXT_CHARS } from '@dictum/core/domain/transcript/text-limits';
import { z } from 'zod';
import { documentListStatuses } from '../../services/documents/list-documents';
import { mrnSchema } from '../patients/patients.schemas';

const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() });

export const deliverySchema = z.object({
  target: z.string(),
  event: z.enum(['PUBLISH', 'SUPERSEDE', 'RETRACT']),
  status: z.enum(['PENDING', 'SENT', 'FAILED']),
  attempts: z.number(),
  /** A reason code and status numbers; never patient data. */
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const documentSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['ORIGINAL', 'ADDENDUM', 'REPLACEMENT']),
  version: z.number(),
  status: z.enum(documentStatuses),
  parentId: z.string().nullable(),
  patient: z.object({ mrn: z.string(), name: z.string() }),
  encounter: z
    .object({ visitNumber: z.string(), date: z.string().nullable(), location: z.string().nullable() })
    .nullable(),
  workType: z.object({
    code: z.string(),
    name: z.string(),
    loinc: z.string(),
    requiresSignature: z.boolean(),
  }),
  author: userRef,
  finalizedAt: z.string(),
  signedAt: z.string().nullable(),
  filedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  dictationId: z.string(),
  readyToFile: z.boolean(),
  awaitingSignature: z.boolean(),
  /** The author's signature on this version (who, when, sha256 of the text), or null. */
  signed: z.object({ by: userRef, at: z.string(), textSha256: z.string().nullable() }).nullable(),
  /** SPEC §2: HL7 TXA-17, FHIR docStatus and plain words, from the facts of this version. */
  completion: z.object({
    hl7: z.enum(['LA', 'DO']),
    docStatus: z.enum(['preliminary', 'final', 'amended']),
    label: z.string(),
    signaturePending: z.boolean(),
  }),
  /** Why this amendment was written (addenda, replacements, the author's corrections). */
  reason: z.string().nullable(),
  retraction: z.object({ at: z.string(), byId: z.string().nullable(), reason: z.string() }).nullable(),
  returnedAt: z.string().nullable(),
  lines: z.object({ withSpaces: z.number(), visible: z.number() }),
  deliveries: z.array(deliverySchema),
});

const documentWithText = documentSchema.extend({ text: z.string() });
/** addenda: for the current version of a note, the addenda filed to it or to versions it replaced. */
export const documentDetailSchema = documentWithText.extend({ addenda: z.array(documentWithText) });
export const documentVersionsSchema = z.array(documentWithText);

export const documentPage = z.object({ items: z.array(documentSchema), nextCursor: z.string().nullable() });
export const documentDetailPage = z.object({
  items: z.array(documentWithText),
  nextCursor: z.string().nullable(),
});

export const listDocumentsQuery = z.object({
  status: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(documentListStatuses))
    .optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const pageQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const idParams = z.object({ id: z.string().max(64) });
export const mrnParams = z.object({ mrn: z.string().max(64) });
export const retryParams = z.object({ id: z.string().max(64), target: z.string().regex(deliveryTargetName) });

export const reassignBody = z.object({
  patientMrn: mrnSchema,
  encounter: z.string().trim().min(1).max(64).optional(),
});

const password = z.string().max(1024).optional();
/** A current code of the user's second factor (TOTP), as an alternative to the password. */
const code = z
  .string()
  .regex(/^\d{6}$/)
  .optional();
const reasonText = z.string().trim().min(1).max(2000);

export const amendBody = z.object({
  kind: z.enum(['addendum', 'replacement']),
  text: z.string().min(1).max(MAX_NOTE_TEXT_CHARS),
  /** Required: why the note is amended. */
  reason: reasonText,
  /** The author signing their own amendment, without a sign-in in the last 5 minutes. */
  password,
  code,
});

export const signBody = z.object({
  password,
  code,
  /** Edit then sign: the author's corrected text becomes a new version, signed. */
  text: z.string().min(1).max(MAX_NOTE_TEXT_CHARS).optional(),
});
export const returnBody = z.object({ comment: z.string().trim().min(1).max(4000) });
export const retractBody = z.object({ reason: reasonText });
export const refileBody = z.object({
  patientMrn: mrnSchema,
  encounter: z.string().trim().min(1).max(64).optional(),
});

export const amendResponse = z.object({ id: z.string(), number: z.string() });

const dateOrDateTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'YYYY-MM-DD or an ISO date-time');

export const lineCountQuery = z.object({
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  groupBy: z.enum(['total', 'day', 'month']).default('total'),
});

export const lineCountReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['total', 'day', 'month']),
  charactersPerLine: z.number(),
  definitions: z.record(z.string(), z.string()),
  items: z.array(
    z.object({
      transcriptionist: userRef.extend({ role: z.string() }),
      /** YYYY-MM-DD (day), YYYY-MM (month) or null (the whole range). */
      period: z.string().nullable(),
      documents: z.number(),
      linesWithSpaces: z.number(),
      linesVisible: z.number(),
    }),
  ),
  totals: z.object({ documents: z.number(), linesWithSpaces: z.number(), linesVisible: z.number() }),
});
