import type { AuthorContext } from '@dictum/contracts/reports';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { holdsClaim } from '../access/dictation-access';
import { auditDictationRead } from '../dictations/audit-dictation-read';

// What the transcriptionist holding a job sees beside it (issue 16): the patient's date of birth
// and sex, the author's typing preferences, and the author's earlier notes for this patient
// (read-only). Only for the claimant: anyone else gets 404, as for any object they may not see.

const EARLIER_NOTES = 5;

export async function authorContext(
  ctx: AppContext,
  actor: UserActor,
  dictationId: string,
): Promise<AuthorContext> {
  const d = await ctx.db.dictation.findUnique({
    where: { id: dictationId },
    select: {
      id: true,
      status: true,
      assigneeId: true,
      authorId: true,
      author: { select: { authorPreferences: true } },
      patient: { select: { id: true, mrn: true, birthDate: true, sex: true } },
    },
  });
  if (!d || !holdsClaim(d, actor)) throw notFound('dictation');
  const notes = await ctx.db.document.findMany({
    where: {
      authorId: d.authorId,
      patientId: d.patient.id,
      dictationId: { not: d.id },
      status: { in: ['FINALIZED', 'SIGNED', 'FILED'] },
    },
    orderBy: { finalizedAt: 'desc' },
    take: EARLIER_NOTES,
    select: { id: true, number: true, finalizedAt: true, text: true, workType: { select: { name: true } } },
  });
  await auditDictationRead(ctx, actor, 'patient.earlier_notes_viewed', d, {
    documents: notes.map((n) => n.id),
  });
  return {
    patient: { birthDate: d.patient.birthDate.toISOString().slice(0, 10), sex: d.patient.sex },
    authorPreferences: d.author.authorPreferences,
    earlierNotes: notes.map((n) => ({
      id: n.id,
      number: n.number,
      workType: n.workType.name,
      finalizedAt: n.finalizedAt.toISOString(),
      text: n.text,
    })),
  };
}
