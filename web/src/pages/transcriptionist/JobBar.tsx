import type { Dictation } from '../../api/types';
import { PriorityBadge } from '../../components/StatusBadge';
import type { SaveStatus, UiState } from '../../editor/EditorSession';
import { timeLeft } from '../../lib/format';

const SEX_LABEL: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Unknown',
};

const SAVE_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  dirty: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Not saved: conflict',
  offline: 'Not saved: retrying',
  unauthenticated: 'Not saved: sign in again',
  'not-claimed': 'Not saved: job not claimed',
  error: 'Not saved',
};

/** The job being edited (patient, work type, due time), the save status, Release and Finalize. */
export function JobBar({
  ui,
  d,
  onRelease,
  onFinalize,
}: {
  ui: UiState;
  d: Dictation | null;
  onRelease: () => void;
  onFinalize: () => void;
}) {
  const tl = d ? timeLeft(d.dueAt) : null;
  const s = ui.save;
  return (
    <div className="jobbar">
      {d ? (
        <>
          <span className="job-patient">
            <strong>{d.patient.name}</strong> <span className="muted">MRN {d.patient.mrn}</span>
          </span>
          <PriorityBadge priority={d.priority} />
          <span>{d.workType.name}</span>
          {ui.context && (
            <span className="muted" data-testid="patient-dob-sex">
              DOB {ui.context.patient.birthDate} ·{' '}
              {SEX_LABEL[ui.context.patient.sex] ?? ui.context.patient.sex}
            </span>
          )}
          <span className="muted">by {d.author.displayName || d.author.username}</span>
          {tl && <span className={tl.overdue ? 'overdue' : tl.urgent ? 'urgent' : 'muted'}>{tl.text}</span>}
          {ui.manual && <span className="badge needs-manual">Needs manual transcription</span>}
        </>
      ) : (
        <span className="muted">Loading…</span>
      )}
      <span className="spacer" />
      {ui.today && (
        <span className="muted small" title="Lines (65 characters with spaces) and jobs you finalized today">
          Today: {ui.today.lines} lines, {ui.today.jobs} {ui.today.jobs === 1 ? 'job' : 'jobs'}
        </span>
      )}
      <span className={`save-status save-${s.status}`} role="status" aria-live="polite">
        {SAVE_TEXT[s.status]}
        {s.serverVersion !== null && s.status === 'saved' ? ` · version ${s.serverVersion}` : ''}
        {s.savedAt && s.status === 'saved' ? ` · ${new Date(s.savedAt).toLocaleTimeString()}` : ''}
      </span>
      <button type="button" onClick={onRelease} disabled={ui.phase !== 'ready'}>
        Release
      </button>
      <button type="button" className="primary" onClick={onFinalize} disabled={ui.phase !== 'ready'}>
        Finalize
      </button>
    </div>
  );
}
