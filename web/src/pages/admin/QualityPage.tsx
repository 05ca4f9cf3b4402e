import { adminApi, type QualityFigures, type QualityGrouping } from '../../api/admin';
import { type Column, DataTable } from '../../components/DataTable';
import { Definitions } from '../../components/Definitions';
import { DateRangeFields, useAppliedForm } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAsync } from '../../components/useAsync';
import { fmtInt, fmtPercent, isoDay } from '../../lib/report-format';

const GROUPS: { value: QualityGrouping; label: string }[] = [
  { value: 'engine', label: 'Engine' },
  { value: 'author', label: 'Author' },
  { value: 'workType', label: 'Work type' },
  { value: 'day', label: 'Day' },
];

const FIGURES: Column<QualityFigures>[] = [
  { header: 'Documents', className: 'num', cell: (r) => fmtInt(r.documents) },
  { header: 'Draft words', className: 'num', cell: (r) => fmtInt(r.draftWords) },
  { header: 'Final words', className: 'num', cell: (r) => fmtInt(r.finalWords) },
  { header: 'Word errors', className: 'num', cell: (r) => fmtInt(r.wordErrors) },
  { header: 'WER', className: 'num', cell: (r) => <strong>{fmtPercent(r.wer)}</strong> },
  { header: 'Flagged words', className: 'num', cell: (r) => fmtInt(r.flaggedWords) },
  // Above 50 %: a flagged word is more likely wrong than right.
  { header: 'Flagged and wrong', className: 'num', cell: (r) => fmtPercent(r.flagPrecision) },
  { header: 'Wrong words flagged', className: 'num', cell: (r) => fmtPercent(r.flagRecall) },
];

/** GET /admin/quality: how far the engine drafts were from the finalized texts (WER). */
export function QualityPage() {
  const today = isoDay(new Date());
  const monthAgo = isoDay(new Date(Date.now() - 30 * 86_400_000));
  const { form, set, applied, submit } = useAppliedForm({
    groupBy: 'engine' as QualityGrouping,
    from: monthAgo,
    to: today,
  });
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
  const columns: Column<QualityFigures & { key?: string; label: string }>[] = [
    { header: groupLabel, rowHeader: true, cell: (row) => row.label },
    ...FIGURES,
  ];

  return (
    <>
      <h1>Draft quality</h1>
      <p className="muted">
        Word error rate (WER) of the speech engine drafts against the finalized notes: the share of words
        transcriptionists had to substitute, delete or insert. Lower is better. The editor&apos;s
        low-confidence marks: how often a flagged word was wrong (higher is better; above 50 % it is more
        likely wrong than right), and how many of the wrong words were flagged.
      </p>
      <form className="filters" onSubmit={submit} aria-label="Report options">
        <label>
          Group by
          <select value={form.groupBy} onChange={set('groupBy')}>
            {GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <DateRangeFields from={form.from} to={form.to} set={set} />
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ErrorNotice error={report.error} />
      <DataTable
        label={`Draft quality by ${groupLabel.toLowerCase()}`}
        columns={columns}
        rows={r?.items}
        rowKey={(row) => row.key ?? ''}
        loading={report.loading}
        empty="No finalized documents with an engine draft in this period."
        totals={r && r.items.length > 0 ? { ...r.totals, label: 'All' } : null}
      />
      {r && (
        <details className="definitions">
          <summary>How these figures are counted</summary>
          <p className="small muted">
            {new Date(r.from).toLocaleString()} – {new Date(r.to).toLocaleString()}
          </p>
          <Definitions defs={r.definitions} />
        </details>
      )}
    </>
  );
}
