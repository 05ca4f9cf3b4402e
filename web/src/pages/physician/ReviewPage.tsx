import { useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Blank, Dictation, DocumentDetail } from '../../api/types';
import { ConfirmDialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { fmtClock, fmtDateTime } from '../../lib/format';

export function ReviewPage({ dictationId }: { dictationId: string }) {
  const data = useAsync(async () => {
    const d = await api.dictation(dictationId);
    let doc: DocumentDetail | null = null;
    if (d.documentId) doc = await api.document(d.documentId);
    let blanks: Blank[] = [];
    try {
      blanks = (await api.blanks(dictationId)).filter((b) => b.status === 'ROUTED_TO_AUTHOR');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    return { d, doc, blanks };
  }, [dictationId]);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);

  if (data.error) {
    return (
      <div className="page">
        <p className="error" role="alert">
          {errorMessage(data.error)}
        </p>
        <Link href="/my">Back to my dictations</Link>
      </div>
    );
  }
  if (!data.data) return <div className="page">Loading…</div>;
  const { d, doc, blanks } = data.data;
  const canSign = d.status === 'FINALIZED' && d.workType.requiresSignature;

  async function sign(dict: Dictation) {
    setBusy(true);
    try {
      await api.sign(dict.id);
      setMsg('Signed. The report goes to the records team for filing.');
      await data.reload();
    } catch (e) {
      setMsg(`Could not sign: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  }

  return (
    <div className="page review-page">
      <div className="page-head">
        <h1>
          {d.workType.name} — {d.patient.name}
        </h1>
        <StatusBadge status={d.status} />
        <span className="spacer" />
        <Link href="/my">Back to my dictations</Link>
      </div>
      <p className="muted">
        MRN {d.patient.mrn} · dictated {fmtDateTime(d.dictatedAt)} · {fmtClock(d.durationSec)}
        {doc?.finalizedAt && <> · finalized {fmtDateTime(doc.finalizedAt)}</>}
        {doc?.signedAt && <> · signed {fmtDateTime(doc.signedAt)}</>}
      </p>
      {msg && (
        <p className="notice" role="status">
          {msg}
        </p>
      )}
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
      {doc ? (
        <article className="document-text" aria-label="Report text">
          {doc.text}
        </article>
      ) : (
        <p className="muted">The report is not finalized yet.</p>
      )}
      {canSign && (
        <button type="button" className="primary" onClick={() => setConfirm(true)}>
          Sign report
        </button>
      )}
      <ConfirmDialog
        open={confirm}
        title="Sign this report?"
        confirmLabel="Sign"
        busy={busy}
        onConfirm={() => void sign(d)}
        onCancel={() => setConfirm(false)}
      >
        <p>
          You confirm that you have reviewed the {d.workType.name.toLowerCase()} for{' '}
          <strong>{d.patient.name}</strong> and that it is accurate.
        </p>
      </ConfirmDialog>
    </div>
  );
}
