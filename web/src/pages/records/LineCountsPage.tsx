import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { type LineCountGrouping, recordsApi } from '../../api/records';
import { useAsync } from '../../components/useAsync';
import { fmtInt, isoDay } from '../../lib/report-format';

/** GET /reports/line-counts: lines per transcriptionist and day/month, both line definitions. */
export function LineCountsPage() {
  const now = new Date();
  const [form, setForm] = useState({
    from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)),
    to: isoDay(now),
    groupBy: 'day' as LineCountGrouping,
  });
  const [applied, setApplied] = useState(form);
  const report = useAsync(() => recordsApi.lineCounts(applied), [applied]);
  const r = report.data;

  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied(form);
  }

  const periodHead = r?.groupBy === 'month' ? 'Month' : r?.groupBy === 'day' ? 'Day' : 'Period';
  return (
    <div className="page">
      <h1>Line counts</h1>
      <form className="filters" onSubmit={submit} aria-label="Report options">
        <label>
          From
          <input
            type="date"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
            required
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
            required
          />
        </label>
        <label>
          Group by
          <select
            value={form.groupBy}
            onChange={(e) => setForm({ ...form, groupBy: e.target.value as LineCountGrouping })}
          >
            <option value="day">Day</option>
            <option value="month">Month</option>
            <option value="total">Whole period</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      {report.error ? (
        <p className="error" role="alert">
          {errorMessage(report.error)}
        </p>
      ) : null}
      {r && (
        <p className="muted small">
          {new Date(r.from).toLocaleString()} – {new Date(r.to).toLocaleString()} · {r.charactersPerLine}{' '}
          characters per line
        </p>
      )}
      <div className="table-wrap">
        <table className="table" aria-label="Line counts per transcriptionist">
          <thead>
            <tr>
              <th scope="col">{periodHead}</th>
              <th scope="col">Transcriptionist</th>
              <th scope="col" className="num">
                Documents
              </th>
              <th scope="col" className="num" title={r?.definitions.linesWithSpaces}>
                Lines with spaces (AHDI)
              </th>
              <th scope="col" className="num" title={r?.definitions.linesVisible}>
                Visible-character lines (VA VBC)
              </th>
            </tr>
          </thead>
          <tbody aria-busy={report.loading}>
            {r?.items.map((row) => (
              <tr key={`${row.period}-${row.transcriptionist.id}`}>
                <td className="nowrap">{row.period ?? 'Whole period'}</td>
                <td>
                  {row.transcriptionist.displayName || row.transcriptionist.username}{' '}
                  {row.transcriptionist.displayName && (
                    <span className="muted small">{row.transcriptionist.username}</span>
                  )}
                </td>
                <td className="num">{fmtInt(row.documents)}</td>
                <td className="num">{fmtInt(row.linesWithSpaces)}</td>
                <td className="num">{fmtInt(row.linesVisible)}</td>
              </tr>
            ))}
            {r && r.items.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No documents finalized in this period.
                </td>
              </tr>
            )}
          </tbody>
          {r && r.items.length > 0 && (
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="num">{fmtInt(r.totals.documents)}</td>
                <td className="num">{fmtInt(r.totals.linesWithSpaces)}</td>
                <td className="num">{fmtInt(r.totals.linesVisible)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {r && (
        <section className="definitions" aria-labelledby="lc-defs">
          <h2 id="lc-defs">Definitions</h2>
          <dl>
            {Object.entries(r.definitions).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
