import type { EditorSession, UiState } from '../../editor/EditorSession';
import { fmtClock } from '../../lib/format';

/** The open blanks: go to one, type the author's answer in, route it to the author, resolve it. */
export function BlankList({
  session,
  ui,
  onInsert,
  insertKey,
}: {
  session: EditorSession;
  ui: UiState;
  onInsert: () => void;
  insertKey: string;
}) {
  const list = ui.blanks.filter((b) => b.status !== 'RESOLVED');
  return (
    <section aria-labelledby="blanks-title">
      <h2 id="blanks-title">
        Blanks <span className="count">{list.length}</span>
      </h2>
      <button type="button" className="small" onClick={onInsert}>
        Insert blank ({insertKey || 'no key'})
      </button>
      {list.length === 0 ? (
        <p className="muted small">No open blanks.</p>
      ) : (
        <ul className="blank-list">
          {list.map((b) => (
            <li key={b.id} className={`blank-item ${b.status.toLowerCase()}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => session.blanks.goTo(b)}
                aria-label={`Go to blank at ${fmtClock(b.audioTime)}`}
              >
                {fmtClock(b.audioTime, true)}
              </button>{' '}
              <span className="small">{b.note || <span className="muted">no note</span>}</span>
              {b.status === 'ROUTED_TO_AUTHOR' && <span className="badge">Sent to author</span>}
              {b.answer && (
                <p className="blank-answer">
                  Author&rsquo;s answer: <q>{b.answer}</q>
                </p>
              )}
              <span className="blank-actions">
                {b.status === 'OPEN' && b.answer && (
                  <button
                    type="button"
                    className="small primary"
                    disabled={b.pending}
                    onClick={() => session.blanks.fillWithAnswer(b)}
                    aria-label={`Type the author's answer into the blank at ${fmtClock(b.audioTime)}`}
                  >
                    Type answer in
                  </button>
                )}
                {b.status === 'OPEN' && (
                  <button
                    type="button"
                    className="small"
                    disabled={b.pending}
                    onClick={() => void session.blanks.setStatus(b.id, 'ROUTED_TO_AUTHOR')}
                  >
                    {b.answer ? 'Ask again' : 'Route to author'}
                  </button>
                )}
                <button
                  type="button"
                  className="small"
                  disabled={b.pending}
                  onClick={() => void session.blanks.setStatus(b.id, 'RESOLVED')}
                >
                  Mark resolved
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
