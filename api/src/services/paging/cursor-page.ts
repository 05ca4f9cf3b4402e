// List pages (SPEC §4: `{ items, nextCursor }`). A page fetches one row more than it shows: that
// row's presence says a next page exists.

/** Prisma's window for a page after the row with id `cursor` (keyset on the orderBy). */
export const pageWindow = (limit: number, cursor?: string) => ({
  take: limit + 1,
  ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
});

/** The page out of the `limit + 1` rows fetched; the next cursor is `key` of its last item. */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  view: (row: Row) => Item,
  key: (item: Item) => string,
) {
  const items = rows.slice(0, limit).map(view);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? key(last) : null };
}
