import { z } from 'zod';

// Pieces every resource of the REST contract is built from.

/** A list page: `{items, nextCursor}` (SPEC §4); nextCursor is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const cursorSchema = z.string().max(100);
/** `limit` of a list page: 1..max, `fallback` when absent. */
export const pageLimit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
export const pageQuery = z.object({ cursor: cursorSchema.optional(), limit: pageLimit(200, 50) });

export const idParams = z.object({ id: z.string().max(64) });

/** How a user is named beside an object (author, assignee, signer). */
export const userRefSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
});

/** A query bound: a date (YYYY-MM-DD) or an ISO date-time. */
export const dateOrDateTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'YYYY-MM-DD or an ISO date-time');

export const workTypeCodeSchema = z.string().trim().min(1).max(32);

/** Counts by a key (status, reason). */
export const countsSchema = z.record(z.string(), z.number());

/**
 * The longest note or transcript text the API accepts, in characters (code points, as zod counts
 * them; at most 800 KB of UTF-8). A four-hour dictation is about 36,000 words (~200,000 characters); longer text is not a
 * note but an attempt to make every later step (line counts, word error rate, PDF, HL7) slow.
 */
export const MAX_NOTE_TEXT_CHARS = 200_000;
