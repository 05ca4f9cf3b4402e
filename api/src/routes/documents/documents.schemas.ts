import { deliveryTargets } from '@dictum/core/delivery/delivery-targets';
import { z } from 'zod';
import { documentListStatuses } from '../../services/documents/list-documents';
import { mrnSchema } from '../patients/patients.schemas';

const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() });

export const deliverySchema = z.object({
  target: z.string(),
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
  status: z.enum(['FINALIZED', 'SIGNED', 'FILED', 'SUPERSEDED']),
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
  lines: z.object({ withSpaces: z.number(), visible: z.number() }),
  deliveries: z.array(deliverySchema),
});

export const documentDetailSchema = documentSchema.extend({ text: z.string() });

export const documentPage = z.object({ items: z.array(documentSchema), nextCursor: z.string().nullable() });
export const documentDetailPage = z.object({
  items: z.array(documentDetailSchema),
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
export const retryParams = z.object({ id: z.string().max(64), target: z.enum(deliveryTargets) });

export const reassignBody = z.object({
  patientMrn: mrnSchema,
  encounter: z.string().trim().min(1).max(64).optional(),
});

export const amendBody = z.object({
  kind: z.enum(['addendum', 'replacement']),
  text: z.string().min(1).max(2_000_000),
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
