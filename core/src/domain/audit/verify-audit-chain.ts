import type { Db } from '../../infra/db/client';
import { GENESIS_HASH, hashAuditRow } from './hash-chain';

export type AuditVerification =
  | { ok: true; rows: number; lastId: string | null; anchorsChecked: number }
  | {
      ok: false;
      rows: number;
      firstBrokenId: string;
      /**
       * content-changed / chain-broken: a row's own hash or its link to the row before fails.
       * checkpoint-mismatch: a row named by a signed checkpoint hashes differently (a recomputed
       * chain). truncated: a checkpointed row is gone (rows removed from the end, or that row).
       */
      reason: 'content-changed' | 'chain-broken' | 'checkpoint-mismatch' | 'truncated';
      lastId: string | null;
    };

/** A chain position vouched for from outside the table (a signed checkpoint). */
export interface ChainAnchor {
  rowId: string;
  hash: string;
}

/**
 * Walks the whole chain in id order, in pages, and reports the first row that does not verify.
 * With anchors, every anchored row must be present with the anchored hash.
 */
export async function verifyAuditChain(
  db: Db,
  pageSize = 5000,
  anchors: readonly ChainAnchor[] = [],
): Promise<AuditVerification> {
  const expected = new Map(anchors.map((a) => [a.rowId, a.hash]));
  let prevHash = GENESIS_HASH;
  let cursor: bigint | undefined;
  let rows = 0;
  let lastId: string | null = null;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    for (const row of page) {
      rows++;
      const id = row.id.toString();
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, firstBrokenId: id, reason: 'chain-broken', lastId };
      }
      if (hashAuditRow(prevHash, row) !== row.hash) {
        return { ok: false, rows, firstBrokenId: id, reason: 'content-changed', lastId };
      }
      const anchored = expected.get(id);
      if (anchored !== undefined) {
        if (anchored !== row.hash) {
          return { ok: false, rows, firstBrokenId: id, reason: 'checkpoint-mismatch', lastId };
        }
        expected.delete(id);
      }
      prevHash = row.hash;
      lastId = id;
    }
    if (page.length < pageSize) break;
    cursor = page[page.length - 1]!.id;
  }
  if (expected.size > 0) {
    // The newest missing anchor says how far the chain used to reach.
    const missing = [...expected.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : -1))[0]!;
    return { ok: false, rows, firstBrokenId: missing, reason: 'truncated', lastId };
  }
  return { ok: true, rows, lastId, anchorsChecked: anchors.length };
}
