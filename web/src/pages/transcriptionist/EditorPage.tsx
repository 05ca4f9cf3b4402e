import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { errorMessage } from '../../api/client';
import type { Transcript } from '../../api/types';
import { worklistStats } from '../../api/worklist-stats';
import { useSession, useUser } from '../../auth/session';
import { ConfirmDialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { ReturnedComment } from '../../components/ReturnedComment';
import { EditorSession } from '../../editor/EditorSession';
import { listDrafts } from '../../lib/drafts';
import { fmtDateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { updateSettings, useSettings } from '../../lib/settings';
import { BlankDialog } from './BlankDialog';
import { EditorSidebar } from './EditorSidebar';
import { type Finalized, FinalizedDialog } from './FinalizedDialog';
import { JobBar } from './JobBar';
import { openNextJob } from './openNextJob';
import { PlayerControls } from './PlayerControls';
import { ReadOnlyDialog } from './ReadOnlyDialog';
import { SaveBanner } from './SaveBanner';
import { SpellMenu } from './SpellMenu';
import { useEditorHotkeys } from './useEditorHotkeys';

/**
 * The transcription editor screen. The session owns the editor, the player and saving; this page
 * lays them out and holds what is React's own: dialogs, messages and the low-confidence switch.
 */
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
  const [confirmFinalize, setConfirmFinalize] = useState(false);
  const [finalizing, setFinalizing] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [serverCopy, setServerCopy] = useState<Transcript | null | undefined>(undefined);
  const [confirmTakeServer, setConfirmTakeServer] = useState(false);
  const [showLc, setShowLc] = useState(settings.showLowConfidence);
  const [done, setDone] = useState<Finalized | null>(null);
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
    if (epoch !== firstEpoch.current) session.autosave.resume();
  }, [epoch, session]);

  useEffect(() => {
    session.setAutoRewind(settings.autoRewindSec);
    if (session.editor) session.editor.followPlayback = settings.followPlayback;
  }, [session, settings.autoRewindSec, settings.followPlayback]);

  useEditorHotkeys(session, ui.rate, {
    openBlankDialog,
    toggleLowConfidence: toggleLc,
    requestFinalize,
    tell: (text) => setNotice({ ok: true, text }),
  });

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
    setBlankDialog(true);
  }

  async function insertBlank(note: string) {
    setBlankDialog(false);
    session.editor?.focus();
    await session.blanks.add(note);
  }

  function requestFinalize() {
    if (ui.phase === 'ready' && !session.hasContent()) {
      setNotice({
        ok: false,
        text: 'Cannot finalize an empty transcript. This dictation needs manual transcription: type what the author dictated first.',
      });
      return;
    }
    const open = session.blanks.open();
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

  const autosave = session.autosave;
  return (
    <div className="editor-page" aria-busy={ui.phase === 'loading'}>
      <h1 className="sr-only">Transcription editor{d ? `: ${d.workType.name} for ${d.patient.name}` : ''}</h1>
      <JobBar ui={ui} d={d} onRelease={() => void release()} onFinalize={requestFinalize} />
      <ReturnedComment dictation={d} />
      <SaveBanner
        ui={ui}
        onKeepMine={() => void autosave.keepMine()}
        onShowServer={async () => setServerCopy(await autosave.fetchServer())}
        onTakeServer={() => setConfirmTakeServer(true)}
        onClaimAgain={() => void autosave.claimAgain()}
        onRetry={() => autosave.resume()}
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

      <PlayerControls
        session={session}
        ui={ui}
        waveRef={waveHost}
        timeRef={timeRef}
        showLc={showLc}
        onToggleLc={toggleLc}
      />

      <div className="editor-body">
        <div className="editor-host" ref={editorHost} />
        <EditorSidebar
          session={session}
          ui={ui}
          onInsertBlank={openBlankDialog}
          onShowNotes={() => setNotesOpen(true)}
          onError={(text) => setNotice({ ok: false, text })}
        />
      </div>

      {ui.spellMenu && (
        <SpellMenu
          menu={ui.spellMenu}
          onPick={(s) => session.spellcheck.apply(s)}
          onIgnore={() => session.spellcheck.ignore()}
          onClose={() => session.spellcheck.close()}
        />
      )}

      <BlankDialog
        open={blankDialog}
        at={session.player?.currentTime ?? 0}
        onInsert={(note) => void insertBlank(note)}
        onClose={() => setBlankDialog(false)}
      />

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

      <FinalizedDialog
        done={done}
        onNext={(next) => void openNextJob(session.dictationId, user.id, done?.dictation ?? null, next)}
      />

      <ReadOnlyDialog
        open={notesOpen}
        title="The author's earlier notes for this patient"
        note="Read-only."
        onClose={() => setNotesOpen(false)}
      >
        {ui.context?.earlierNotes.map((n) => (
          <article key={n.id} className="earlier-note" aria-label={`${n.workType} ${n.number}`}>
            <h3>
              {n.workType} · {fmtDateTime(n.finalizedAt)} · {n.number}
            </h3>
            <div className="document-text">{n.text}</div>
          </article>
        ))}
      </ReadOnlyDialog>

      <ReadOnlyDialog
        open={serverCopy !== undefined}
        title={serverCopy ? `Server version ${serverCopy.version}` : 'Server version'}
        note="Read-only. Your own text stays in the editor until you choose."
        onClose={() => setServerCopy(undefined)}
      >
        <article className="document-text">{serverCopy?.text ?? '(no transcript on the server)'}</article>
      </ReadOnlyDialog>

      <ConfirmDialog
        open={confirmTakeServer}
        title="Replace your text with the server version?"
        confirmLabel="Use server version"
        danger
        onConfirm={() => {
          setConfirmTakeServer(false);
          void autosave.takeServer();
        }}
        onCancel={() => setConfirmTakeServer(false)}
      >
        <p>Your unsaved changes in this editor will be discarded.</p>
      </ConfirmDialog>
    </div>
  );
}
