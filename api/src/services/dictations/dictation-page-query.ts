import type { DictationPage, ListQuery } from '@dictum/contracts/dictations';
import { type Db, Prisma, queryRows } from '@dictum/core/infra/db/client';
import type { UserActor } from '../../plugins/authenticate';
import type { DictationView } from './dictation-view';

// The two list pages (worklist, dictation list) are the API's hottest reads. Measured on 100,000
// dictations at 50 concurrent clients (bench/src/api-lists.bench.ts, docs/benchmarks.md):
// - loading a page through Prisma's `include` cost ~9 ms of API CPU per request (one query per
//   relation), and the worklist's OR over three statuses made PostgreSQL sort every open item;
// - then, with the ids first and the rows in a second raw query, Prisma still spent ~0.3 ms per
//   query and ~1 ms turning 50 wide rows into objects.
// So a page is now one statement through the driver (`queryRows`): the ordered, keyset-paged ids
// (the worklist straight from its partial index) and, in the same statement, PostgreSQL builds each
// item's view as JSON; the API parses one text value. The view must equal `toDictationView` field
// for field (tests/api/list-pages.test.ts compares list items with the single-dictation view, which
// reads through `dictationViewInclude`): a field added there must be added to VIEW_JSON.

export type { DictationPage };

/** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` (columns are UTC timestamp(3)). */
const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const VIEW_JSON = Prisma.sql`json_build_object(
    'id', d."id",
    'status', d."status",
    'statusReason', d."statusReason",
    'priority', d."priority",
    'workType', json_build_object('code', w."code", 'name', w."name", 'requiresSignature', w."requiresSignature"),
    'patient', json_build_object('mrn', p."mrn", 'name', p."name"),
    'encounter', CASE WHEN e."id" IS NULL THEN NULL
                      ELSE json_build_object('visitNumber', e."visitNumber", 'location', e."location") END,
    'author', json_build_object('id', a."id", 'username', a."username", 'displayName', a."displayName"),
    'assignee', CASE WHEN s."id" IS NULL THEN NULL
                     ELSE json_build_object('id', s."id", 'username', s."username", 'displayName', s."displayName") END,
    'claimExpiresAt', ${iso(Prisma.sql`d."claimExpiresAt"`)},
    'durationSec', d."durationSec",
    'audio', json_build_object('contentType', d."audioContentType", 'sizeBytes', d."audioSizeBytes",
                               'sha256', d."audioSha256", 'available', d."audioKey" IS NOT NULL AND d."audioPurgedAt" IS NULL),
    'dictatedAt', ${iso(Prisma.sql`d."dictatedAt"`)},
    'dueAt', ${iso(Prisma.sql`d."dueAt"`)},
    'createdAt', ${iso(Prisma.sql`d."createdAt"`)},
    'updatedAt', ${iso(Prisma.sql`d."updatedAt"`)},
    'transcriptVersion', (SELECT max(v."version") FROM "TranscriptVersion" v WHERE v."dictationId" = d."id"),
    'documentId', d."documentId",
    'possibleDuplicate', d."possibleDuplicateOfId" IS NOT NULL,
    'questions', (SELECT count(*)::int FROM "Blank" b
                  WHERE b."dictationId" = d."id" AND b."status" = 'ROUTED_TO_AUTHOR'),
    'returned', CASE WHEN d."returnComment" IS NULL THEN NULL
                     ELSE json_build_object('comment', d."returnComment", 'at', ${iso(Prisma.sql`d."returnedAt"`)}) END)`;

/** Filters both lists take: priority, work type code, author username, free text `q`. */
function sharedFilters(query: ListQuery): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
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
  return conditions;
}

/**
 * The worklist: drafts and manual jobs nobody holds plus the caller's own claims, STAT first, then
 * by due time, keyset-paged after `cursor`. The status literals are in the SQL text (not bound
 * parameters) so the planner can match the partial index "Dictation_worklist_idx".
 */
export function worklistPage(
  db: Db,
  userId: string,
  query: ListQuery,
  cursor: string | undefined,
): Promise<DictationPage> {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`d."status" IN ('DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT')`,
    Prisma.sql`(d."status" <> 'IN_EDIT' OR d."assigneeId" = ${userId}::uuid)`,
  ];
  if (query.status?.length) conditions.push(Prisma.sql`d."status"::text IN (${Prisma.join(query.status)})`);
  conditions.push(...sharedFilters(query));
  if (cursor) {
    conditions.push(
      Prisma.sql`(d."priority", d."dueAt", d."id") > (SELECT c."priority", c."dueAt", c."id" FROM "Dictation" c WHERE c."id" = ${cursor}::uuid)`,
    );
  }
  return loadPage(db, conditions, Prisma.sql`d."priority" ASC, d."dueAt" ASC, d."id" ASC`, query.limit);
}

/**
 * The dictation list, newest first, keyset-paged after `cursor`: physicians see only their own
 * dictations (SPEC §1, as `visibleDictationsWhere`), everyone else allowed here the whole pool.
 */
export function dictationListPage(
  db: Db,
  actor: UserActor,
  query: ListQuery,
  cursor: string | undefined,
): Promise<DictationPage> {
  const ownOnly = actor.role === 'PHYSICIAN' || query.mine === true;
  const conditions: Prisma.Sql[] = [];
  if (ownOnly) conditions.push(Prisma.sql`d."authorId" = ${actor.userId}::uuid`);
  if (query.status?.length)
    conditions.push(Prisma.sql`d."status" = ANY(${query.status}::"DictationStatus"[])`);
  conditions.push(...sharedFilters(query));
  if (cursor) {
    // The cursor row must itself be one the caller may see, or the page is empty.
    conditions.push(
      Prisma.sql`(d."createdAt", d."id") < (SELECT c."createdAt", c."id" FROM "Dictation" c WHERE c."id" = ${cursor}::uuid${
        ownOnly ? Prisma.sql` AND c."authorId" = ${actor.userId}::uuid` : Prisma.empty
      })`,
    );
  }
  if (conditions.length === 0) conditions.push(Prisma.sql`TRUE`);
  return loadPage(db, conditions, Prisma.sql`d."createdAt" DESC, d."id" DESC`, query.limit);
}

/** One statement: up to limit + 1 ids in order (one more tells whether a next page exists), then the views. */
async function loadPage(
  db: Db,
  conditions: Prisma.Sql[],
  orderBy: Prisma.Sql,
  limit: number,
): Promise<DictationPage> {
  const [row] = await queryRows<{ found: number; items: string }>(
    db,
    Prisma.sql`
    WITH page AS (
      SELECT d."id", row_number() OVER (ORDER BY ${orderBy}) AS n
      FROM "Dictation" d
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${orderBy}
      LIMIT ${limit + 1})
    SELECT (SELECT count(*)::int FROM page) AS "found",
      coalesce(json_agg(${VIEW_JSON} ORDER BY page.n) FILTER (WHERE page.n <= ${limit}), '[]')::text AS "items"
    FROM page
    JOIN "Dictation" d ON d."id" = page."id"
    JOIN "Patient" p ON p."id" = d."patientId"
    JOIN "WorkType" w ON w."id" = d."workTypeId"
    JOIN "User" a ON a."id" = d."authorId"
    LEFT JOIN "User" s ON s."id" = d."assigneeId"
    LEFT JOIN "Encounter" e ON e."id" = d."encounterId"`,
  );
  const items = JSON.parse(row?.items ?? '[]') as DictationView[];
  return { items, nextCursor: (row?.found ?? 0) > limit ? (items[items.length - 1]?.id ?? null) : null };
}
