import { useState } from 'react';
import { errorMessage } from '../../api/client';
import type { EditorSession, UiState } from '../../editor/EditorSession';

/** My and this author's text expanders and normals: list, add, save the selection as a normal. */
export function SnippetsPanel({
  session,
  ui,
  normalKey,
  onError,
}: {
  session: EditorSession;
  ui: UiState;
  normalKey: string;
  onError: (text: string) => void;
}) {
  const [abbr, setAbbr] = useState('');
  const [text, setText] = useState('');
  const [scope, setScope] = useState<'mine' | 'author'>('mine');
  const author = ui.dictation
    ? ui.dictation.author.displayName || ui.dictation.author.username
    : 'the author';
  const normal = session.snippets.normal();
  async function run(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      onError(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="snip-title">
      <h2 id="snip-title">My and the author’s expanders</h2>
      {ui.snippets.length > 0 && (
        <ul className="snippet-list">
          {ui.snippets.map((x) => (
            <li key={x.id}>
              <span className="badge">{x.scope === 'mine' ? 'Mine' : 'Author'}</span>{' '}
              {x.kind === 'EXPANDER' ? <kbd>{x.abbreviation}</kbd> : <em>Normal</em>}{' '}
              <span className="small">{x.text.length > 60 ? `${x.text.slice(0, 60)}…` : x.text}</span>{' '}
              <button
                type="button"
                className="link-button small"
                aria-label={`Delete ${x.kind === 'EXPANDER' ? `expander ${x.abbreviation}` : 'normal'} (${x.scope === 'mine' ? 'mine' : 'author'})`}
                onClick={() => void run(() => session.snippets.remove(x.id))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="snippet-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!abbr.trim() || !text.trim()) return;
          void run(async () => {
            await session.snippets.add({ kind: 'EXPANDER', scope, abbreviation: abbr.trim(), text });
            setAbbr('');
            setText('');
          });
        }}
      >
        <label>
          Abbreviation <input value={abbr} onChange={(e) => setAbbr(e.target.value)} maxLength={32} />
        </label>
        <label>
          Expands to <input value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          For{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value as 'mine' | 'author')}>
            <option value="mine">me</option>
            <option value="author">{author}</option>
          </select>
        </label>
        <button type="submit" className="small">
          Add expander
        </button>
      </form>
      <p className="small">
        <button
          type="button"
          className="small"
          onClick={() => {
            const sel = session.selectedText().trim();
            if (!sel) {
              onError('Select the text to keep as the normal first.');
              return;
            }
            void run(() => session.snippets.add({ kind: 'NORMAL', scope, text: sel }));
          }}
        >
          Save selection as normal
        </button>{' '}
        <button
          type="button"
          className="small"
          disabled={!normal}
          onClick={() => session.snippets.insertNormal()}
        >
          Insert normal ({normalKey || 'no key'})
        </button>
      </p>
    </section>
  );
}
