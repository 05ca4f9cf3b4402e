import { z } from 'zod';
import { cursorSchema, idParams, MAX_NOTE_TEXT_CHARS, pageLimit, pageOf, userRefSchema } from './common';
import { blankStatusSchema, dictationStatusSchema, prioritySchema, transcriptSourceSchema } from './enums';

// Dictations, their transcripts and blanks (SPEC §4). The list pages build the same view in SQL
// (api/src/services/dictations/dictation-page-query.ts); tests/api/dictation-view-contract.test.ts
// parses it with `dictationSchema.strict()`.

export const dictationSchema = z.object({
  id: z.string(),
  status: dictationStatusSchema,
  statusReason: z.string().nullable(),
  priority: prioritySchema,
  workType: z.object({ code: z.string(), name: z.string(), requiresSignature: z.boolean() }),
  patient: z.object({ mrn: z.string(), name: z.string() }),
  encounter: z.object({ visitNumber: z.string(), location: z.string().nullable() }).nullable(),
  author: userRefSchema,
  assignee: userRefSchema.nullable(),
  claimExpiresAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  audio: z.object({
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    available: z.boolean(),
  }),
  dictatedAt: z.string(),
  dueAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  transcriptVersion: z.number().nullable(),
  documentId: z.string().nullable(),
  possibleDuplicate: z.boolean(),
  /** Questions for the author: blanks routed to them and not yet answered. */
  questions: z.number().int(),
  /** The author sent the note back to transcription with this comment (cleared when finalized again). */
  returned: z.object({ comment: z.string(), at: z.string().nullable() }).nullable(),
});
export type Dictation = z.infer<typeof dictationSchema>;

export const dictationPage = pageOf(dictationSchema);
export type DictationPage = z.infer<typeof dictationPage>;

/** `status=A,B`: one or more statuses, any case. */
const statusList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(z.array(dictationStatusSchema));

/** GET /dictations and GET /worklist. */
export const listQuery = z.object({
  status: statusList.optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimit(200, 50),
  mine: z
    .enum(['1', 'true', '0', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
  priority: prioritySchema.optional(),
  workType: z.string().max(32).optional(),
  /** The dictating physician's username (transcriptionists often work one author's queue). */
  author: z.string().max(100).optional(),
  /** Part of the patient's name or MRN, or of the author's username or name (case-insensitive). */
  q: z.string().trim().max(100).optional(),
});
/** The query as the services get it (parsed). */
export type ListQuery = z.output<typeof listQuery>;
/** The query as a client sends it. */
export type ListQueryInput = z.input<typeof listQuery>;

export { idParams };

/** POST /dictations answers the new dictation's id and status (201). */
export const uploadReply = z.object({ id: z.string(), status: z.string(), possibleDuplicate: z.boolean() });
export type UploadReply = z.infer<typeof uploadReply>;

/** The waveform: 0..1, 50 per second. */
export const peaksSchema = z.object({ durationSec: z.number(), peaks: z.array(z.number()) });
export type Peaks = z.infer<typeof peaksSchema>;

/** A timed word of a transcript, as the API answers it. */
export const transcriptWordSchema = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number(),
  // Set on engine words that lie over silence (possibly invented by the recogniser).
  overSilence: z.boolean().optional(),
});
/** The same word as a client sends it (PUT /transcript): bounded, and it cannot end before it starts. */
export const wordSchema = transcriptWordSchema
  .extend({
    text: z.string().max(200),
    start: z.number().min(0),
    end: z.number().min(0),
    confidence: z.number().min(0).max(1).default(1),
  })
  .refine((w) => w.end >= w.start, 'end before start');
export type TranscriptWord = z.infer<typeof transcriptWordSchema>;

export const transcriptSchema = z.object({
  version: z.number(),
  source: transcriptSourceSchema,
  text: z.string(),
  words: z.array(transcriptWordSchema),
  engine: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.string(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

export const transcriptVersionListSchema = z.array(
  z.object({
    version: z.number(),
    source: transcriptSourceSchema,
    engine: z.string().nullable(),
    model: z.string().nullable(),
    author: z.object({ id: z.string(), username: z.string() }).nullable(),
    createdAt: z.string(),
  }),
);
export type TranscriptVersionInfo = z.infer<typeof transcriptVersionListSchema>[number];

export const savedTranscriptReply = z.object({ version: z.number() });
export type SavedTranscriptReply = z.infer<typeof savedTranscriptReply>;

export const saveTranscriptBody = z.object({
  text: z.string().max(MAX_NOTE_TEXT_CHARS),
  words: z.array(wordSchema).max(200_000).optional(),
});

export const blankSchema = z.object({
  id: z.string(),
  /** Character offset in the transcript text when the blank was inserted. */
  position: z.number(),
  audioTime: z.number(),
  note: z.string().nullable(),
  status: blankStatusSchema,
  createdAt: z.string(),
  /** The author's answer to a routed blank (the blank is OPEN again until it is typed in). */
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type Blank = z.infer<typeof blankSchema>;

export const blankListSchema = z.array(blankSchema);
export const blankParams = z.object({ id: z.string().max(64), blankId: z.string().uuid() });

export const answerBlankBody = z.object({ answer: z.string().trim().min(1).max(2000) });

export const createBlankBody = z.object({
  position: z.number().int().min(0),
  audioTime: z.number().min(0),
  note: z.string().max(1000).optional(),
});
export type CreateBlankBody = z.input<typeof createBlankBody>;

export const updateBlankBody = z.object({
  status: blankStatusSchema,
  note: z.string().max(1000).optional(),
});
export type UpdateBlankBody = z.input<typeof updateBlankBody>;
