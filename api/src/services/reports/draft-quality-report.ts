import { LOW_CONFIDENCE } from '@dictum/contracts/confidence';
import type { QualityGrouping, QualityQuery, QualityReport } from '@dictum/contracts/reports';
import { AppError } from '@dictum/core/errors';
import { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { reportPeriod } from './report-period';
import { auditedReport, sumColumns } from './report-view';

export const QUALITY_DEFINITIONS = {
  documents: 'Documents finalized in the period that had an engine draft (one DraftQuality row each).',
  draftWords: 'Words in the engine drafts (after formatting).',
  finalWords: 'Words in the finalized texts.',
  wordErrors:
    'Substitutions, deletions and insertions turning the drafts into the final texts (word-level edit distance).',
  wer: 'Word error rate of the group: total wordErrors ÷ total finalWords (not an average of per-document rates); null when finalWords is 0.',
  flaggedWords: `Draft words the editor marked as likely wrong (confidence under ${LOW_CONFIDENCE}, or heard over silence), on drafts where it was measured.`,
  flaggedChanged: 'Flagged draft words that the transcriptionist changed or removed.',
  changedDraftWords: 'Draft words the transcriptionist changed or removed, flagged or not (same drafts).',
  flagPrecision:
    'flaggedChanged ÷ flaggedWords: how often a flagged word was in fact wrong (above 0.5: more likely wrong than right); null when nothing was flagged.',
  flagRecall:
    'flaggedChanged ÷ changedDraftWords: the share of wrong draft words the flag caught; null when none changed.',
  period: 'Finalized (DraftQuality.createdAt) in [from, to), UTC; day buckets are UTC calendar days.',
} as const;

const SUMMED = [
  'draftWords',
  'finalWords',
  'wordErrors',
  'flaggedWords',
  'flaggedChanged',
  'changedDraftWords',
] as const;
type Summed = (typeof SUMMED)[number];

type Row = { key: string; documents: number } & Record<Summed, bigint>;
type Sums = { documents: number } & Record<Summed, number>;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const withRates = <T extends Sums>(s: T) => ({
  ...s,
  wer: ratio(s.wordErrors, s.finalWords),
  flagPrecision: ratio(s.flaggedChanged, s.flaggedWords),
  flagRecall: ratio(s.flaggedChanged, s.changedDraftWords),
});

/** GET /admin/quality: how good the engine drafts were, by engine, author, work type or day. */
export async function draftQualityReport(
  ctx: AppContext,
  actor: UserActor,
  query: QualityQuery,
): Promise<QualityReport> {
  const { from, to } = reportPeriod(query, 30);
  const filters: Prisma.Sql[] = [Prisma.sql`q."createdAt" >= ${from}`, Prisma.sql`q."createdAt" < ${to}`];
  if (query.engine) filters.push(Prisma.sql`q."engine" = ${query.engine}`);
  if (query.workType) {
    const wt = await ctx.db.workType.findUnique({ where: { code: query.workType }, select: { id: true } });
    if (!wt) throw new AppError('UNKNOWN_WORK_TYPE', 'no work type has this code');
    filters.push(Prisma.sql`q."workTypeId" = ${wt.id}::uuid`);
  }
  if (query.author) {
    const user = await ctx.db.user.findUnique({ where: { username: query.author }, select: { id: true } });
    if (!user) throw new AppError('UNKNOWN_REFERENCE', 'no user has this username');
    filters.push(Prisma.sql`q."authorId" = ${user.id}::uuid`);
  }
  const key = {
    engine: Prisma.sql`q."engine"`,
    author: Prisma.sql`q."authorId"::text`,
    workType: Prisma.sql`q."workTypeId"::text`,
    day: Prisma.sql`to_char(date_trunc('day', q."createdAt"), 'YYYY-MM-DD')`,
  }[query.groupBy];

  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT ${key} AS "key",
           COUNT(*)::int AS "documents",
           COALESCE(SUM(q."draftWords"), 0)::bigint AS "draftWords",
           COALESCE(SUM(q."finalWords"), 0)::bigint AS "finalWords",
           COALESCE(SUM(q."wordErrors"), 0)::bigint AS "wordErrors",
           COALESCE(SUM(q."flaggedWords"), 0)::bigint AS "flaggedWords",
           COALESCE(SUM(q."flaggedChanged"), 0)::bigint AS "flaggedChanged",
           COALESCE(SUM(q."changedDraftWords"), 0)::bigint AS "changedDraftWords"
      FROM "DraftQuality" q
     WHERE ${Prisma.join(filters, ' AND ')}
     GROUP BY 1`;

  const labels = await labelsFor(
    ctx,
    query.groupBy,
    rows.map((r) => r.key),
  );
  const items = rows
    .map((r) => {
      const label = labels.get(r.key) ?? { key: r.key, label: r.key };
      const sums = Object.fromEntries(SUMMED.map((c) => [c, Number(r[c])])) as Record<Summed, number>;
      return withRates({ key: label.key, label: label.label, documents: r.documents, ...sums });
    })
    .sort((a, b) =>
      query.groupBy === 'day'
        ? a.key.localeCompare(b.key)
        : a.label.localeCompare(b.label) || a.key.localeCompare(b.key),
    );
  const view = { from, to, groupBy: query.groupBy };
  return auditedReport(ctx.db, actor, 'report.quality_viewed', view, {
    definitions: QUALITY_DEFINITIONS,
    items,
    totals: withRates(sumColumns(items, ['documents', ...SUMMED])),
  });
}

/** Engine and day keys are their own labels; authors and work types are looked up. */
async function labelsFor(ctx: AppContext, groupBy: QualityGrouping, keys: string[]) {
  const labels = new Map<string, { key: string; label: string }>();
  if (groupBy === 'author') {
    const users = await ctx.db.user.findMany({
      where: { id: { in: keys } },
      select: { id: true, username: true, displayName: true },
    });
    for (const u of users) {
      labels.set(u.id, { key: u.id, label: u.displayName ? `${u.displayName} (${u.username})` : u.username });
    }
    for (const k of keys) if (!labels.has(k)) labels.set(k, { key: k, label: 'unknown user' });
  }
  if (groupBy === 'workType') {
    const types = await ctx.db.workType.findMany({
      where: { id: { in: keys } },
      select: { id: true, code: true, name: true },
    });
    // The work type's code is the key clients know (SPEC §4: dictation fields take the code).
    for (const w of types) labels.set(w.id, { key: w.code, label: w.name });
    for (const k of keys) if (!labels.has(k)) labels.set(k, { key: k, label: 'unknown work type' });
  }
  return labels;
}
