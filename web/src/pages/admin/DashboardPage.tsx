import { type ReactNode, useState } from 'react';
import { adminApi } from '../../api/admin';
import { api } from '../../api/client';
import { worklistStats } from '../../api/worklist-stats';
import { DataTable } from '../../components/DataTable';
import { Definitions } from '../../components/Definitions';
import { ErrorNotice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
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
      <PageHead
        title="Dashboard"
        actions={
          <>
            <span className="muted small" aria-live="polite">
              {d ? `Updated ${new Date(d.generatedAt).toLocaleTimeString()} · refreshes every 30 s` : ''}
            </span>
            <button type="button" className="small" onClick={() => void dash.reload()}>
              Refresh
            </button>
          </>
        }
      >
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
      </PageHead>
      {backlog.data && <Backlog stats={backlog.data} mine={false} />}
      <ErrorNotice error={dash.error} />
      {!d && dash.loading && <p className="muted">Loading…</p>}
      {d && (
        <>
          <ul className="cards" aria-label="Key figures">
            {keyFigures(d).map((c) => (
              <Card key={c.label} {...c} />
            ))}
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

type Dashboard = Awaited<ReturnType<typeof adminApi.dashboard>>;

/** A count as a card; alarm: how it looks when a count that should be zero is not. */
function countCard(label: string, n: number, title: string | undefined, alarm?: 'bad' | 'warn'): CardProps {
  return { label, value: fmtInt(n), title, tone: alarm && n > 0 ? alarm : undefined };
}

function keyFigures(d: Dashboard): CardProps[] {
  const defs = d.definitions;
  return [
    countCard('Dictations', d.dictations.total, defs.dictations),
    countCard('Overdue STAT', d.overdue.STAT, defs.overdue, 'bad'),
    countCard('Overdue routine', d.overdue.ROUTINE, defs.overdue, 'warn'),
    countCard('Finalized today', d.finalizedToday.documents, defs.finalizedToday),
    {
      label: 'Median turnaround (7 days)',
      value: fmtDuration(d.turnaround.medianSeconds),
      note: `${fmtInt(d.turnaround.documents)} documents`,
      title: defs.turnaround,
    },
    countCard(
      'Transcription failures (24 h)',
      d.transcriptionFailures.total,
      defs.transcriptionFailures,
      'warn',
    ),
    countCard('Failed deliveries', d.deliveries.byStatus.FAILED ?? 0, defs.deliveries, 'bad'),
  ];
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

interface CardProps {
  label: string;
  value: string;
  note?: string;
  tone?: 'bad' | 'warn';
  title?: string;
}

function Card({ label, value, note, tone, title }: CardProps) {
  return (
    <li className={`card ${tone ?? ''}`} title={title}>
      <span className="card-label">{label}</span>
      <strong className="card-value">{value}</strong>
      {note && <span className="card-note muted small">{note}</span>}
    </li>
  );
}
