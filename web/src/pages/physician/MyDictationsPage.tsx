import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Dictation } from '../../api/types';
import {
  actionsColumn,
  type Column,
  DataTable,
  LoadMore,
  patientColumn,
  RowButton,
} from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { ErrorNotice, MessageNotice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { PriorityBadge, StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../components/useAction';
import { usePagedList } from '../../components/usePagedList';
import { fmtClock, fmtDateTime } from '../../lib/format';
import { AuthorQuestions } from './AuthorQuestions';

const CANCELLABLE = new Set(['UPLOADED', 'QUEUED', 'DRAFT_READY']);

export function MyDictationsPage() {
  const [statusFilter, setStatusFilter] = useState('');
  // Polled every 5 s: the status moves on by itself (transcribed, corrected, filed).
  const list = usePagedList(
    (cursor) => api.dictations({ mine: true, status: statusFilter || undefined, cursor }),
    [statusFilter],
    5000,
  );
  const items = list.items;
  const [toCancel, setToCancel] = useState<Dictation | null>(null);
  const act = useAction();

  function cancel() {
    const d = toCancel;
    if (!d) return;
    return act.run(
      async () => {
        await api.cancel(d.id);
        return `Dictation for ${d.patient.name} cancelled.`;
      },
      {
        reload: list.reload,
        failure: (e) => `Could not cancel: ${errorMessage(e)}`,
        settle: () => setToCancel(null),
      },
    );
  }

  const columns: Column<Dictation>[] = [
    { header: 'Dictated', cell: (d) => fmtDateTime(d.dictatedAt) },
    patientColumn(),
    { header: 'Work type', cell: (d) => d.workType.name },
    { header: 'Priority', cell: (d) => <PriorityBadge priority={d.priority} /> },
    { header: 'Length', cell: (d) => fmtClock(d.durationSec) },
    {
      header: 'Status',
      cell: (d) => (
        <>
          <StatusBadge status={d.status} reason={d.statusReason} />
          {d.possibleDuplicate && (
            <span className="badge dup" title="The same audio was uploaded before">
              Possible duplicate
            </span>
          )}
          {!!d.questions && (
            <span className="badge questions" title="The transcriptionist has a question for you">
              {d.questions === 1 ? 'Question' : `Questions: ${d.questions}`}
            </span>
          )}
        </>
      ),
    },
    actionsColumn((d) => {
      const toSign = d.status === 'FINALIZED' && d.workType.requiresSignature;
      return (
        <>
          {toSign && (
            <Link href={`/review/${d.id}`} className="button primary small">
              Review &amp; sign
            </Link>
          )}
          {d.documentId && !toSign && (
            <Link href={`/review/${d.id}`} className="button small">
              View report
            </Link>
          )}
          {CANCELLABLE.has(d.status) && (
            <RowButton label={`Cancel dictation for ${d.patient.name}`} onClick={() => setToCancel(d)}>
              Cancel
            </RowButton>
          )}
        </>
      );
    }),
  ];

  return (
    <div className="page">
      <PageHead
        title="My dictations"
        actions={
          <Link href="/dictate" className="button primary">
            New dictation
          </Link>
        }
      >
        <StatusFilter value={statusFilter} onChange={setStatusFilter} />
      </PageHead>
      <MessageNotice message={act.message} />
      <ErrorNotice error={list.error} />
      <DataTable
        variant="cards"
        caption="My dictations, newest first; the status updates automatically."
        live="polite"
        columns={columns}
        rows={items}
        rowKey={(d) => d.id}
        rowProps={(d) => ({ className: d.questions ? 'has-questions' : undefined })}
        after={(d) =>
          !!d.questions && (
            <tr className="questions-row">
              <td colSpan={7}>
                <AuthorQuestions dictation={d} onAnswered={() => void list.reload()} />
              </td>
            </tr>
          )
        }
        loading={list.loading}
        empty={
          <>
            No dictations yet. <Link href="/dictate">Record or upload one.</Link>
          </>
        }
      />
      <LoadMore list={list} />
      <ConfirmDialog
        open={!!toCancel}
        title="Cancel this dictation?"
        confirmLabel="Cancel dictation"
        danger
        busy={act.busy}
        onConfirm={() => void cancel()}
        onCancel={() => setToCancel(null)}
      >
        <p>
          The dictation for <strong>{toCancel?.patient.name}</strong> ({toCancel?.workType.name}) will not be
          transcribed. The audio is kept.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function StatusFilter({ value, onChange }: { value: string; onChange: (status: string) => void }) {
  return (
    <label className="inline-field">
      Status{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        <option value="QUEUED">Queued</option>
        <option value="TRANSCRIBING">Transcribing</option>
        <option value="DRAFT_READY">Draft ready</option>
        <option value="IN_EDIT">In editing</option>
        <option value="FINALIZED">Finalized (awaiting signature)</option>
        <option value="SIGNED">Signed</option>
        <option value="FILED">Filed</option>
        <option value="CANCELLED">Cancelled</option>
      </select>
    </label>
  );
}
