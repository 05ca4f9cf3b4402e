import { notFound } from '@dictum/core/errors';
import type { Prisma } from '@dictum/core/infra/db/client';
import type { UserActor } from '../../plugins/authenticate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which dictations a caller may see (SPEC §1): physicians only their own; transcriptionists and
 * records staff the whole pool. Anything else answers 404, never 403, so ids cannot be probed.
 */
export function visibleDictationsWhere(actor: UserActor): Prisma.DictationWhereInput {
  switch (actor.role) {
    case 'PHYSICIAN':
      return { authorId: actor.userId };
    case 'TRANSCRIPTIONIST':
    case 'RECORDS':
    // Admins reach dictations only through the few routes their role allows (taking back a claim).
    case 'ADMIN':
      return {};
  }
}

export function dictationWhereFor(actor: UserActor, id: string): Prisma.DictationWhereInput {
  if (!UUID.test(id)) throw notFound('dictation');
  return { AND: [{ id }, visibleDictationsWhere(actor)] };
}

export const isUuid = (id: string) => UUID.test(id);
