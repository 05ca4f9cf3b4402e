import type { Db } from '../db/client';
import { GENESIS_HASH, hashAuditRow } from './hash-chain';

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBrokenId: string; reason: 'content-changed' | 'chain-broken' };

/** Walks the whole chain in id order, in pages, and reports the first row that does not verify. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let cursor: bigint | undefined;
  let rows = 0;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    for (const row of page) {
      rows++;
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, firstBrokenId: row.id.toString(), reason: 'chain-broken' };
      }
      if (hashAuditRow(prevHash, row) !== row.hash) {
        return { ok: false, rows, firstBrokenId: row.id.toString(), reason: 'content-changed' };
      }
      prevHash = row.hash;
    }
    if (page.length < pageSize) return { ok: true, rows };
    cursor = page[page.length - 1]!.id;
  }
}
