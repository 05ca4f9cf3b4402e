import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import type { DocumentListFilter, DocumentSummary } from '../../api/types';
import { useUser } from '../../auth/session';
import {
  actionsColumn,
  type Column,
  DataTable,
  LoadMore,
  patientColumn,
  RowButton,
} from '../../components/DataTable';
import { Link } from '../../components/Link';
import { ErrorNotice, MessageNotice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { StatusBadge } from '../../components/StatusBadge';
import { Tabs, tabPanelProps } from '../../components/Tabs';
import { useAction } from '../../components/useAction';
import { usePagedList } from '../../components/usePagedList';
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

const EMPTY_TEXT: Record<View, string> = {
  READY: 'Nothing to file.',
  AWAITING_SIGNATURE: 'No note is waiting for its author’s signature.',
  ENTERED_IN_ERROR: 'No note was entered in error.',
  FILED: 'No filed notes yet.',
};

export function FilingQueuePage() {
  const user = useUser();
  const canAct = user.role === 'RECORDS';
  const [view, setViewState] = useState<View>(() => {
    const v = sessionStorage.getItem(VIEW_KEY);
    return VIEWS.some((x) => x.value === v) ? (v as View) : 'READY';
  });
  // Polled: sooner while an EHR delivery is on its way.
  const list = usePagedList(
    (cursor) => recordsApi.documents(view, cursor),
    [view],
    (shown) => (shown.some(hasPendingDelivery) ? 3000 : 15_000),
  );
  const items = list.items;
  const act = useAction();

  function setView(v: View) {
    sessionStorage.setItem(VIEW_KEY, v);
    setViewState(v);
    act.clear();
  }

  function file(d: DocumentSummary) {
    return act.run(
      async () => {
        await recordsApi.file(d.id);
        return `Document ${d.number} filed to ${d.patient.name}'s record; EHR delivery started.`;
      },
      { key: d.id, reload: list.reload, failure: (e) => `Could not file ${d.number}: ${errorMessage(e)}` },
    );
  }

  const filed = view === 'FILED';
  // Oldest first (the server's order), aged in days so a forgotten signature stands out.
  const awaiting = view === 'AWAITING_SIGNATURE';
  const columns: Column<DocumentSummary>[] = [
    {
      header: 'Number',
      cellClassName: 'nowrap',
      cell: (d) => (
        <>
          <Link href={`/records/documents/${d.id}`}>{d.number}</Link>
          {d.kind !== 'ORIGINAL' && <span className="badge kind">{kindLabel(d.kind)}</span>}
          {d.reason && <div className="small muted">Reason: {d.reason}</div>}
          {d.retraction && <div className="small muted">Entered in error: {d.retraction.reason}</div>}
        </>
      ),
    },
    patientColumn(),
    { header: 'Work type', cell: (d) => d.workType.name },
    { header: 'Author', cell: (d) => d.author.displayName || d.author.username },
    {
      header: filed ? 'Filed' : awaiting ? 'Waiting since' : 'Finalized',
      cellClassName: 'nowrap',
      cell: (d) => (
        <>
          {fmtDateTime(filed ? d.filedAt : d.finalizedAt)}
          {awaiting && <WaitingDays since={d.finalizedAt} />}
        </>
      ),
    },
    {
      header: filed ? 'EHR delivery' : 'Status',
      cell: (d) =>
        filed ? (
          <DeliveryList doc={d} canRetry={canAct} onRetried={list.reload} />
        ) : (
          <>
            <StatusBadge status={d.status} />
            {d.awaitingSignature && <span className="badge">Awaiting signature</span>}
          </>
        ),
    },
    actionsColumn((d) => (
      <>
        <Link
          className="button small"
          href={`/records/documents/${d.id}`}
          aria-label={`Open document ${d.number} for ${d.patient.name}`}
        >
          Open
        </Link>
        {canAct && d.readyToFile && (
          <RowButton
            className="primary"
            label={`File document ${d.number} for ${d.patient.name}`}
            disabled={act.isBusy(d.id)}
            onClick={() => void file(d)}
          >
            {act.isBusy(d.id) ? 'Filing…' : 'File'}
          </RowButton>
        )}
      </>
    )),
  ];

  return (
    <div className="page">
      <PageHead title="Filing queue">
        <span className="muted" aria-live="polite">
          {list.loading
            ? 'Loading…'
            : `${items.length}${list.cursor ? '+' : ''} document${items.length === 1 ? '' : 's'}`}
        </span>
      </PageHead>
      <Tabs label="Filing queue" idBase="queue" tabs={VIEWS} value={view} onChange={setView} />
      <div {...tabPanelProps('queue', view)} className="tab-panel">
        <MessageNotice message={act.message} />
        <ErrorNotice error={list.error} />
        <DataTable
          wrap
          columns={columns}
          rows={items}
          rowKey={(d) => d.id}
          loading={list.loading}
          empty={EMPTY_TEXT[view]}
        />
        <LoadMore list={list} />
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
