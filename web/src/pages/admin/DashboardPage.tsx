import { type ReactNode, useState } from 'react';
import { adminApi } from '../../api/admin';
import { api } from '../../api/client';
import { worklistStats } from '../../api/worklist-stats';
import { DataTable } from '../../components/DataTable';
import { Definitions } from '../../components/Definitions';
import { ErrorNotice } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { fmtDateTime, STATUS_LABEL } from '../../lib/format';
import { fmtDuration, fmtInt } from '../../lib/report-format';
import { Backlog } from '../transcriptionist/Backlog';

const REFRESH_MS = 30_000;

/** GET /admin/dashboard: operations at a glance, refreshed every 30 s. Aggregates only. */
export function DashboardPage() {
  const [workType, setWorkType] = useState('');
  const workTypes = useAsync(() => api.workTypes(), []);
  const dash = useAsync(() => adminApi.dashboard(workType || undefined), [workType], REFRESH_MS);
  const d = dash.data;
  const backlog = useAsync(() => worklistStats(), [], REFRESH_MS);

  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <label className="inline-field">
          Work type
          <select value={workType} onChange={(e) => setWorkType(e.target.value)}>
            <option value="">All work types</option>
            {workTypes.data?.map((w) => (
              <option key={w.code} value={w.code}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="muted small" aria-live="polite">
          {d ? `Updated ${new Date(d.generatedAt).toLocaleTimeString()} · refreshes every 30 s` : ''}
        </span>
        <button type="button" className="small" onClick={() => void dash.reload()}>
          Refresh
        </button>
      </div>
      {backlog.data && <Backlog stats={backlog.data} mine={false} />}
      <ErrorNotice error={dash.error} />
      {!d && dash.loading && <p className="muted">Loading…</p>}
      {d && (
        <>
          <ul className="cards" aria-label="Key figures">
            <Card label="Dictations" value={fmtInt(d.dictations.total)} title={d.definitions.dictations} />
            <Card
              label="Overdue STAT"
              value={fmtInt(d.overdue.STAT)}
              tone={d.overdue.STAT > 0 ? 'bad' : undefined}
              title={d.definitions.overdue}
            />
            <Card
              label="Overdue routine"
              value={fmtInt(d.overdue.ROUTINE)}
              tone={d.overdue.ROUTINE > 0 ? 'warn' : undefined}
              title={d.definitions.overdue}
            />
            <Card
              label="Finalized today"
              value={fmtInt(d.finalizedToday.documents)}
              title={d.definitions.finalizedToday}
            />
            <Card
              label="Median turnaround (7 days)"
              value={fmtDuration(d.turnaround.medianSeconds)}
              note={`${fmtInt(d.turnaround.documents)} documents`}
              title={d.definitions.turnaround}
            />
            <Card
              label="Transcription failures (24 h)"
              value={fmtInt(d.transcriptionFailures.total)}
              tone={d.transcriptionFailures.total > 0 ? 'warn' : undefined}
              title={d.definitions.transcriptionFailures}
            />
            <Card
              label="Failed deliveries"
              value={fmtInt(d.deliveries.byStatus.FAILED ?? 0)}
              tone={(d.deliveries.byStatus.FAILED ?? 0) > 0 ? 'bad' : undefined}
              title={d.definitions.deliveries}
            />
          </ul>

          <div className="report-grid">
            <CountPanel
              id="dash-status"
              title="Dictations by status"
              head="Status"
              unit="Dictations"
              counts={d.dictations.byStatus}
              total={d.dictations.total}
              name={(status) => <StatusBadge status={status} />}
            />

            <section className="panel" aria-labelledby="dash-oldest">
              <h2 id="dash-oldest">Oldest waiting</h2>
              <DataTable
                variant="compact"
                rows={Object.entries(d.oldestWaiting)}
                rowKey={([status]) => status}
                columns={[
                  { header: 'Status', cell: ([status]) => STATUS_LABEL[status] ?? status },
                  { header: 'Waiting', className: 'num', cell: ([, w]) => fmtInt(w.count) },
                  {
                    header: 'Oldest since',
                    cell: ([, w]) => (w.oldestSince ? fmtDateTime(w.oldestSince) : '—'),
                  },
                  { header: 'Age', className: 'num', cell: ([, w]) => fmtDuration(w.ageSeconds) },
                ]}
              />
            </section>

            <CountPanel
              id="dash-failures"
              title="Transcription failures by reason (last 24 h)"
              head="Reason"
              unit="Dictations"
              counts={d.transcriptionFailures.byReason}
              empty="No failures."
              name={(reason) => <code>{reason}</code>}
            />

            <CountPanel
              id="dash-deliveries"
              title="EHR deliveries"
              head="Status"
              unit="Deliveries"
              counts={d.deliveries.byStatus}
              total={d.deliveries.total}
              name={(status) => <span className={`badge delivery-${status.toLowerCase()}`}>{status}</span>}
            />
          </div>

          <details className="definitions">
            <summary>How these figures are counted</summary>
            <Definitions defs={d.definitions} />
          </details>
        </>
      )}
    </>
  );
}

/** A panel of counts by one key (status, reason), with their total when there is one. */
function CountPanel({
  id,
  title,
  head,
  unit,
  counts,
  total,
  empty,
  name,
}: {
  id: string;
  title: string;
  head: string;
  unit: string;
  counts: Record<string, number>;
  total?: number;
  empty?: string;
  name: (key: string) => ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <DataTable
        variant="compact"
        rows={Object.entries(counts)}
        rowKey={([key]) => key}
        empty={empty}
        columns={[
          { header: head, cell: ([key]) => name(key) },
          { header: unit, className: 'num', cell: ([, n]) => fmtInt(n) },
        ]}
        footer={
          total === undefined ? null : (
            <tr>
              <th scope="row">Total</th>
              <td className="num">{fmtInt(total)}</td>
            </tr>
          )
        }
      />
    </section>
  );
}

function Card({
  label,
  value,
  note,
  tone,
  title,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: 'bad' | 'warn';
  title?: string;
}) {
  return (
    <li className={`card ${tone ?? ''}`} title={title}>
      <span className="card-label">{label}</span>
      <strong className="card-value">{value}</strong>
      {note && <span className="card-note muted small">{note}</span>}
    </li>
  );
}
