import { type FormEvent, useState } from 'react';
import { adminApi, type QualityGrouping } from '../../api/admin';
import { errorMessage } from '../../api/client';
import { useAsync } from '../../components/useAsync';
import { fmtInt, fmtPercent, isoDay } from '../../lib/report-format';

const GROUPS: { value: QualityGrouping; label: string }[] = [
  { value: 'engine', label: 'Engine' },
  { value: 'author', label: 'Author' },
  { value: 'workType', label: 'Work type' },
  { value: 'day', label: 'Day' },
];

/** GET /admin/quality: how far the engine drafts were from the finalized texts (WER). */
export function QualityPage() {
  const today = isoDay(new Date());
  const monthAgo = isoDay(new Date(Date.now() - 30 * 86_400_000));
  const [form, setForm] = useState({ groupBy: 'engine' as QualityGrouping, from: monthAgo, to: today });
  const [applied, setApplied] = useState(form);
  const report = useAsync(
    () =>
      adminApi.quality({
        groupBy: applied.groupBy,
        from: applied.from || undefined,
        to: applied.to || undefined,
      }),
    [applied],
  );
  const r = report.data;
  const groupLabel = GROUPS.find((g) => g.value === (r?.groupBy ?? applied.groupBy))?.label ?? 'Group';

  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied(form);
  }

  return (
    <>
      <h1>Draft quality</h1>
      <p className="muted">
        Word error rate (WER) of the speech engine drafts against the finalized notes: the share of words
        transcriptionists had to substitute, delete or insert. Lower is better.
      </p>
      <form className="filters" onSubmit={submit} aria-label="Report options">
        <label>
          Group by
          <select
            value={form.groupBy}
            onChange={(e) => setForm({ ...form, groupBy: e.target.value as QualityGrouping })}
          >
            {GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
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
      <table className="table" aria-label={`Draft quality by ${groupLabel.toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col" className="num">
              Documents
            </th>
            <th scope="col" className="num">
              Draft words
            </th>
            <th scope="col" className="num">
              Final words
            </th>
            <th scope="col" className="num">
              Word errors
            </th>
            <th scope="col" className="num">
              WER
            </th>
          </tr>
        </thead>
        <tbody aria-busy={report.loading}>
          {r?.items.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="num">{fmtInt(row.documents)}</td>
              <td className="num">{fmtInt(row.draftWords)}</td>
              <td className="num">{fmtInt(row.finalWords)}</td>
              <td className="num">{fmtInt(row.wordErrors)}</td>
              <td className="num">
                <strong>{fmtPercent(row.wer)}</strong>
              </td>
            </tr>
          ))}
          {r && r.items.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No finalized documents with an engine draft in this period.
              </td>
            </tr>
          )}
        </tbody>
        {r && r.items.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row">All</th>
              <td className="num">{fmtInt(r.totals.documents)}</td>
              <td className="num">{fmtInt(r.totals.draftWords)}</td>
              <td className="num">{fmtInt(r.totals.finalWords)}</td>
              <td className="num">{fmtInt(r.totals.wordErrors)}</td>
              <td className="num">
                <strong>{fmtPercent(r.totals.wer)}</strong>
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      {r && (
        <details className="definitions">
          <summary>How these figures are counted</summary>
          <p className="small muted">
            {new Date(r.from).toLocaleString()} – {new Date(r.to).toLocaleString()}
          </p>
          <dl>
            {Object.entries(r.definitions).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </>
  );
}
