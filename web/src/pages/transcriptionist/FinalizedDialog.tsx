import type { Dictation } from '../../api/types';
import { Dialog } from '../../components/Dialog';

export interface Finalized {
  dictation: Dictation | null;
  /** Lines as billed (AHDI, 65 characters), if the stats had them. */
  lines: number | null;
}

/** What was just finalized, then back to the worklist or on to the next job. */
export function FinalizedDialog({
  done,
  onNext,
}: {
  done: Finalized | null;
  onNext: (next: boolean) => void;
}) {
  const d = done?.dictation;
  return (
    <Dialog open={done !== null} title="Finalized" onClose={() => onNext(false)}>
      <dl className="done-summary" aria-label="What was finalized">
        <div>
          <dt>Patient</dt>
          <dd>
            {d?.patient.name} (MRN {d?.patient.mrn})
          </dd>
        </div>
        <div>
          <dt>Work type</dt>
          <dd>{d?.workType.name}</dd>
        </div>
        <div>
          <dt>Lines</dt>
          <dd data-testid="done-lines">{done?.lines ?? '—'}</dd>
        </div>
      </dl>
      <div className="dialog-actions">
        <button type="button" onClick={() => onNext(false)}>
          Back to the worklist
        </button>
        <button type="button" className="primary" onClick={() => onNext(true)}>
          Open the next job
        </button>
      </div>
    </Dialog>
  );
}
