-- The transcriptionists' worklist (drafts, manual jobs and the caller's own claims, STAT first, then
-- by due time) in index order: the page is read from the index instead of sorting every open item.
-- Partial, so it stays the size of the live work, not of the history. Hand-written: Prisma's schema
-- language has no partial indexes (see the note on model Dictation in schema.prisma).
CREATE INDEX "Dictation_worklist_idx" ON "Dictation"("priority", "dueAt", "id")
  WHERE "status" IN ('DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT');
