import type { Prisma } from '@dictum/core/db/client';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from '../access/dictation-access';

/**
 * Which documents a caller may open by id: records staff and admins all; a physician the notes they
 * authored. Everything else answers 404, never 403, so document ids cannot be probed. (The patient's
 * chart, GET /patients/:mrn/documents, is a separate, broader read of filed notes.)
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
