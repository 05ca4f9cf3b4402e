import { api } from '../../api/client';
import type { Dictation } from '../../api/types';
import { navigate } from '../../lib/router';
import { getSettings } from '../../lib/settings';

/** Claim a job (unless it is already mine) and open it in the editor. */
export async function claimAndOpen(d: Dictation, myId: string): Promise<void> {
  if (!(d.status === 'IN_EDIT' && d.assignee?.id === myId)) await api.claim(d.id);
  navigate(`/edit/${d.id}`);
}

/** After finalizing: claim and open the next job, or go back to the worklist. */
export async function openNextJob(
  doneId: string,
  myId: string,
  done: Dictation | null,
  next = getSettings().nextJobAfterFinalize,
) {
  if (next)
    try {
      const page = await api.worklist();
      const sorted = page.items
        .filter((x) => x.id !== doneId)
        .sort(
          (a, b) =>
            (a.priority === 'STAT' ? 0 : 1) - (b.priority === 'STAT' ? 0 : 1) ||
            new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime(),
        );
      for (const next of sorted.slice(0, 5)) {
        if (next.status === 'IN_EDIT' && next.assignee?.id !== myId) continue;
        try {
          await claimAndOpen(next, myId);
          return;
        } catch {
          /* claimed by someone else meanwhile: try the next one */
        }
      }
    } catch {
      /* fall through to the worklist */
    }
  const msg = `Finalized${done ? ` the ${done.workType.name.toLowerCase()} for ${done.patient.name}` : ''}.${next ? ' No more jobs are waiting.' : ''}`;
  navigate(`/worklist?msg=${encodeURIComponent(msg)}`);
}
