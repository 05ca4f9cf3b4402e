import type { TextSnippet } from '@dictum/contracts/text-expanders';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { maySeeSnippet, visibleSnippetsWhere } from '../access/text-snippet-access';

// Personal and per-author text expanders, and normals (issue 16). A transcriptionist's own
// snippets are theirs alone; an author's are shared by everyone who types that author's notes.
// The editor looks an abbreviation up in this order: mine, the author's, then the shared list.

export type SnippetKind = 'EXPANDER' | 'NORMAL';

export type SnippetView = TextSnippet;

const select = {
  id: true,
  kind: true,
  ownerId: true,
  authorId: true,
  workTypeId: true,
  abbreviation: true,
  text: true,
} as const;

type Row = {
  id: string;
  kind: string;
  ownerId: string | null;
  authorId: string | null;
  workTypeId: string | null;
  abbreviation: string | null;
  text: string;
};

function view(r: Row, codes: Map<string, string>): SnippetView {
  return {
    id: r.id,
    kind: r.kind as SnippetKind,
    scope: r.ownerId ? 'mine' : 'author',
    authorId: r.authorId,
    workType: r.workTypeId ? (codes.get(r.workTypeId) ?? null) : null,
    abbreviation: r.abbreviation,
    text: r.text,
  };
}

async function workTypeCodes(ctx: AppContext) {
  const rows = await ctx.db.workType.findMany({ select: { id: true, code: true } });
  return { byId: new Map(rows.map((w) => [w.id, w.code])), byCode: new Map(rows.map((w) => [w.code, w.id])) };
}

/** Mine, plus (with `authorId`) that author's; normals optionally only for one work type. */
export async function listSnippets(
  ctx: AppContext,
  actor: UserActor,
  query: { authorId?: string; workType?: string },
): Promise<SnippetView[]> {
  const codes = await workTypeCodes(ctx);
  const scope = visibleSnippetsWhere(actor, query.authorId);
  // Expanders have no work type; normals for another work type are left out.
  const wt = query.workType ? codes.byCode.get(query.workType) : undefined;
  const where = query.workType
    ? { AND: [scope, { OR: [{ workTypeId: null }, ...(wt ? [{ workTypeId: wt }] : [])] }] }
    : scope;
  const rows = await ctx.db.textSnippet.findMany({
    where,
    select,
    orderBy: [{ kind: 'asc' }, { abbreviation: 'asc' }, { createdAt: 'asc' }],
    take: 1000,
  });
  return rows.map((r) => view(r, codes.byId));
}

export async function createSnippet(
  ctx: AppContext,
  actor: UserActor,
  input: {
    kind: SnippetKind;
    scope: 'mine' | 'author';
    authorId?: string;
    workType?: string;
    abbreviation?: string;
    text: string;
  },
): Promise<SnippetView> {
  if (input.kind === 'EXPANDER' && !input.abbreviation)
    throw new AppError('VALIDATION_FAILED', 'an expander needs an abbreviation');
  if (input.kind === 'NORMAL' && !input.workType)
    throw new AppError('VALIDATION_FAILED', 'a normal belongs to a work type');
  if (input.scope === 'author') {
    if (!input.authorId)
      throw new AppError('VALIDATION_FAILED', 'authorId is required for an author’s snippet');
    const author = await ctx.db.user.findUnique({ where: { id: input.authorId }, select: { role: true } });
    if (author?.role !== 'PHYSICIAN') throw new AppError('VALIDATION_FAILED', 'authorId is not an author');
  }
  const codes = await workTypeCodes(ctx);
  const workTypeId = input.workType ? codes.byCode.get(input.workType) : undefined;
  if (input.workType && !workTypeId) throw new AppError('VALIDATION_FAILED', 'unknown work type');
  const ownerId = input.scope === 'mine' ? actor.userId : null;
  const authorId = input.scope === 'author' ? input.authorId! : null;
  const abbreviation = input.kind === 'EXPANDER' ? input.abbreviation! : null;
  return ctx.db.$transaction(async (tx) => {
    // One expander per abbreviation in a scope; one normal per work type in a scope (saving again replaces it).
    const same = await tx.textSnippet.findFirst({
      where: {
        kind: input.kind,
        ownerId,
        authorId,
        ...(input.kind === 'EXPANDER' ? { abbreviation } : { workTypeId: workTypeId ?? null }),
      },
      select: { id: true },
    });
    if (same && input.kind === 'EXPANDER')
      throw new AppError('DUPLICATE', 'an expander with this abbreviation exists here; delete it first');
    const row = same
      ? await tx.textSnippet.update({ where: { id: same.id }, data: { text: input.text }, select })
      : await tx.textSnippet.create({
          data: {
            kind: input.kind,
            ownerId,
            authorId,
            workTypeId: workTypeId ?? null,
            abbreviation,
            text: input.text,
            createdById: actor.userId,
          },
          select,
        });
    await recordAuditEvent(tx, actor, {
      action: same ? 'text_snippet.updated' : 'text_snippet.created',
      objectType: 'text_snippet',
      objectId: row.id,
      details: { kind: input.kind, scope: input.scope, ...(authorId ? { authorId } : {}) },
    });
    return view(row, codes.byId);
  });
}

/** Delete one of mine, or one kept for an author; anything else is 404. */
export async function deleteSnippet(ctx: AppContext, actor: UserActor, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.textSnippet.findUnique({
      where: { id },
      select: { id: true, ownerId: true, kind: true },
    });
    if (!row || !maySeeSnippet(row, actor)) throw notFound('text snippet');
    await tx.textSnippet.delete({ where: { id } });
    await recordAuditEvent(tx, actor, {
      action: 'text_snippet.deleted',
      objectType: 'text_snippet',
      objectId: id,
      details: { kind: row.kind },
    });
  });
}
