/**
 * The longest note or transcript text the API accepts, in UTF-16 code units (JavaScript string
 * length). A four-hour dictation is about 36,000 words (~200,000 characters); longer text is not a
 * note but an attempt to make every later step (line counts, word error rate, PDF, HL7) slow.
 */
export const MAX_NOTE_TEXT_CHARS = 200_000;
