import { notFound } from '@dictum/core/errors';
import type { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from './dictation-access';

/**
 * Which documents a caller may open by id: records staff and admins all; a physician the notes they
 * authored. Everything else answers 404, never 403, so document ids cannot be probed. The patient's
 * chart (GET /patients/:mrn/documents) applies the same rule through `chartDocumentsWhere`.
 */
export function visibleDocumentsWhere(actor: UserActor): Prisma.DocumentWhereInput {
  switch (actor.role) {
    case 'RECORDS':
    case 'ADMIN':
      return {};
    case 'PHYSICIAN':
      return { authorId: actor.userId };
    case 'TRANSCRIPTIONIST':
      return { id: { in: [] } };
  }
}

export function documentWhereFor(actor: UserActor, id: string): Prisma.DocumentWhereInput {
  if (!isUuid(id)) throw notFound('document');
  return { AND: [{ id }, visibleDocumentsWhere(actor)] };
}

export async function findVisibleDocument<S extends Prisma.DocumentSelect>(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  select: S,
): Promise<Prisma.DocumentGetPayload<{ select: S }>> {
  const doc = await ctx.db.document.findFirst({ where: documentWhereFor(actor, id), select });
  if (!doc) throw notFound('document');
  return doc as Prisma.DocumentGetPayload<{ select: S }>;
}

/** The caller's own note, as its author (sign, return): another physician's is not found. */
export async function findAuthoredDocument<S extends Prisma.DocumentSelect>(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  select: S,
): Promise<Prisma.DocumentGetPayload<{ select: S }>> {
  const doc = await ctx.db.document.findFirst({
    where: { AND: [documentWhereFor(actor, id), { authorId: actor.userId }] },
    select,
  });
  if (!doc) throw notFound('document');
  return doc as Prisma.DocumentGetPayload<{ select: S }>;
}

/**
 * The patient's chart: the same rule as by id, and for a transcriptionist (who opens no document by
 * id) only what the job in hand needs: the earlier notes of the author whose dictation they hold
 * claimed for this patient. Nothing once the claim ends.
 */
export async function chartDocumentsWhere(
  ctx: AppContext,
  actor: UserActor,
  patientId: string,
): Promise<Prisma.DocumentWhereInput> {
  if (actor.role !== 'TRANSCRIPTIONIST') return visibleDocumentsWhere(actor);
  const claims = await ctx.db.dictation.findMany({
    where: { patientId, assigneeId: actor.userId, status: 'IN_EDIT' },
    select: { authorId: true },
  });
  const authors = [...new Set(claims.map((c) => c.authorId))];
  return authors.length > 0 ? { authorId: { in: authors } } : { id: { in: [] } };
}
