import { z } from 'zod';
import {
  cursorSchema,
  dateOrDateTime,
  idParams,
  MAX_NOTE_TEXT_CHARS,
  pageLimit,
  pageOf,
  pageQuery,
  userRefSchema,
} from './common';
import { deliverySchema, deliveryTargetName } from './deliveries';
import { documentKindSchema, documentStatuses, documentStatusSchema } from './enums';
import { mrnParams, patientAssignmentBody } from './patients';

// Documents: the finalized, signed and filed versions of a note, their amendments and line counts.

export const documentSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: documentKindSchema,
  version: z.number(),
  status: documentStatusSchema,
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
  author: userRefSchema,
  finalizedAt: z.string(),
  signedAt: z.string().nullable(),
  filedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  dictationId: z.string(),
  readyToFile: z.boolean(),
  awaitingSignature: z.boolean(),
  /** The author's signature on this version (who, when, sha256 of the text), or null. */
  signed: z.object({ by: userRefSchema, at: z.string(), textSha256: z.string().nullable() }).nullable(),
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
  /** AHDI lines (characters with spaces ÷ 65) and VA VBC lines (visible characters ÷ 65). */
  lines: z.object({ withSpaces: z.number(), visible: z.number() }),
  deliveries: z.array(deliverySchema),
});
export type DocumentSummary = z.infer<typeof documentSchema>;

export const documentWithText = documentSchema.extend({ text: z.string() });
export type DocumentWithText = z.infer<typeof documentWithText>;
/** addenda: for the current version of a note, the addenda filed to it or to versions it replaced. */
export const documentDetailSchema = documentWithText.extend({ addenda: z.array(documentWithText) });
export type DocumentDetail = z.infer<typeof documentDetailSchema>;
export const documentVersionsSchema = z.array(documentWithText);

export const documentPage = pageOf(documentSchema);
export const documentDetailPage = pageOf(documentWithText);

/** Filters of GET /documents?status=: READY = finalized without a signature needed, or signed. */
export const documentListStatuses = ['READY', 'AWAITING_SIGNATURE', ...documentStatuses] as const;
export type DocumentListStatus = (typeof documentListStatuses)[number];

export { deliverySchema, idParams, mrnParams, pageQuery };
/** Before filing: the note belongs to another patient (or visit). */
export const reassignBody = patientAssignmentBody;
/** After a retraction: the note again, as a new document under the right patient. */
export const refileBody = patientAssignmentBody;

export const retryParams = z.object({ id: z.string().max(64), target: z.string().regex(deliveryTargetName) });

export const listDocumentsQuery = z.object({
  status: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(documentListStatuses))
    .optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimit(200, 50),
});
export type ListDocumentsQuery = z.output<typeof listDocumentsQuery>;

const password = z.string().max(1024).optional();
/** A current code of the user's second factor (TOTP), as an alternative to the password. */
const code = z
  .string()
  .regex(/^\d{6}$/)
  .optional();
const reasonText = z.string().trim().min(1).max(2000);

export const amendKinds = ['addendum', 'replacement'] as const;
export type AmendKind = (typeof amendKinds)[number];

export const amendBody = z.object({
  kind: z.enum(amendKinds),
  text: z.string().min(1).max(MAX_NOTE_TEXT_CHARS),
  /** Required: why the note is amended. */
  reason: reasonText,
  /** The author signing their own amendment, without a sign-in in the last 5 minutes. */
  password,
  code,
});
export type AmendBody = z.input<typeof amendBody>;

export const signBody = z.object({
  password,
  code,
  /** Edit then sign: the author's corrected text becomes a new version, signed. */
  text: z.string().min(1).max(MAX_NOTE_TEXT_CHARS).optional(),
});
export type SignBody = z.input<typeof signBody>;
export const returnBody = z.object({ comment: z.string().trim().min(1).max(4000) });
export const retractBody = z.object({ reason: reasonText });

export const amendResponse = z.object({ id: z.string(), number: z.string() });
export type AmendResponse = z.infer<typeof amendResponse>;

export const lineCountGroupings = ['total', 'day', 'month'] as const;
export type LineCountGrouping = (typeof lineCountGroupings)[number];

export const lineCountQuery = z.object({
  /** YYYY-MM-DD (start of that UTC day) or an ISO date-time; default: the start of this month (UTC). */
  from: dateOrDateTime.optional(),
  /** YYYY-MM-DD (inclusive: up to the end of that UTC day) or an ISO date-time (exclusive); default: now. */
  to: dateOrDateTime.optional(),
  groupBy: z.enum(lineCountGroupings).default('total'),
});
export type LineCountQuery = z.output<typeof lineCountQuery>;

export const lineCountReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(lineCountGroupings),
  charactersPerLine: z.number(),
  definitions: z.record(z.string(), z.string()),
  items: z.array(
    z.object({
      transcriptionist: userRefSchema.extend({ role: z.string() }),
      /** YYYY-MM-DD (day), YYYY-MM (month) or null (the whole range). */
      period: z.string().nullable(),
      documents: z.number(),
      linesWithSpaces: z.number(),
      linesVisible: z.number(),
    }),
  ),
  totals: z.object({ documents: z.number(), linesWithSpaces: z.number(), linesVisible: z.number() }),
});
export type LineCountReport = z.infer<typeof lineCountReportSchema>;
