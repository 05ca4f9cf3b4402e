import './document-review.css';
import type { Dictation } from '../api/types';
import { fmtDateTime } from '../lib/format';

/** The author's comment when they sent the note back to transcription (shown in the editor). */
export function ReturnedComment({ dictation }: { dictation: Dictation | null | undefined }) {
  const returned = dictation?.returned;
  if (!returned) return null;
  return (
    <div className="banner warn" role="note" aria-label="Returned by the author">
      <strong>Returned by the author</strong>
      {returned.at && <span className="muted"> ({fmtDateTime(returned.at)})</span>}: {returned.comment}
    </div>
  );
}
