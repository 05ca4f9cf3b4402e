/**
 * The longest note or transcript text the API accepts, in characters (code points, as zod counts
 * them; at most 800 KB of UTF-8). A four-hour dictation is about 36,000 words (~200,000 characters); longer text is not a
 * note but an attempt to make every later step (line counts, word error rate, PDF, HL7) slow.
 */
export const MAX_NOTE_TEXT_CHARS = 200_000;
