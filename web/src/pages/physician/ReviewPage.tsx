import { useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { reviewApi } from '../../api/review';
import type { Blank, Dictation, DocumentDetail, TranscriptWord } from '../../api/types';
import { useUser } from '../../auth/session';
import { AmendDialog } from '../../components/AmendDialog';
import { FormDialog } from '../../components/Dialog';
import { DiffView } from '../../components/DiffView';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { SignDialog } from '../../components/SignDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { TimedText } from '../../components/TimedText';
import { useAction } from '../../components/useAction';
import { useAsync } from '../../components/useAsync';
import { fmtClock, fmtDateTime } from '../../lib/format';
import { ReviewAudio, type ReviewPlayer } from './ReviewAudio';

const LIVE = new Set(['FINALIZED', 'SIGNED', 'FILED']);

interface ReviewData {
  d: Dictation;
  doc: DocumentDetail | null;
  /** The version this one amends (for the diff), when it is an amendment. */
  parent: DocumentDetail | null;
  words: TranscriptWord[];
  blanks: Blank[];
}

/** The dictation's current version: the newest live original or replacement (addenda come with it). */
function currentVersion(versions: DocumentDetail[]): DocumentDetail | undefined {
  const live = versions.filter((v) => v.kind !== 'ADDENDUM' && LIVE.has(v.status));
  return live[live.length - 1];
}

async function load(dictationId?: string, documentId?: string): Promise<ReviewData> {
  let doc: DocumentDetail | null = null;
  let d: Dictation;
  if (documentId) {
    doc = await api.document(documentId);
    d = await api.dictation(doc.dictationId as string);
  } else {
    d = await api.dictation(dictationId as string);
  }
  let versions: DocumentDetail[] = [];
  const anchor = doc?.id ?? d.documentId;
  if (anchor) {
    versions = await reviewApi.versions(anchor);
    if (!doc) {
      const current = currentVersion(versions);
      doc = await api.document(current?.id ?? anchor);
    }
  }
  const parent = doc?.parentId ? (versions.find((v) => v.id === doc?.parentId) ?? null) : null;
  let words: TranscriptWord[] = [];
  try {
    words = (await api.transcript(d.id)).words;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  let blanks: Blank[] = [];
  try {
    blanks = (await api.blanks(d.id)).filter((b) => b.status === 'ROUTED_TO_AUTHOR');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  return { d, doc, parent, words, blanks };
}

/**
 * The physician's review: the current version of the note (with its addenda) beside the audio,
 * click-to-seek on the words; for an amendment, the reason and the diff against the version it
 * amends. Sign, edit then sign, return to transcription with a comment, or add an addendum to a
 * filed note.
 */
export function ReviewPage({ dictationId, documentId }: { dictationId?: string; documentId?: string }) {
  const user = useUser();
  const data = useAsync(() => load(dictationId, documentId), [dictationId, documentId]);
  const [time, setTime] = useState(0);
  const player = useRef<ReviewPlayer | null>(null);
  const [signing, setSigning] = useState(false);
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState('');
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [amending, setAmending] = useState(false);
  const act = useAction();

  if (data.error) {
    return (
      <div className="page">
        <ErrorNotice error={data.error} />
        <Link href="/my">Back to my dictations</Link>
      </div>
    );
  }
  if (!data.data) return <div className="page">Loading…</div>;
  const { d, doc, parent, words, blanks } = data.data;
  const mine = !doc || doc.author.id === user.id;
  const canSign = !!doc && mine && !!doc.awaitingSignature;
  const canReturn = !!doc && mine && doc.status === 'FINALIZED' && doc.kind === 'ORIGINAL';
  const canAddendum = !!doc && mine && doc.status === 'FILED';
  const showWords = !!doc && doc.kind === 'ORIGINAL' && !editing;

  function sign(password: string) {
    if (!doc) return;
    return act.run(
      async () => {
        const body: { password?: string; text?: string } = {};
        if (password) body.password = password;
        if (editing && edited !== doc.text) body.text = edited;
        await reviewApi.sign(doc.id, body);
        setSigning(false);
        setEditing(false);
        return doc.status === 'FILED'
          ? 'Signed. The signed version goes to the EHR.'
          : 'Signed. The report goes to the records team for filing.';
      },
      { reload: data.reload, failure: (e) => `Could not sign: ${errorMessage(e)}` },
    );
  }

  const sendBack = act.submit(
    async () => {
      if (!doc) return;
      await reviewApi.returnToTranscription(doc.id, comment.trim());
      setReturning(false);
      return 'Returned to transcription with your comment.';
    },
    { reload: data.reload, failure: (e) => `Could not return: ${errorMessage(e)}` },
  );

  return (
    <div className="page review-page">
      <PageHead
        title={`${d.workType.name} — ${d.patient.name}`}
        actions={
          <>
            <Link href="/to-sign">To sign</Link> · <Link href="/my">My dictations</Link>
          </>
        }
      >
        <StatusBadge status={doc?.status ?? d.status} />
      </PageHead>
      <p className="muted">
        MRN {d.patient.mrn} · dictated {fmtDateTime(d.dictatedAt)} · {fmtClock(d.durationSec)}
        {doc?.finalizedAt && <> · finalized {fmtDateTime(doc.finalizedAt)}</>}
        {doc?.signed && <> · signed {fmtDateTime(doc.signed.at)}</>}
      </p>
      {doc?.completion && (
        <p className={doc.completion.signaturePending ? 'notice warn' : 'notice'}>
          {doc.number}, version {doc.version ?? 1}: {doc.completion.label}
        </p>
      )}
      <Notice kind="ok">{act.done}</Notice>
      {d.returned && !doc && <p className="notice">Returned to transcription: “{d.returned.comment}”</p>}
      {blanks.length > 0 && (
        <section className="panel warn-panel" aria-label="Questions from transcription">
          <h2>Questions from transcription</h2>
          <ul>
            {blanks.map((b) => (
              <li key={b.id}>
                At {fmtClock(b.audioTime)} of the audio: {b.note || 'unclear word or phrase'}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.audio?.available !== false && (
        <ReviewAudio dictationId={d.id} durationSec={d.durationSec} onTime={setTime} playerRef={player} />
      )}

      {doc && doc.kind !== 'ORIGINAL' && (
        <section className="panel" aria-label="Amendment">
          <h2>
            {doc.kind === 'ADDENDUM' ? 'Addendum' : 'Replacement'} {doc.number}
          </h2>
          <p>
            <strong>Reason:</strong> {doc.reason || '—'}
          </p>
          {parent && doc.kind === 'REPLACEMENT' && (
            <DiffView before={parent.text} after={doc.text} label={`Changes from ${parent.number}`} />
          )}
          {parent && doc.kind === 'ADDENDUM' && (
            <details>
              <summary>The note it is added to ({parent.number})</summary>
              <article className="document-text">{parent.text}</article>
            </details>
          )}
        </section>
      )}

      {!doc ? (
        <p className="muted">The report is not finalized yet.</p>
      ) : editing ? (
        <Field label="Corrected text">
          <textarea
            className="amend-text"
            rows={16}
            value={edited}
            onChange={(e) => setEdited(e.target.value)}
          />
        </Field>
      ) : showWords && words.length > 0 ? (
        <TimedText
          text={doc.text}
          words={words}
          currentTime={time}
          onSeek={(t) => player.current?.seek(t)}
          label="Report text"
        />
      ) : (
        <article className="document-text" aria-label="Report text">
          {doc.text}
        </article>
      )}

      {doc?.addenda && doc.addenda.length > 0 && (
        <section aria-label="Addenda">
          <h2>Addenda</h2>
          {doc.addenda.map((a) => (
            <article key={a.id} className="panel" aria-label={`Addendum ${a.number}`}>
              <p className="small muted">
                {a.number} · {fmtDateTime(a.finalizedAt)} · {a.completion?.label}
                {a.reason && <> · Reason: {a.reason}</>}
              </p>
              <div className="document-text">{a.text}</div>
              {a.awaitingSignature && mine && (
                <Link href={`/review/doc/${a.id}`}>Review & sign this addendum</Link>
              )}
            </article>
          ))}
        </section>
      )}

      <ErrorNotice error={!signing ? act.error : null} />
      <div className="button-row">
        {canSign && !editing && (
          <button type="button" className="primary" onClick={() => setSigning(true)}>
            Sign report
          </button>
        )}
        {canSign && !editing && (
          <button
            type="button"
            onClick={() => {
              setEdited(doc?.text ?? '');
              setEditing(true);
            }}
          >
            Edit then sign
          </button>
        )}
        {editing && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => setSigning(true)}
              disabled={!edited.trim()}
            >
              Sign edited version
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel editing
            </button>
          </>
        )}
        {canReturn && !editing && (
          <button type="button" onClick={() => setReturning(true)}>
            Return to transcription
          </button>
        )}
        {canAddendum && (
          <button type="button" onClick={() => setAmending(true)}>
            Add addendum
          </button>
        )}
      </div>

      <SignDialog
        key={signing ? 'open' : 'closed'}
        open={signing}
        title="Sign this report?"
        busy={act.busy}
        error={act.error}
        onCancel={() => {
          setSigning(false);
          act.setError(null);
        }}
        onConfirm={(password) => void sign(password)}
      >
        <p>
          You confirm that you have reviewed the {d.workType.name.toLowerCase()} for{' '}
          <strong>{d.patient.name}</strong>
          {editing ? ' as you corrected it' : ''} and that it is accurate.
        </p>
      </SignDialog>
      <FormDialog
        open={returning}
        title="Return to transcription"
        onClose={() => setReturning(false)}
        onSubmit={sendBack}
        action={act}
        disabled={!comment.trim()}
        label="Return"
        busyLabel="Return"
      >
        <Field label="Comment for the transcriptionist">
          <textarea rows={4} value={comment} onChange={(e) => setComment(e.target.value)} required />
        </Field>
      </FormDialog>
      {doc && (
        <AmendDialog
          key={amending ? 'open' : 'closed'}
          doc={doc}
          kind={amending ? 'addendum' : null}
          byAuthor
          onClose={() => setAmending(false)}
          onDone={(created) => {
            setAmending(false);
            act.announce(`Addendum ${created.number} filed, signed and sent to the EHR.`);
            void data.reload();
          }}
        />
      )}
    </div>
  );
}
