import type { BacklogGroup, WorklistStats } from '@dictum/contracts/reports';
import { type Db, Prisma, queryRows } from '@dictum/core/infra/db/client';
import type { UserActor } from '../../plugins/authenticate';

// The backlog at a glance (issue 16): how much audio waits, by priority and work type, and how
// much each transcriptionist finished today and this week. Counts and minutes only — no patient
// data, so the numbers can sit in the header of every transcription screen.

/** Statuses of work waiting for a transcriptionist (the worklist's statuses). */
const WAITING = Prisma.sql`d."status" IN ('DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT')`;

const minutes = (sec: number | null) => Math.round(((sec ?? 0) / 60) * 10) / 10;

/** An empty engine draft: the latest transcript version has no text. */
export const EMPTY_DRAFT_SQL = Prisma.sql`(d."status" = 'TRANSCRIPTION_FAILED' OR coalesce((
    SELECT btrim(v."text") = '' FROM "TranscriptVersion" v
    WHERE v."dictationId" = d."id" ORDER BY v."version" DESC LIMIT 1), false))`;

export async function worklistStats(
  db: Db,
  actor: UserActor,
  /** Only these dictations are looked at for `needsManualIds` (the rows a worklist page shows). */
  among?: string[],
  now = new Date(),
): Promise<WorklistStats> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const week = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000);

  const [groups, totals, output, recent, manual] = await Promise.all([
    queryRows<{
      priority: 'STAT' | 'ROUTINE';
      code: string;
      name: string;
      jobs: number;
      seconds: number | null;
      overdue: number;
    }>(
      db,
      Prisma.sql`
      SELECT d."priority" AS "priority", w."code" AS "code", w."name" AS "name", count(*)::int AS "jobs",
             sum(coalesce(d."durationSec", 0))::float8 AS "seconds",
             count(*) FILTER (WHERE d."dueAt" < ${now})::int AS "overdue"
      FROM "Dictation" d JOIN "WorkType" w ON w."id" = d."workTypeId"
      WHERE ${WAITING}
      GROUP BY d."priority", w."code", w."name"`,
    ),
    queryRows<{ needsManual: number; oldest: Date | null }>(
      db,
      Prisma.sql`
      SELECT count(*) FILTER (WHERE ${EMPTY_DRAFT_SQL})::int AS "needsManual", min(d."dictatedAt") AS "oldest"
      FROM "Dictation" d WHERE ${WAITING}`,
    ),
    queryRows<{
      id: string;
      username: string;
      displayName: string | null;
      jobsToday: number;
      linesToday: number;
      jobsWeek: number;
      linesWeek: number;
    }>(
      db,
      Prisma.sql`
      SELECT u."id" AS "id", u."username" AS "username", u."displayName" AS "displayName",
             count(*) FILTER (WHERE doc."finalizedAt" >= ${today})::int AS "jobsToday",
             coalesce(sum(doc."linesWithSpaces") FILTER (WHERE doc."finalizedAt" >= ${today}), 0)::int AS "linesToday",
             count(*)::int AS "jobsWeek",
             coalesce(sum(doc."linesWithSpaces"), 0)::int AS "linesWeek"
      FROM "Document" doc JOIN "User" u ON u."id" = doc."finalizedById"
      WHERE doc."finalizedAt" >= ${week} AND u."role" = 'TRANSCRIPTIONIST'
      GROUP BY u."id", u."username", u."displayName"
      ORDER BY "linesWeek" DESC, u."username"`,
    ),
    queryRows<{ documentId: string; dictationId: string; lines: number; finalizedAt: Date }>(
      db,
      Prisma.sql`
      SELECT doc."id" AS "documentId", doc."dictationId" AS "dictationId", doc."linesWithSpaces" AS "lines",
             doc."finalizedAt" AS "finalizedAt"
      FROM "Document" doc
      WHERE doc."finalizedById" = ${actor.userId}::uuid AND doc."finalizedAt" >= ${today}
      ORDER BY doc."finalizedAt" DESC LIMIT 10`,
    ),
    queryRows<{ id: string }>(
      db,
      Prisma.sql`
      SELECT d."id" AS "id" FROM "Dictation" d
      WHERE ${WAITING} AND ${EMPTY_DRAFT_SQL}
        ${among ? Prisma.sql`AND d."id" = ANY(${among}::uuid[])` : Prisma.empty}
      ORDER BY d."priority", d."dueAt", d."id" LIMIT 500`,
    ),
  ]);

  const sumUp = (rows: typeof groups): BacklogGroup => ({
    jobs: rows.reduce((n, r) => n + r.jobs, 0),
    audioMinutes: minutes(rows.reduce((n, r) => n + (r.seconds ?? 0), 0)),
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
  });
  const byPriority = (['STAT', 'ROUTINE'] as const).map((priority) => ({
    priority,
    ...sumUp(groups.filter((g) => g.priority === priority)),
  }));
  const codes = [...new Set(groups.map((g) => g.code))].sort();
  const byWorkType = codes.map((code) => {
    const rows = groups.filter((g) => g.code === code);
    return { code, name: rows[0]!.name, ...sumUp(rows) };
  });
  const mine = output.find((o) => o.id === actor.userId);
  const oldest = totals[0]?.oldest ?? null;
  return {
    backlog: {
      ...sumUp(groups),
      needsManual: totals[0]?.needsManual ?? 0,
      needsManualIds: manual.map((m) => m.id),
      oldestDictatedAt: oldest ? new Date(oldest).toISOString() : null,
      byPriority,
      byWorkType,
    },
    me: {
      today: { jobs: mine?.jobsToday ?? 0, lines: mine?.linesToday ?? 0 },
      week: { jobs: mine?.jobsWeek ?? 0, lines: mine?.linesWeek ?? 0 },
      recent: recent.map((r) => ({
        documentId: r.documentId,
        dictationId: r.dictationId,
        lines: r.lines,
        finalizedAt: new Date(r.finalizedAt).toISOString(),
      })),
    },
    throughput: output.map((o) => ({
      user: { id: o.id, username: o.username, displayName: o.displayName },
      today: { jobs: o.jobsToday, lines: o.linesToday },
      week: { jobs: o.jobsWeek, lines: o.linesWeek },
    })),
    since: { today: today.toISOString(), week: week.toISOString() },
  };
}
