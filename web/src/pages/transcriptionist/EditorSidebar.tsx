import { Link } from '../../components/Link';
import type { EditorSession, UiState } from '../../editor/EditorSession';
import { type Action, useSettings } from '../../lib/settings';
import { BlankList } from './BlankList';
import { SnippetsPanel } from './SnippetsPanel';

/** The keys listed beside the transcript (all of them are under Hotkeys & pedal). */
const KEY_LIST: [Action, string][] = [
  ['playPause', 'Play/pause'],
  ['rewind', 'Rewind'],
  ['forward', 'Forward'],
  ['slower', 'Slower'],
  ['faster', 'Faster'],
  ['insertBlank', 'Blank'],
  ['playFromCaret', 'Play from cursor'],
  ['playSelection', 'Hear selection'],
  ['loopSelection', 'Loop selection'],
  ['nextUncertain', 'Next low-confidence'],
  ['prevUncertain', 'Previous low-confidence'],
  ['nextBlank', 'Next blank'],
  ['acceptWord', 'Accept word'],
  ['insertNormal', 'Insert normal'],
  ['finalize', 'Finalize'],
];

/** Beside the transcript: the author, blanks, section headings, snippets, shared expanders, keys. */
export function EditorSidebar({
  session,
  ui,
  onInsertBlank,
  onShowNotes,
  onError,
}: {
  session: EditorSession;
  ui: UiState;
  onInsertBlank: () => void;
  onShowNotes: () => void;
  onError: (text: string) => void;
}) {
  const settings = useSettings();
  return (
    <aside className="sidebar" aria-label="Editing tools">
      {ui.context && (
        <section aria-labelledby="author-title">
          <h2 id="author-title">Author</h2>
          {ui.context.authorPreferences ? (
            <p className="author-prefs" data-testid="author-preferences">
              {ui.context.authorPreferences}
            </p>
          ) : (
            <p className="muted small">No preferences noted for this author.</p>
          )}
          <button
            type="button"
            className="small"
            disabled={!ui.context.earlierNotes.length}
            onClick={onShowNotes}
          >
            Earlier notes for this patient ({ui.context.earlierNotes.length})
          </button>
        </section>
      )}
      <BlankList
        session={session}
        ui={ui}
        onInsert={onInsertBlank}
        insertKey={settings.hotkeys.insertBlank}
      />
      {ui.workType?.template && (
        <section aria-labelledby="tpl-title">
          <h2 id="tpl-title">Sections</h2>
          <ul className="chip-list">
            {ui.workType.template
              .split('\n')
              .filter(Boolean)
              .map((h) => (
                <li key={h}>
                  <button
                    type="button"
                    className="small"
                    onClick={() => session.editor?.insertText(`\n${h}\n`)}
                    aria-label={`Insert heading ${h}`}
                  >
                    {h}
                  </button>
                </li>
              ))}
          </ul>
        </section>
      )}
      {ui.phase === 'ready' && (
        <SnippetsPanel
          session={session}
          ui={ui}
          normalKey={settings.hotkeys.insertNormal}
          onError={onError}
        />
      )}
      {ui.expanders.length > 0 && (
        <section aria-labelledby="exp-title">
          <h2 id="exp-title">Shared text expanders</h2>
          <p className="muted small">Type the abbreviation, then a space.</p>
          <dl className="expanders">
            {ui.expanders.slice(0, 30).map((x) => (
              <div key={x.abbreviation}>
                <dt>{x.abbreviation}</dt>
                <dd>{x.expansion}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <dl className="keys">
          {KEY_LIST.map(([a, label]) => (
            <div key={a}>
              <dt>
                <kbd>{settings.hotkeys[a] || '—'}</kbd>
              </dt>
              <dd>{label}</dd>
            </div>
          ))}
        </dl>
        <Link href="/settings" className="small">
          Change keys
        </Link>
      </section>
    </aside>
  );
}
