import { systemActor } from '@dictum/core/actor';
import { auditStandalone, recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateDatabase } from '../support/private-database';

// Reads are audited through a group commit (many rows per chain-lock acquisition). Every caller's row
// must be committed when its call returns, and the chain must verify, also when batched reads
// interleave with audited changes that append inside their own transactions.

let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createPrivateDatabase();
  db = createDb(database.url, { max: 6 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('audit group commit', () => {
  it('300 concurrent audited reads and 20 audited changes: every row committed on return, the chain verifies', async () => {
    const before = await db.auditEvent.count();
    const reads = Array.from({ length: 300 }, (_, i) =>
      auditStandalone(db, systemActor('bench'), {
        action: 'probe.read',
        objectType: 'dictation',
        details: { i },
      }).then(async () => {
        // Committed by the time the call returns.
        const row = await db.auditEvent.findFirst({
          where: { action: 'probe.read', details: { path: ['i'], equals: i } },
        });
        expect(row).not.toBeNull();
      }),
    );
    const changes = Array.from({ length: 20 }, (_, i) =>
      // Twenty transactions queue for the chain lock at once: give them time to wait their turn on a
      // loaded machine (the default 2 s to start is about the pool, not about the audit).
      db.$transaction(
        (tx) => recordAuditEvent(tx, systemActor('bench'), { action: 'probe.change', details: { i } }),
        { maxWait: 30_000, timeout: 30_000 },
      ),
    );
    await Promise.all([...reads, ...changes]);
    expect(await db.auditEvent.count()).toBe(before + 320);
    const verification = await verifyAuditChain(db);
    expect(verification).toMatchObject({ ok: true, rows: before + 320 });
  });
});
