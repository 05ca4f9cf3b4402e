import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { DocumentDetail, DocumentListFilter, DocumentSummary } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { fmtDateTime } from '../../lib/format';

const VIEWS: { value: DocumentListFilter; label: string }[] = [
  { value: 'READY', label: 'Ready to file' },
  { value: 'AWAITING_SIGNATURE', label: 'Awaiting signature' },
  { value: 'FILED', label: 'Filed' },
];

export function FilingQueuePage() {
  const [view, setView] = useState<DocumentListFilter>('READY');
  const docs = useAsync(async () => (await api.documents(view)).items, [view], 15000);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [viewing, setViewing] = useState<DocumentDetail | null>(null);

  async function file(d: DocumentSummary) {
    setBusyId(d.id);
    try {
      await api.fileDocument(d.id);
      setMsg({
        ok: true,
        text: `Document ${d.number} filed to ${d.patient.name}'s record; EHR delivery started.`,
      });
      await docs.reload();
    } catch (e) {
      setMsg({ ok: false, text: `Could not file ${d.number}: ${errorMessage(e)}` });
    } finally {
      setBusyId(null);
    }
  }

  async function open(d: DocumentSummary) {
    try {
      setViewing(await api.document(d.id));
    } catch (e) {
      setMsg({ ok: false, text: errorMessage(e) });
    }
  }

  const items = docs.data ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <h1>Filing queue</h1>
        <label className="inline-field">
          Show{' '}
          <select value={view} onChange={(e) => setView(e.target.value as DocumentListFilter)}>
            {VIEWS.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {items.length} document{items.length === 1 ? '' : 's'}
        </span>
      </div>
      {msg && (
        <p className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}
      {docs.error ? (
        <p className="error" role="alert">
          {errorMessage(docs.error)}
        </p>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Patient</th>
            <th scope="col">Work type</th>
            <th scope="col">Author</th>
            <th scope="col">Finalized</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={docs.loading}>
          {items.map((d) => {
            const canFile =
              d.readyToFile ?? (d.status === 'SIGNED' || (d.status === 'FINALIZED' && !d.awaitingSignature));
            return (
              <tr key={d.id}>
                <td>{d.number}</td>
                <td>
                  <strong>{d.patient.name}</strong> <span className="muted small">MRN {d.patient.mrn}</span>
                </td>
                <td>{d.workType.name}</td>
                <td>{d.author.displayName || d.author.username}</td>
                <td>{fmtDateTime(d.finalizedAt)}</td>
                <td>
                  <StatusBadge status={d.status} />
                  {d.awaitingSignature && <span className="badge">Awaiting signature</span>}
                  {d.deliveries?.map((x) => (
                    <span
                      key={x.target}
                      className={`badge delivery-${x.status.toLowerCase()}`}
                      title={x.lastError ?? undefined}
                    >
                      {x.target}: {x.status.toLowerCase()}
                    </span>
                  ))}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="small"
                    onClick={() => void open(d)}
                    aria-label={`View document ${d.number}`}
                  >
                    View
                  </button>
                  {canFile && d.status !== 'FILED' && (
                    <button
                      type="button"
                      className="small primary"
                      disabled={busyId === d.id}
                      onClick={() => void file(d)}
                      aria-label={`File document ${d.number} for ${d.patient.name}`}
                    >
                      {busyId === d.id ? 'Filing…' : 'File'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {!docs.loading && items.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                Nothing here.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Dialog
        open={!!viewing}
        title={viewing ? `Document ${viewing.number} — ${viewing.patient.name}` : ''}
        onClose={() => setViewing(null)}
        className="wide"
      >
        <article className="document-text">{viewing?.text}</article>
        <div className="dialog-actions">
          <button type="button" onClick={() => setViewing(null)}>
            Close
          </button>
        </div>
      </Dialog>
    </div>
  );
}
