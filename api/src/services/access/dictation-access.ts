import { AppError, notFound } from '@dictum/core/errors';
import type { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { dictationViewInclude } from '../dictations/dictation-view';

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

/** The dictation with what its view shows, when the caller may see it; 404 otherwise. */
export async function findVisibleDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await ctx.db.dictation.findFirst({
    where: dictationWhereFor(actor, id),
    include: dictationViewInclude,
  });
  if (!d) throw notFound('dictation');
  return d;
}

/**
 * Only its author acts on a dictation as author (cancel, sign, answer questions). Physicians only
 * see their own dictations, so another author's is simply not found.
 */
export function assertDictationAuthor(d: { author: { id: string } }, actor: UserActor): void {
  if (d.author.id !== actor.userId) throw notFound('dictation');
}

/** The caller holds the claim: the dictation is being edited, by them. */
export const holdsClaim = (d: { status: string; assigneeId: string | null }, actor: UserActor) =>
  d.status === 'IN_EDIT' && d.assigneeId === actor.userId;

/** The claimant check every editing action shares. */
export function assertClaimant(d: { status: string; assignee: { id: string } | null }, actor: UserActor) {
  if (!holdsClaim({ status: d.status, assigneeId: d.assignee?.id ?? null }, actor)) {
    throw new AppError('NOT_CLAIMED_BY_YOU', 'claim the dictation before editing it');
  }
}
