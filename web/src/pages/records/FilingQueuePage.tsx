import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import type { DocumentListFilter, DocumentSummary } from '../../api/types';
import { useSession, useUser } from '../../auth/session';
import { Link } from '../../components/Link';
import { StatusBadge } from '../../components/StatusBadge';
import { Tabs, tabPanelProps } from '../../components/Tabs';
import { daysWaiting } from '../../lib/age';
import { fmtDateTime } from '../../lib/format';
import { DeliveryList, hasPendingDelivery } from './DeliveryList';

type View = Extract<DocumentListFilter, 'READY' | 'AWAITING_SIGNATURE' | 'FILED' | 'ENTERED_IN_ERROR'>;
const VIEWS: { value: View; label: string }[] = [
  { value: 'READY', label: 'Ready to file' },
  { value: 'AWAITING_SIGNATURE', label: 'Awaiting signature' },
  { value: 'FILED', label: 'Filed' },
  { value: 'ENTERED_IN_ERROR', label: 'Entered in error' },
];
const VIEW_KEY = 'dictum.records.view';

export function FilingQueuePage() {
  const user = useUser();
  const { epoch } = useSession();
  const canAct = user.role === 'RECORDS';
  const [view, setViewState] = useState<View>(() => {
    const v = sessionStorage.getItem(VIEW_KEY);
    return VIEWS.some((x) => x.value === v) ? (v as View) : 'READY';
  });
  const [items, setItems] = useState<DocumentSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  function setView(v: View) {
    sessionStorage.setItem(VIEW_KEY, v);
    setViewState(v);
    setItems([]);
    setCursor(null);
    setMsg(null);
  }

  // Only the latest request may fill the table: a late answer for another tab must not show here.
  const latest = useRef(0);

  /** The first page of the current tab, again (polling, after filing or a retry). */
  const reload = useCallback(async () => {
    const seq = ++latest.current;
    try {
      const page = await recordsApi.documents(view);
      if (seq !== latest.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, [view]);

  const pending = items.some(hasPendingDelivery);
  // biome-ignore lint/correctness/useExhaustiveDependencies: epoch reloads after a re-sign-in
  useEffect(() => {
    setLoading(true);
    void reload();
  }, [reload, epoch]);
  useEffect(() => {
    const t = window.setInterval(
      () => {
        if (document.visibilityState === 'visible') void reload();
      },
      pending ? 3000 : 15_000,
    );
    return () => clearInterval(t);
  }, [reload, pending]);

  async function loadMore() {
    if (!cursor) return;
    const seq = ++latest.current;
    setLoading(true);
    try {
      const page = await recordsApi.documents(view, cursor);
      if (seq !== latest.current) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }

  async function file(d: DocumentSummary) {
    setBusyId(d.id);
    try {
      await recordsApi.file(d.id);
      setMsg({
        ok: true,
        text: `Document ${d.number} filed to ${d.patient.name}'s record; EHR delivery started.`,
      });
      await reload();
    } catch (e) {
      setMsg({ ok: false, text: `Could not file ${d.number}: ${errorMessage(e)}` });
    } finally {
      setBusyId(null);
    }
  }

  const filed = view === 'FILED';
  // Oldest first (the server's order), aged in days so a forgotten signature stands out.
  const awaiting = view === 'AWAITING_SIGNATURE';
  return (
    <div className="page">
      <div className="page-head">
        <h1>Filing queue</h1>
        <span className="muted" aria-live="polite">
          {loading
            ? 'Loading…'
            : `${items.length}${cursor ? '+' : ''} document${items.length === 1 ? '' : 's'}`}
        </span>
      </div>
      <Tabs label="Filing queue" idBase="queue" tabs={VIEWS} value={view} onChange={setView} />
      <div {...tabPanelProps('queue', view)} className="tab-panel">
        {msg && (
          <p className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        )}
        {error ? (
          <p className="error" role="alert">
            {errorMessage(error)}
          </p>
        ) : null}
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Patient</th>
                <th scope="col">Work type</th>
                <th scope="col">Author</th>
                <th scope="col">{filed ? 'Filed' : awaiting ? 'Waiting since' : 'Finalized'}</th>
                <th scope="col">{filed ? 'EHR delivery' : 'Status'}</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody aria-busy={loading}>
              {items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">
                    <Link href={`/records/documents/${d.id}`}>{d.number}</Link>
                    {d.kind !== 'ORIGINAL' && <span className="badge kind">{kindLabel(d.kind)}</span>}
                    {d.reason && <div className="small muted">Reason: {d.reason}</div>}
                    {d.retraction && (
                      <div className="small muted">Entered in error: {d.retraction.reason}</div>
                    )}
                  </td>
                  <td>
                    <strong>{d.patient.name}</strong> <span className="muted small">MRN {d.patient.mrn}</span>
                  </td>
                  <td>{d.workType.name}</td>
                  <td>{d.author.displayName || d.author.username}</td>
                  <td className="nowrap">
                    {fmtDateTime(filed ? d.filedAt : d.finalizedAt)}
                    {awaiting && <WaitingDays since={d.finalizedAt} />}
                  </td>
                  <td>
                    {filed ? (
                      <DeliveryList
                        documentId={d.id}
                        documentNumber={d.number}
                        deliveries={d.deliveries}
                        canRetry={canAct}
                        onRetried={reload}
                      />
                    ) : (
                      <>
                        <StatusBadge status={d.status} />
                        {d.awaitingSignature && <span className="badge">Awaiting signature</span>}
                      </>
                    )}
                  </td>
                  <td className="actions">
                    <Link
                      className="button small"
                      href={`/records/documents/${d.id}`}
                      aria-label={`Open document ${d.number} for ${d.patient.name}`}
                    >
                      Open
                    </Link>
                    {canAct && d.readyToFile && (
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
              ))}
              {!loading && items.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    {view === 'READY'
                      ? 'Nothing to file.'
                      : view === 'AWAITING_SIGNATURE'
                        ? 'No note is waiting for its author’s signature.'
                        : view === 'ENTERED_IN_ERROR'
                          ? 'No note was entered in error.'
                          : 'No filed notes yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {cursor && (
          <div className="list-footer">
            <button type="button" disabled={loading} onClick={() => void loadMore()}>
              Load more
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function WaitingDays({ since }: { since: string | null }) {
  const days = daysWaiting(since);
  return (
    <div className={`small${days >= 3 ? ' overdue' : ' muted'}`}>
      {days === 0 ? 'today' : `${days} ${days === 1 ? 'day' : 'days'}`}
    </div>
  );
}

export function kindLabel(kind: string) {
  return kind === 'ADDENDUM' ? 'Addendum' : kind === 'REPLACEMENT' ? 'Replacement' : 'Original';
}
