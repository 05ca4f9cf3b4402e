import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import type { Db } from '@dictum/core/infra/db/client';
import type { UserActor } from '../../plugins/authenticate';

/** Column totals over report rows. */
export function sumColumns<K extends string>(rows: readonly Record<K, number>[], columns: readonly K[]) {
  const totals = Object.fromEntries(columns.map((c) => [c, 0])) as Record<K, number>;
  for (const row of rows) for (const c of columns) totals[c] += row[c];
  return totals;
}

/**
 * A report's answer: its period and grouping, then its body. Reading a report is audited with the
 * period, grouping and number of rows, never their content.
 */
export async function auditedReport<G extends string, B extends { items: readonly unknown[] }>(
  db: Db,
  actor: UserActor,
  action: string,
  view: { from: Date; to: Date; groupBy: G },
  body: B,
) {
  const frame = { from: view.from.toISOString(), to: view.to.toISOString(), groupBy: view.groupBy };
  await auditStandalone(db, actor, {
    action,
    objectType: 'report',
    details: { ...frame, rows: body.items.length },
  });
  return { ...frame, ...body };
}
