import { z } from 'zod';
import { qualityGroupings } from '../../services/reports/draft-quality-report';
import { targetStatusSchema } from '../deliveries/deliveries.schemas';

const dateOrDateTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'YYYY-MM-DD or an ISO date-time');

const workTypeCode = z.string().trim().min(1).max(32);

export const qualityQuery = z.object({
  /** Default: 30 days before `to`. */
  from: dateOrDateTime.optional(),
  /** Default: now. A date-only `to` includes that whole (UTC) day. */
  to: dateOrDateTime.optional(),
  groupBy: z.enum(qualityGroupings).default('engine'),
  engine: z.string().trim().min(1).max(100).optional(),
  workType: workTypeCode.optional(),
  author: z.string().trim().min(1).max(100).optional(),
});

const qualityFigures = z.object({
  documents: z.number(),
  draftWords: z.number(),
  finalWords: z.number(),
  wordErrors: z.number(),
  /** Total wordErrors ÷ total finalWords; null when finalWords is 0. */
  wer: z.number().nullable(),
});

export const qualityReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(qualityGroupings),
  definitions: z.record(z.string(), z.string()),
  items: z.array(
    qualityFigures.extend({
      /** Engine name, author user id, work type code, or YYYY-MM-DD. */
      key: z.string(),
      /** Engine name, author "Display Name (username)" or username, work type name, or the day. */
      label: z.string(),
    }),
  ),
  totals: qualityFigures,
});

export const dashboardQuery = z.object({ workType: workTypeCode.optional() });

const counts = z.record(z.string(), z.number());

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  workType: z.string().nullable(),
  definitions: z.record(z.string(), z.string()),
  dictations: z.object({ byStatus: counts, total: z.number() }),
  overdue: z.object({ STAT: z.number(), ROUTINE: z.number(), total: z.number() }),
  oldestWaiting: z.record(
    z.string(),
    z.object({ count: z.number(), oldestSince: z.string().nullable(), ageSeconds: z.number().nullable() }),
  ),
  transcriptionFailures: z.object({ since: z.string(), total: z.number(), byReason: counts }),
  finalizedToday: z.object({ since: z.string(), documents: z.number() }),
  turnaround: z.object({ since: z.string(), documents: z.number(), medianSeconds: z.number().nullable() }),
  deliveries: z.object({ byStatus: counts, total: z.number() }),
  deliveryTargets: targetStatusSchema.shape.items,
});
