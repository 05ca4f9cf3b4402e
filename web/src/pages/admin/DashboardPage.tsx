import { useState } from 'react';
import { adminApi } from '../../api/admin';
import { api, errorMessage } from '../../api/client';
import { worklistStats } from '../../api/worklist-stats';
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
      {dash.error ? (
        <p className="error" role="alert">
          {errorMessage(dash.error)}
        </p>
      ) : null}
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
            <section className="panel" aria-labelledby="dash-status">
              <h2 id="dash-status">Dictations by status</h2>
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Dictations
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.dictations.byStatus).map(([status, n]) => (
                    <tr key={status}>
                      <td>
                        <StatusBadge status={status} />
                      </td>
                      <td className="num">{fmtInt(n)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td className="num">{fmtInt(d.dictations.total)}</td>
                  </tr>
                </tfoot>
              </table>
            </section>

            <section className="panel" aria-labelledby="dash-oldest">
              <h2 id="dash-oldest">Oldest waiting</h2>
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Waiting
                    </th>
                    <th scope="col">Oldest since</th>
                    <th scope="col" className="num">
                      Age
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.oldestWaiting).map(([status, w]) => (
                    <tr key={status}>
                      <td>{STATUS_LABEL[status] ?? status}</td>
                      <td className="num">{fmtInt(w.count)}</td>
                      <td>{w.oldestSince ? fmtDateTime(w.oldestSince) : '—'}</td>
                      <td className="num">{fmtDuration(w.ageSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>

            <section className="panel" aria-labelledby="dash-failures">
              <h2 id="dash-failures">Transcription failures by reason (last 24 h)</h2>
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col" className="num">
                      Dictations
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.transcriptionFailures.byReason).map(([reason, n]) => (
                    <tr key={reason}>
                      <td>
                        <code>{reason}</code>
                      </td>
                      <td className="num">{fmtInt(n)}</td>
                    </tr>
                  ))}
                  {Object.keys(d.transcriptionFailures.byReason).length === 0 && (
                    <tr>
                      <td colSpan={2} className="empty">
                        No failures.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </section>

            <section className="panel" aria-labelledby="dash-deliveries">
              <h2 id="dash-deliveries">EHR deliveries</h2>
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Deliveries
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.deliveries.byStatus).map(([status, n]) => (
                    <tr key={status}>
                      <td>
                        <span className={`badge delivery-${status.toLowerCase()}`}>{status}</span>
                      </td>
                      <td className="num">{fmtInt(n)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td className="num">{fmtInt(d.deliveries.total)}</td>
                  </tr>
                </tfoot>
              </table>
            </section>
          </div>

          <details className="definitions">
            <summary>How these figures are counted</summary>
            <dl>
              {Object.entries(d.definitions).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
    </>
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
