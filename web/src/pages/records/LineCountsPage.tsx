import { type LineCountGrouping, type LineCountReport, recordsApi } from '../../api/records';
import { type Column, DataTable } from '../../components/DataTable';
import { Definitions } from '../../components/Definitions';
import { DateRangeFields, useAppliedForm } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAsync } from '../../components/useAsync';
import { fmtInt, isoDay } from '../../lib/report-format';

type Row = LineCountReport['items'][number];

/** GET /reports/line-counts: lines per transcriptionist and day/month, both line definitions. */
export function LineCountsPage() {
  const now = new Date();
  const { form, set, applied, submit } = useAppliedForm({
    from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)),
    to: isoDay(now),
    groupBy: 'day' as LineCountGrouping,
  });
  const report = useAsync(() => recordsApi.lineCounts(applied), [applied]);
  const r = report.data;

  const periodHead = r?.groupBy === 'month' ? 'Month' : r?.groupBy === 'day' ? 'Day' : 'Period';
  const columns: Column<Row>[] = [
    { header: periodHead, cellClassName: 'nowrap', cell: (row) => row.period ?? 'Whole period' },
    {
      header: 'Transcriptionist',
      cell: ({ transcriptionist: t }) => (
        <>
          {t.displayName || t.username} {t.displayName && <span className="muted small">{t.username}</span>}
        </>
      ),
    },
    { header: 'Documents', className: 'num', cell: (row) => fmtInt(row.documents) },
    {
      header: 'Lines with spaces (AHDI)',
      className: 'num',
      title: r?.definitions.linesWithSpaces,
      cell: (row) => fmtInt(row.linesWithSpaces),
    },
    {
      header: 'Visible-character lines (VA VBC)',
      className: 'num',
      title: r?.definitions.linesVisible,
      cell: (row) => fmtInt(row.linesVisible),
    },
  ];

  return (
    <div className="page">
      <h1>Line counts</h1>
      <form className="filters" onSubmit={submit} aria-label="Report options">
        <DateRangeFields from={form.from} to={form.to} set={set} required />
        <label>
          Group by
          <select value={form.groupBy} onChange={set('groupBy')}>
            <option value="day">Day</option>
            <option value="month">Month</option>
            <option value="total">Whole period</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ErrorNotice error={report.error} />
      {r && (
        <p className="muted small">
          {new Date(r.from).toLocaleString()} – {new Date(r.to).toLocaleString()} · {r.charactersPerLine}{' '}
          characters per line
        </p>
      )}
      <DataTable
        wrap
        label="Line counts per transcriptionist"
        columns={columns}
        rows={r?.items}
        rowKey={(row) => `${row.period}-${row.transcriptionist.id}`}
        loading={report.loading}
        empty="No documents finalized in this period."
        footer={
          r && r.items.length > 0 ? (
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num">{fmtInt(r.totals.documents)}</td>
              <td className="num">{fmtInt(r.totals.linesWithSpaces)}</td>
              <td className="num">{fmtInt(r.totals.linesVisible)}</td>
            </tr>
          ) : null
        }
      />
      {r && (
        <section className="definitions" aria-labelledby="lc-defs">
          <h2 id="lc-defs">Definitions</h2>
          <Definitions defs={r.definitions} />
        </section>
      )}
    </div>
  );
}
