import type { Prisma } from '@dictum/core/infra/db/client';
import type { UserActor } from '../../plugins/authenticate';

// A transcriptionist's own snippets are theirs alone; an author's (no owner) are shared by everyone
// who types that author's notes. Anything else answers 404.

/** Mine, plus (with `authorId`) those kept for that author. */
export function visibleSnippetsWhere(actor: UserActor, authorId?: string): Prisma.TextSnippetWhereInput {
  return { OR: [{ ownerId: actor.userId }, ...(authorId ? [{ authorId }] : [])] };
}

/** One of theirs, or one kept for an author (they may delete it). */
export const maySeeSnippet = (row: { ownerId: string | null }, actor: UserActor) =>
  row.ownerId === null || row.ownerId === actor.userId;
