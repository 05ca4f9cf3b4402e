import type { AppContext } from '../../context';

/** The editor's shorthand (`.nkda` → "No known drug allergies."), sorted by abbreviation. */
export async function listTextExpanders(ctx: AppContext) {
  return ctx.db.textExpander.findMany({
    select: { abbreviation: true, expansion: true },
    orderBy: { abbreviation: 'asc' },
  });
}
