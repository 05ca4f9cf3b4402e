import { z } from 'zod';
import { countsSchema, dateOrDateTime, workTypeCodeSchema } from './common';
import { targetStatusSchema } from './deliveries';
import { prioritySchema } from './enums';

// Reports: the operations dashboard and draft quality (admins), the worklist's backlog and output
// (transcriptionists). Counts only, no patient data.

export const qualityGroupings = ['engine', 'author', 'workType', 'day'] as const;
export type QualityGrouping = (typeof qualityGroupings)[number];

export const qualityQuery = z.object({
  /** Default: 30 days before `to`. */
  from: dateOrDateTime.optional(),
  /** Default: now. A date-only `to` includes that whole (UTC) day. */
  to: dateOrDateTime.optional(),
  groupBy: z.enum(qualityGroupings).default('engine'),
  engine: z.string().trim().min(1).max(100).optional(),
  workType: workTypeCodeSchema.optional(),
  author: z.string().trim().min(1).max(100).optional(),
});
export type QualityQuery = z.output<typeof qualityQuery>;

const qualityFigures = z.object({
  documents: z.number(),
  draftWords: z.number(),
  finalWords: z.number(),
  wordErrors: z.number(),
  /** Total wordErrors ÷ total finalWords; null when finalWords is 0. */
  wer: z.number().nullable(),
  /** Draft words the editor flagged as low confidence, and of those the ones changed. */
  flaggedWords: z.number(),
  flaggedChanged: z.number(),
  /** Draft words the transcriptionists changed, flagged or not. */
  changedDraftWords: z.number(),
  /** flaggedChanged ÷ flaggedWords: how often a flagged word was wrong; null when none was flagged. */
  flagPrecision: z.number().nullable(),
  /** flaggedChanged ÷ changedDraftWords: how many of the wrong words the flag caught; null when none changed. */
  flagRecall: z.number().nullable(),
});
export type QualityFigures = z.infer<typeof qualityFigures>;

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
export type QualityReport = z.infer<typeof qualityReportSchema>;

export const dashboardQuery = z.object({ workType: workTypeCodeSchema.optional() });

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  workType: z.string().nullable(),
  definitions: z.record(z.string(), z.string()),
  dictations: z.object({ byStatus: countsSchema, total: z.number() }),
  overdue: z.object({ STAT: z.number(), ROUTINE: z.number(), total: z.number() }),
  oldestWaiting: z.record(
    z.string(),
    z.object({ count: z.number(), oldestSince: z.string().nullable(), ageSeconds: z.number().nullable() }),
  ),
  transcriptionFailures: z.object({ since: z.string(), total: z.number(), byReason: countsSchema }),
  finalizedToday: z.object({ since: z.string(), documents: z.number() }),
  turnaround: z.object({ since: z.string(), documents: z.number(), medianSeconds: z.number().nullable() }),
  deliveries: z.object({ byStatus: countsSchema, total: z.number() }),
  deliveryTargets: targetStatusSchema.shape.items,
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const group = { jobs: z.number().int(), audioMinutes: z.number(), overdue: z.number().int() };
/** Jobs waiting, their audio minutes, and how many are past due. */
export type BacklogGroup = z.infer<z.ZodObject<typeof group>>;
const output = z.object({ jobs: z.number().int(), lines: z.number().int() });

/** GET /worklist/stats: the backlog at a glance and the day's output. */
export const statsSchema = z.object({
  backlog: z.object({
    ...group,
    /** Drafts the engine left empty (silence) or failed: typed by hand. */
    needsManual: z.number().int(),
    /** Their ids (the worklist marks those rows), most urgent first, at most 500 (or among `among`). */
    needsManualIds: z.array(z.string()),
    oldestDictatedAt: z.string().nullable(),
    byPriority: z.array(z.object({ priority: prioritySchema, ...group })),
    byWorkType: z.array(z.object({ code: z.string(), name: z.string(), ...group })),
  }),
  /** The caller's own output (lines as billed: AHDI, 65 characters with spaces). */
  me: z.object({
    today: output,
    week: output,
    /** The caller's latest finalized documents today (the confirmation shows their lines). */
    recent: z.array(
      z.object({
        documentId: z.string(),
        dictationId: z.string(),
        lines: z.number().int(),
        finalizedAt: z.string(),
      }),
    ),
  }),
  /** Every transcriptionist who finalized something this week. */
  throughput: z.array(
    z.object({
      user: z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() }),
      today: output,
      week: output,
    }),
  ),
  /** Day and week boundaries used (UTC; the week starts on Monday). */
  since: z.object({ today: z.string(), week: z.string() }),
});
export type WorklistStats = z.infer<typeof statsSchema>;

export const statsQuery = z.object({
  /** Comma-separated dictation ids: report `needsManualIds` among these only. */
  among: z
    .string()
    .max(200 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().uuid()).max(200))
    .optional(),
});

export const dictationIdParams = z.object({ id: z.string().uuid() });

/** Beside the job (for the transcriptionist holding it): patient DOB/sex, author preferences, earlier notes. */
export const authorContextSchema = z.object({
  patient: z.object({ birthDate: z.string(), sex: z.string() }),
  authorPreferences: z.string().nullable(),
  earlierNotes: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      workType: z.string(),
      finalizedAt: z.string(),
      text: z.string(),
    }),
  ),
});
export type AuthorContext = z.infer<typeof authorContextSchema>;
