import { dictationStatuses } from '@dictum/core/domain/dictation/state-machine';
import { MAX_NOTE_TEXT_CHARS } from '@dictum/core/domain/transcript/text-limits';
import { z } from 'zod';

const statusEnum = z.enum(dictationStatuses);

const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() });

export const dictationSchema = z.object({
  id: z.string(),
  status: statusEnum,
  statusReason: z.string().nullable(),
  priority: z.enum(['STAT', 'ROUTINE']),
  workType: z.object({ code: z.string(), name: z.string(), requiresSignature: z.boolean() }),
  patient: z.object({ mrn: z.string(), name: z.string() }),
  encounter: z.object({ visitNumber: z.string(), location: z.string().nullable() }).nullable(),
  author: userRef,
  assignee: userRef.nullable(),
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
  returned: z.object({ comment: z.string(), at: z.string().nullable() }).nullable(),
});

export const dictationPage = z.object({ items: z.array(dictationSchema), nextCursor: z.string().nullable() });

const statusList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(z.array(statusEnum));

export const listQuery = z.object({
  status: statusList.optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  mine: z
    .enum(['1', 'true', '0', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
  priority: z.enum(['STAT', 'ROUTINE']).optional(),
  workType: z.string().max(32).optional(),
  author: z.string().max(100).optional(),
  /** Part of the patient's name or MRN, or of the author's username or name (case-insensitive). */
  q: z.string().trim().max(100).optional(),
});

export const idParams = z.object({ id: z.string().max(64) });

export const wordSchema = z
  .object({
    text: z.string().max(200),
    start: z.number().min(0),
    end: z.number().min(0),
    confidence: z.number().min(0).max(1).default(1),
    overSilence: z.boolean().optional(),
  })
  .refine((w) => w.end >= w.start, 'end before start');

export const transcriptSchema = z.object({
  version: z.number(),
  source: z.enum(['engine', 'edit']),
  text: z.string(),
  words: z.array(
    z.object({
      text: z.string(),
      start: z.number(),
      end: z.number(),
      confidence: z.number(),
      // Set on engine words that lie over silence (possibly invented by the recogniser).
      overSilence: z.boolean().optional(),
    }),
  ),
  engine: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.string(),
});

export const saveTranscriptBody = z.object({
  text: z.string().max(MAX_NOTE_TEXT_CHARS),
  words: z.array(wordSchema).max(200_000).optional(),
});

export const blankSchema = z.object({
  id: z.string(),
  position: z.number(),
  audioTime: z.number(),
  note: z.string().nullable(),
  status: z.enum(['OPEN', 'RESOLVED', 'ROUTED_TO_AUTHOR']),
  createdAt: z.string(),
  /** The author's answer to a routed blank (the blank is OPEN again until it is typed in). */
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export const answerBlankBody = z.object({ answer: z.string().trim().min(1).max(2000) });

export const createBlankBody = z.object({
  position: z.number().int().min(0),
  audioTime: z.number().min(0),
  note: z.string().max(1000).optional(),
});

export const updateBlankBody = z.object({
  status: z.enum(['OPEN', 'RESOLVED', 'ROUTED_TO_AUTHOR']),
  note: z.string().max(1000).optional(),
});

export const uploadReply = z.object({ id: z.string(), status: z.string(), possibleDuplicate: z.boolean() });

export const peaksSchema = z.object({ durationSec: z.number(), peaks: z.array(z.number()) });

export const transcriptVersionListSchema = z.array(
  z.object({
    version: z.number(),
    source: z.enum(['engine', 'edit']),
    engine: z.string().nullable(),
    model: z.string().nullable(),
    author: z.object({ id: z.string(), username: z.string() }).nullable(),
    createdAt: z.string(),
  }),
);

export const savedTranscriptReply = z.object({ version: z.number() });

export const blankListSchema = z.array(blankSchema);

export const blankParams = z.object({ id: z.string().max(64), blankId: z.string().uuid() });
