import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Dictation, Transcript } from '../../api/types';
import { worklistStats } from '../../api/worklist-stats';
import { useSession, useUser } from '../../auth/session';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { ReturnedComment } from '../../components/ReturnedComment';
import { PriorityBadge } from '../../components/StatusBadge';
import { EditorSession, type SaveStatus, type UiState } from '../../editor/EditorSession';
import { MAX_RATE, MIN_RATE } from '../../editor/Player';
import { listDrafts } from '../../lib/drafts';
import { fmtClock, fmtDateTime, timeLeft } from '../../lib/format';
import { navigate } from '../../lib/router';
import { type Action, actionFor, getSettings, updateSettings, useSettings } from '../../lib/settings';

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

export function EditorPage({ dictationId }: { dictationId: string }) {
  const user = useUser();
  const { epoch } = useSession();
  const settings = useSettings();
  const [session] = useState(() => new EditorSession(dictationId, user.id));
  const ui = useSyncExternalStore(session.subscribe, session.getState);
  const editorHost = useRef<HTMLDivElement>(null);
  const waveHost = useRef<HTMLDivElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const [blankDialog, setBlankDialog] = useState(false);
  const [blankNote, setBlankNote] = useState('');
  const [confirmFinalize, setConfirmFinalize] = useState(false);
  const [finalizing, setFinalizing] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [serverCopy, setServerCopy] = useState<Transcript | null | undefined>(undefined);
  const [confirmTakeServer, setConfirmTakeServer] = useState(false);
  const [showLc, setShowLc] = useState(settings.showLowConfidence);
  const [done, setDone] = useState<{ dictation: Dictation | null; lines: number | null } | null>(null);
  const [zoom, setZoom] = useState(0);
  const [notesOpen, setNotesOpen] = useState(false);

  // Create the editor/player once; React never renders inside their hosts.
  useEffect(() => {
    void session.load(editorHost.current!, waveHost.current!, timeRef.current);
    (window as unknown as { __dictumUnsaved?: () => boolean }).__dictumUnsaved = () =>
      session.dirty || listDrafts(user.id).length > 0;
    // Browser tests reach the editor and player (only under automation).
    if (navigator.webdriver)
      (window as unknown as { __dictumEditor?: EditorSession }).__dictumEditor = session;
    return () => {
      session.destroy();
      delete (window as unknown as { __dictumUnsaved?: unknown }).__dictumUnsaved;
      delete (window as unknown as { __dictumEditor?: unknown }).__dictumEditor;
    };
  }, [session, user.id]);

  // After signing in again, retry the save that failed.
  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch !== firstEpoch.current) session.resume();
  }, [epoch, session]);

  useEffect(() => {
    session.setAutoRewind(settings.autoRewindSec);
    if (session.editor) session.editor.followPlayback = settings.followPlayback;
  }, [session, settings.autoRewindSec, settings.followPlayback]);

  // Hotkeys (and foot pedals that send keys), active anywhere on this screen.
  const handlers = useRef<(a: Action, e: KeyboardEvent, down: boolean) => void>(() => {});
  handlers.current = (a, e, down) => {
    const p = session.player;
    const s = getSettings();
    if (!down) {
      if ((a === 'rewind' || a === 'forward') && p) p.stopScan();
      if (a === 'playWhileHeld') p?.pause();
      return;
    }
    switch (a) {
      case 'playPause':
        if (!e.repeat) p?.toggle();
        break;
      case 'rewind':
      case 'forward':
        if (!p) break;
        if (e.repeat) p.startScan(a === 'rewind' ? -1 : 1);
        else p.skip(a === 'rewind' ? -s.skipSec : s.skipSec);
        break;
      case 'slower':
      case 'faster': {
        const r = session.setRate(ui.rate + (a === 'slower' ? -0.1 : 0.1));
        updateSettings({ rate: r });
        break;
      }
      case 'insertBlank':
        if (!e.repeat) openBlankDialog();
        break;
      case 'playFromCaret':
        session.playFromCaret();
        break;
      case 'toggleLowConfidence':
        toggleLc();
        break;
      case 'save':
        void session.saveNow();
        break;
      case 'finalize':
        requestFinalize();
        break;
      case 'playWhileHeld':
        if (!e.repeat) void p?.play();
        break;
      case 'playSelection':
        if (!e.repeat) session.playSelection(false);
        break;
      case 'loopSelection':
        if (!e.repeat) session.playSelection(true);
        break;
      case 'nextUncertain':
      case 'prevUncertain':
        if (!session.goToUncertain(a === 'nextUncertain' ? 1 : -1))
          setNotice({ ok: true, text: 'No low-confidence words left.' });
        break;
      case 'nextBlank':
      case 'prevBlank':
        if (!session.goToBlankInText(a === 'nextBlank' ? 1 : -1))
          setNotice({ ok: true, text: 'No blanks in the text.' });
        break;
      case 'acceptWord':
        session.acceptWord();
        break;
      case 'insertNormal':
        if (!e.repeat && !session.insertNormal())
          setNotice({ ok: true, text: 'No normal saved for this work type yet.' });
        break;
    }
  };
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const a = actionFor(e);
      if (!a) return;
      if ((e.target as Element | null)?.closest?.('dialog') && a !== 'playPause') return;
      e.preventDefault();
      e.stopPropagation();
      handlers.current(a, e, true);
    };
    const up = (e: KeyboardEvent) => {
      const a = actionFor(e);
      if (!a) return;
      handlers.current(a, e, false);
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
    };
  }, []);

  // Side effects stay out of the state updater: updating the settings store from inside it made
  // React update another component while rendering (Alt+L logged an error).
  const showLcRef = useRef(showLc);
  showLcRef.current = showLc;
  function toggleLc() {
    const next = !showLcRef.current;
    showLcRef.current = next;
    session.editor?.setLowConfidenceVisible(next);
    setShowLc(next);
    updateSettings({ showLowConfidence: next });
  }

  function openBlankDialog() {
    session.player?.pause();
    setBlankNote('');
    setBlankDialog(true);
  }

  async function insertBlank() {
    setBlankDialog(false);
    session.editor?.focus();
    await session.addBlank(blankNote.trim());
  }

  function requestFinalize() {
    if (ui.phase === 'ready' && !session.hasContent()) {
      setNotice({
        ok: false,
        text: 'Cannot finalize an empty transcript. This dictation needs manual transcription: type what the author dictated first.',
      });
      return;
    }
    const open = session.openBlanks();
    if (open.length) {
      setNotice({
        ok: false,
        text: `Cannot finalize: ${open.length} blank${open.length > 1 ? 's are' : ' is'} open or waiting for the author. Type over the ___ (or mark ${open.length > 1 ? 'them' : 'it'} resolved) first.`,
      });
      return;
    }
    setConfirmFinalize(true);
  }

  async function finalize() {
    setFinalizing(true);
    try {
      const documentId = await session.finalize();
      setConfirmFinalize(false);
      // What was finalized, before anything else opens (lines as billed: AHDI, 65 characters).
      const stats = await worklistStats().catch(() => null);
      const lines = stats?.me.recent.find((r) => r.documentId === documentId)?.lines ?? null;
      setDone({ dictation: ui.dictation, lines });
    } catch (e) {
      setConfirmFinalize(false);
      setNotice({ ok: false, text: (e as Error).message });
    } finally {
      setFinalizing(false);
    }
  }

  async function release() {
    try {
      await session.release();
      navigate('/worklist');
    } catch (e) {
      setNotice({ ok: false, text: `Could not release: ${errorMessage(e)}` });
    }
  }

  const d = ui.dictation;
  if (ui.phase === 'error') {
    return (
      <div className="page">
        <h1>Cannot open this job</h1>
        <p className="error" role="alert">
          {ui.error}
        </p>
        <Link href="/worklist">Back to the worklist</Link>
      </div>
    );
  }

  return (
    <div className="editor-page" aria-busy={ui.phase === 'loading'}>
      <h1 className="sr-only">Transcription editor{d ? `: ${d.workType.name} for ${d.patient.name}` : ''}</h1>
      <JobBar ui={ui} d={d} onRelease={() => void release()} onFinalize={requestFinalize} />
      <ReturnedComment dictation={d} />
      <SaveBanner
        ui={ui}
        onKeepMine={() => void session.keepMine()}
        onShowServer={async () => setServerCopy(await session.fetchServer())}
        onTakeServer={() => setConfirmTakeServer(true)}
        onClaimAgain={() => void session.claimAgain()}
        onRetry={() => session.resume()}
      />
      {notice && (
        <div className={`banner ${notice.ok ? 'ok' : 'bad'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
          <button
            type="button"
            className="link-button"
            onClick={() => setNotice(null)}
            aria-label="Dismiss message"
          >
            ×
          </button>
        </div>
      )}
      {ui.restoredAt && ui.save.status !== 'conflict' && ui.save.status !== 'saved' && (
        <div className="banner info" role="status">
          Unsaved text from {fmtDateTime(ui.restoredAt)} was restored from this browser; it is being saved
          now.
        </div>
      )}

      <section className="player" aria-label="Audio player">
        <div className="waveform" ref={waveHost} />
        <div className="player-controls">
          <button
            type="button"
            onClick={() => session.player?.skip(-getSettings().skipSec)}
            aria-label={`Rewind (${settings.hotkeys.rewind})`}
            title={`Rewind ${settings.skipSec} s (${settings.hotkeys.rewind})`}
          >
            ◀◀
          </button>
          <button
            type="button"
            className="play primary"
            onClick={() => session.player?.toggle()}
            aria-label={`${ui.playing ? 'Pause' : 'Play'} (${settings.hotkeys.playPause})`}
            title={`${ui.playing ? 'Pause' : 'Play'} (${settings.hotkeys.playPause})`}
          >
            {ui.playing ? '❚❚' : '▶'}
          </button>
          <button
            type="button"
            onClick={() => session.player?.skip(getSettings().skipSec)}
            aria-label={`Forward (${settings.hotkeys.forward})`}
            title={`Forward ${settings.skipSec} s (${settings.hotkeys.forward})`}
          >
            ▶▶
          </button>
          <span className="clock" role="timer" aria-label="Position">
            <span ref={timeRef}>00:00.0</span> / {fmtClock(ui.duration, true)}
          </span>
          <label className="speed">
            Speed
            <input
              type="range"
              min={MIN_RATE}
              max={MAX_RATE}
              step={0.1}
              value={ui.rate}
              onChange={(e) => updateSettings({ rate: session.setRate(Number(e.target.value)) })}
              aria-valuetext={`${ui.rate.toFixed(1)} times`}
            />
            <output>{ui.rate.toFixed(1)}×</output>
          </label>
          <label>
            Rewind on resume{' '}
            <select
              value={settings.autoRewindSec}
              onChange={(e) => updateSettings({ autoRewindSec: Number(e.target.value) })}
            >
              {[0, 1, 1.5, 2, 2.5, 3].map((v) => (
                <option key={v} value={v}>
                  {v === 0 ? 'off' : `${v} s`}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={showLc} onChange={toggleLc} /> Low confidence
          </label>
          <button
            type="button"
            className="small"
            onClick={() => session.playSelection(false)}
            title={`Play the selected words only (${settings.hotkeys.playSelection})`}
          >
            Hear selection
          </button>
          <button
            type="button"
            className="small"
            onClick={() => session.playSelection(true)}
            title={`Loop the selected words (${settings.hotkeys.loopSelection})`}
          >
            Loop selection
          </button>
          <fieldset className="zoom">
            <legend className="sr-only">Waveform zoom</legend>
            <button
              type="button"
              className="small"
              aria-label="Zoom out"
              disabled={zoom <= 0}
              onClick={() => setZoom(session.zoom(zoom <= 25 ? 0 : zoom / 2))}
            >
              −
            </button>
            <span className="small">{zoom ? `${Math.round(zoom)} px/s` : 'Fit'}</span>
            <button
              type="button"
              className="small"
              aria-label="Zoom in"
              onClick={() => setZoom(session.zoom(zoom ? zoom * 2 : 25))}
            >
              +
            </button>
          </fieldset>
          <span className="spacer" />
          {ui.pedal.supported ? (
            ui.pedal.name ? (
              <span className="pedal ok" role="status">
                Pedal: {ui.pedal.name}
              </span>
            ) : (
              <button type="button" className="small" onClick={() => void session.connectPedal()}>
                Connect pedal
              </button>
            )
          ) : (
            <span
              className="muted small"
              title="Use a pedal that sends key presses; set its keys under Hotkeys & pedal"
            >
              USB pedal: not supported in this browser
            </span>
          )}
        </div>
        <p className="legend">
          <span className="sr-only">Marks in the transcript:</span>
          <span className="mark mark-lowconf">low confidence</span>
          <span className="mark mark-misspelled">misspelled</span>
          <span className="mark mark-silence">heard over silence</span>
          <span className="mark mark-blank">___ blank</span>
        </p>
        {ui.audioError && (
          <p className="error small" role="alert">
            {ui.audioError}
          </p>
        )}
      </section>

      <div className="editor-body">
        <div className="editor-host" ref={editorHost} />
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
                onClick={() => setNotesOpen(true)}
              >
                Earlier notes for this patient ({ui.context.earlierNotes.length})
              </button>
            </section>
          )}
          <BlankList
            session={session}
            ui={ui}
            onInsert={openBlankDialog}
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
            <Snippets
              session={session}
              ui={ui}
              normalKey={settings.hotkeys.insertNormal}
              onError={(text) => setNotice({ ok: false, text })}
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
              {(
                [
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
                ] as [Action, string][]
              ).map(([a, label]) => (
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
      </div>

      {ui.spellMenu && (
        <SpellMenu
          menu={ui.spellMenu}
          onPick={(s) => session.applySuggestion(s)}
          onIgnore={() => session.ignoreSpelling()}
          onClose={() => session.closeSpellMenu()}
        />
      )}

      <Dialog open={blankDialog} title="Insert blank" onClose={() => setBlankDialog(false)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void insertBlank();
          }}
        >
          <p className="muted">
            A blank marks a word or passage you cannot make out, at{' '}
            {fmtClock(session.player?.currentTime ?? 0, true)} of the audio.
          </p>
          <label htmlFor="blank-note">Note (optional)</label>
          <input
            id="blank-note"
            autoFocus
            value={blankNote}
            onChange={(e) => setBlankNote(e.target.value)}
            placeholder="e.g. drug name unclear"
          />
          <div className="dialog-actions">
            <button type="button" onClick={() => setBlankDialog(false)}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Insert blank
            </button>
          </div>
        </form>
      </Dialog>

      <ConfirmDialog
        open={confirmFinalize}
        title="Finalize this transcript?"
        confirmLabel="Finalize"
        busy={finalizing}
        onConfirm={() => void finalize()}
        onCancel={() => setConfirmFinalize(false)}
      >
        <p>
          The {d?.workType.name.toLowerCase()} for <strong>{d?.patient.name}</strong> becomes a document and
          can no longer be edited here.
          {d?.workType.requiresSignature && ' The author will be asked to sign it.'} The next job opens
          afterwards.
        </p>
      </ConfirmDialog>

      <Dialog
        open={done !== null}
        title="Finalized"
        onClose={() => void openNextJob(session.dictationId, user.id, done?.dictation ?? null, false)}
      >
        <dl className="done-summary" aria-label="What was finalized">
          <div>
            <dt>Patient</dt>
            <dd>
              {done?.dictation?.patient.name} (MRN {done?.dictation?.patient.mrn})
            </dd>
          </div>
          <div>
            <dt>Work type</dt>
            <dd>{done?.dictation?.workType.name}</dd>
          </div>
          <div>
            <dt>Lines</dt>
            <dd data-testid="done-lines">{done?.lines ?? '—'}</dd>
          </div>
        </dl>
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => void openNextJob(session.dictationId, user.id, done?.dictation ?? null, false)}
          >
            Back to the worklist
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void openNextJob(session.dictationId, user.id, done?.dictation ?? null, true)}
          >
            Open the next job
          </button>
        </div>
      </Dialog>

      <Dialog
        open={notesOpen}
        title="The author's earlier notes for this patient"
        onClose={() => setNotesOpen(false)}
        className="wide"
      >
        <p className="muted">Read-only.</p>
        {ui.context?.earlierNotes.map((n) => (
          <article key={n.id} className="earlier-note" aria-label={`${n.workType} ${n.number}`}>
            <h3>
              {n.workType} · {fmtDateTime(n.finalizedAt)} · {n.number}
            </h3>
            <div className="document-text">{n.text}</div>
          </article>
        ))}
        <div className="dialog-actions">
          <button type="button" onClick={() => setNotesOpen(false)}>
            Close
          </button>
        </div>
      </Dialog>

      <Dialog
        open={serverCopy !== undefined}
        title={serverCopy ? `Server version ${serverCopy.version}` : 'Server version'}
        onClose={() => setServerCopy(undefined)}
        className="wide"
      >
        <p className="muted">Read-only. Your own text stays in the editor until you choose.</p>
        <article className="document-text">{serverCopy?.text ?? '(no transcript on the server)'}</article>
        <div className="dialog-actions">
          <button type="button" onClick={() => setServerCopy(undefined)}>
            Close
          </button>
        </div>
      </Dialog>

      <ConfirmDialog
        open={confirmTakeServer}
        title="Replace your text with the server version?"
        confirmLabel="Use server version"
        danger
        onConfirm={() => {
          setConfirmTakeServer(false);
          void session.takeServer();
        }}
        onCancel={() => setConfirmTakeServer(false)}
      >
        <p>Your unsaved changes in this editor will be discarded.</p>
      </ConfirmDialog>
    </div>
  );
}

/** After finalizing: claim and open the next job, or go back to the worklist. */
async function openNextJob(
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
          if (!(next.status === 'IN_EDIT' && next.assignee?.id === myId)) await api.claim(next.id);
          navigate(`/edit/${next.id}`);
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

function JobBar({
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

function SaveBanner({
  ui,
  onKeepMine,
  onShowServer,
  onTakeServer,
  onClaimAgain,
  onRetry,
}: {
  ui: UiState;
  onKeepMine: () => void;
  onShowServer: () => void;
  onTakeServer: () => void;
  onClaimAgain: () => void;
  onRetry: () => void;
}) {
  const s = ui.save;
  if (s.status === 'conflict') {
    return (
      <div className="banner bad" role="alert">
        <strong>This transcript was changed elsewhere</strong>
        {s.conflictVersion !== null ? ` (the server now has version ${s.conflictVersion})` : ''}. Your text is
        kept here and in this browser; nothing was overwritten.
        <span className="banner-actions">
          <button type="button" className="small" onClick={onShowServer}>
            Show server version
          </button>
          <button type="button" className="small primary" onClick={onKeepMine}>
            Save my text as the new version
          </button>
          <button type="button" className="small" onClick={onTakeServer}>
            Use server version
          </button>
        </span>
      </div>
    );
  }
  if (s.status === 'not-claimed') {
    return (
      <div className="banner bad" role="alert">
        {s.message ?? 'You no longer hold this job.'} Your text is kept here and in this browser.
        <span className="banner-actions">
          <button type="button" className="small primary" onClick={onClaimAgain}>
            Claim again and save
          </button>
        </span>
      </div>
    );
  }
  if (s.status === 'offline' || s.status === 'error') {
    return (
      <div className="banner warn" role="alert">
        Saving failed{s.message ? ` (${s.message})` : ''}. Your text is kept in this browser and saving is
        retried.
        <span className="banner-actions">
          <button type="button" className="small" onClick={onRetry}>
            Retry now
          </button>
        </span>
      </div>
    );
  }
  if (s.message) {
    return (
      <div className="banner warn" role="status">
        {s.message}
      </div>
    );
  }
  return null;
}

function BlankList({
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
                onClick={() => session.goToBlank(b)}
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
                    onClick={() => session.fillBlankWithAnswer(b)}
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
                    onClick={() => void session.setBlankStatus(b.id, 'ROUTED_TO_AUTHOR')}
                  >
                    {b.answer ? 'Ask again' : 'Route to author'}
                  </button>
                )}
                <button
                  type="button"
                  className="small"
                  disabled={b.pending}
                  onClick={() => void session.setBlankStatus(b.id, 'RESOLVED')}
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

/** Suggestions for a misspelled word, next to it (right-click or Ctrl+. in the transcript). */
function SpellMenu({
  menu,
  onPick,
  onIgnore,
  onClose,
}: {
  menu: NonNullable<UiState['spellMenu']>;
  onPick: (s: string) => void;
  onIgnore: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
      next?.focus();
    }
  };
  const left = Math.min(menu.target.x, window.innerWidth - 220);
  const top = Math.min(menu.target.y + 4, window.innerHeight - 40 - 32 * (menu.suggestions.length + 1));
  return (
    <div
      ref={ref}
      className="spell-menu"
      role="menu"
      aria-label={`Spelling suggestions for ${menu.target.word}`}
      style={{ left, top: Math.max(0, top) }}
      onKeyDown={onKeyDown}
    >
      <div className="spell-word" aria-hidden="true">
        {menu.target.word}
      </div>
      {menu.suggestions.length === 0 && <div className="spell-none">No suggestions</div>}
      {menu.suggestions.map((s) => (
        <button key={s} type="button" role="menuitem" onClick={() => onPick(s)}>
          {s}
        </button>
      ))}
      <button type="button" role="menuitem" onClick={onIgnore}>
        Ignore in this transcript
      </button>
    </div>
  );
}

/** My and this author's text expanders and normals: list, add, save the selection as a normal. */
function Snippets({
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
  const normal = session.normal();
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
                onClick={() => void run(() => session.removeSnippet(x.id))}
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
            await session.addSnippet({ kind: 'EXPANDER', scope, abbreviation: abbr.trim(), text });
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
            void run(() => session.addSnippet({ kind: 'NORMAL', scope, text: sel }));
          }}
        >
          Save selection as normal
        </button>{' '}
        <button type="button" className="small" disabled={!normal} onClick={() => session.insertNormal()}>
          Insert normal ({normalKey || 'no key'})
        </button>
      </p>
    </section>
  );
}
