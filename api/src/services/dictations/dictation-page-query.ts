import { type Db, Prisma } from '@dictum/core/db/client';
import type { DictationWithView } from './dictation-view';
import type { ListQuery } from './list-dictations';

// The two list pages (worklist, dictation list) are the API's hottest reads. Measured on 100,000
// dictations (bench/src/api-lists.bench.ts): loading a page through Prisma's `include` cost ~9 ms of
// the API's CPU per request (one query per relation), and the worklist's OR over three statuses
// made PostgreSQL sort every open item (~20 ms). Here a page is two steps: the ids in order
// (for the worklist straight from its partial index), then one query with joins for the view.

/**
 * Worklist page ids: drafts and manual jobs nobody holds plus the caller's own claims, STAT first,
 * then by due time, keyset-paged after `cursor`. The status literals are in the SQL text (not bound
 * parameters) so the planner can match the partial index "Dictation_worklist_idx".
 */
export async function worklistPageIds(
  db: Db,
  userId: string,
  query: ListQuery,
  cursor: string | undefined,
): Promise<string[]> {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`d."status" IN ('DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT')`,
    Prisma.sql`(d."status" <> 'IN_EDIT' OR d."assigneeId" = ${userId}::uuid)`,
  ];
  if (query.status?.length) conditions.push(Prisma.sql`d."status"::text IN (${Prisma.join(query.status)})`);
  if (query.priority) conditions.push(Prisma.sql`d."priority" = ${query.priority}::"Priority"`);
  if (query.workType)
    conditions.push(
      Prisma.sql`d."workTypeId" IN (SELECT w."id" FROM "WorkType" w WHERE w."code" = ${query.workType})`,
    );
  if (query.author)
    conditions.push(
      Prisma.sql`d."authorId" IN (SELECT u."id" FROM "User" u WHERE u."username" = ${query.author})`,
    );
  if (query.q) {
    // Patient name or MRN, or author username or name, containing q (LIKE wildcards in q are literal).
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(
      d."patientId" IN (SELECT p."id" FROM "Patient" p WHERE p."name" ILIKE ${like} OR p."mrn" ILIKE ${like})
      OR d."authorId" IN (SELECT u."id" FROM "User" u WHERE u."username" ILIKE ${like} OR u."displayName" ILIKE ${like}))`);
  }
  if (cursor) {
    conditions.push(
      Prisma.sql`(d."priority", d."dueAt", d."id") > (SELECT c."priority", c."dueAt", c."id" FROM "Dictation" c WHERE c."id" = ${cursor}::uuid)`,
    );
  }
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT d."id" FROM "Dictation" d
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY d."priority" ASC, d."dueAt" ASC, d."id" ASC
    LIMIT ${query.limit + 1}`;
  return rows.map((r) => r.id);
}

interface ViewRow extends Omit<DictationWithView, 'transcriptVersions' | '_count'> {
  latestVersion: number | null;
  questions: number;
}

/**
 * The rows `toDictationView` needs, for these ids, in the order given; one query. Mirrors
 * `dictationViewInclude`: a field added there must be added here (tests/api/list-pages.test.ts
 * compares list items with the single-dictation view, which reads through the include).
 */
export async function loadDictationViews(db: Db, ids: string[]): Promise<DictationWithView[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<ViewRow[]>`
    SELECT d.*,
      json_build_object('id', p."id", 'mrn', p."mrn", 'name', p."name") AS "patient",
      json_build_object('code', w."code", 'name', w."name", 'requiresSignature', w."requiresSignature") AS "workType",
      json_build_object('id', a."id", 'username', a."username", 'displayName', a."displayName") AS "author",
      CASE WHEN s."id" IS NULL THEN NULL
           ELSE json_build_object('id', s."id", 'username', s."username", 'displayName', s."displayName") END AS "assignee",
      CASE WHEN e."id" IS NULL THEN NULL
           ELSE json_build_object('visitNumber', e."visitNumber", 'location', e."location", 'date', e."date") END AS "encounter",
      (SELECT max(v."version") FROM "TranscriptVersion" v WHERE v."dictationId" = d."id") AS "latestVersion",
      (SELECT count(*)::int FROM "Blank" b
        WHERE b."dictationId" = d."id" AND b."status" = 'ROUTED_TO_AUTHOR') AS "questions"
    FROM "Dictation" d
    JOIN "Patient" p ON p."id" = d."patientId"
    JOIN "WorkType" w ON w."id" = d."workTypeId"
    JOIN "User" a ON a."id" = d."authorId"
    LEFT JOIN "User" s ON s."id" = d."assigneeId"
    LEFT JOIN "Encounter" e ON e."id" = d."encounterId"
    WHERE d."id" = ANY(${ids}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return []; // deleted between the two steps
    const { latestVersion, questions, ...rest } = row;
    return [
      {
        ...rest,
        transcriptVersions: latestVersion === null ? [] : [{ version: latestVersion }],
        _count: { blanks: questions },
      } as DictationWithView,
    ];
  });
}
