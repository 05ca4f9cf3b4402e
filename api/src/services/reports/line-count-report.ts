import type { LineCountQuery, LineCountReport } from '@dictum/contracts/documents';
import { CHARACTERS_PER_LINE } from '@dictum/core/capability/interop/line-counts';
import { AppError } from '@dictum/core/errors';
import { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { parseReportBound } from './report-period';
import { auditedReport, sumColumns } from './report-view';

export const LINE_COUNT_DEFINITIONS = {
  documents:
    'Original transcribed documents (not addenda or replacements) finalized in the period, by the transcriptionist who finalized them (Document.finalizedBy); superseded originals still count.',
  linesWithSpaces: `AHDI-style lines: characters including spaces ÷ ${CHARACTERS_PER_LINE}, rounded to the nearest line per document, then summed. Line breaks and invisible formatting characters are not counted; a character is one user-perceived character.`,
  linesVisible: `VA VBC lines: visible characters (no spaces, tabs, line breaks or formatting) ÷ ${CHARACTERS_PER_LINE}, rounded to the nearest line per document, then summed.`,
  headersAndFooters: 'Not included: the counts cover the note text only.',
  period: 'finalizedAt in [from, to), UTC; day and month buckets are UTC calendar days and months.',
} as const;

interface Row {
  userId: string;
  period: string | null;
  documents: number;
  linesWithSpaces: number;
  linesVisible: number;
}

/** GET /reports/line-counts: transcription volume per transcriptionist and period, for billing and pay. */
export async function lineCountReport(
  ctx: AppContext,
  actor: UserActor,
  query: LineCountQuery,
): Promise<LineCountReport> {
  const now = new Date();
  const from = query.from
    ? parseReportBound(query.from, 'from')
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = query.to ? parseReportBound(query.to, 'to') : now;
  if (from.getTime() >= to.getTime()) throw new AppError('VALIDATION_FAILED', 'from must be before to');

  const period =
    query.groupBy === 'day'
      ? Prisma.sql`to_char(date_trunc('day', d."finalizedAt"), 'YYYY-MM-DD')`
      : query.groupBy === 'month'
        ? Prisma.sql`to_char(date_trunc('month', d."finalizedAt"), 'YYYY-MM')`
        : Prisma.sql`NULL::text`;
  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT d."finalizedById"::text AS "userId",
           ${period} AS "period",
           COUNT(*)::int AS "documents",
           COALESCE(SUM(d."linesWithSpaces"), 0)::int AS "linesWithSpaces",
           COALESCE(SUM(d."linesVisible"), 0)::int AS "linesVisible"
      FROM "Document" d
     WHERE d."kind" = 'ORIGINAL'
       AND d."finalizedAt" >= ${from}
       AND d."finalizedAt" < ${to}
     GROUP BY 1, 2
     ORDER BY 2 NULLS FIRST, 1`;
  const users = await ctx.db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, username: true, displayName: true, role: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const items = rows
    .map((r) => ({
      transcriptionist: byId.get(r.userId) ?? {
        id: r.userId,
        username: 'unknown-user',
        displayName: null,
        role: 'TRANSCRIPTIONIST' as const,
      },
      period: r.period,
      documents: r.documents,
      linesWithSpaces: r.linesWithSpaces,
      linesVisible: r.linesVisible,
    }))
    .sort(
      (a, b) =>
        (a.period ?? '').localeCompare(b.period ?? '') ||
        a.transcriptionist.username.localeCompare(b.transcriptionist.username),
    );
  const view = { from, to, groupBy: query.groupBy };
  return auditedReport(ctx.db, actor, 'report.line_counts_viewed', view, {
    charactersPerLine: CHARACTERS_PER_LINE,
    definitions: LINE_COUNT_DEFINITIONS,
    items,
    totals: sumColumns(items, ['documents', 'linesWithSpaces', 'linesVisible']),
  });
}
