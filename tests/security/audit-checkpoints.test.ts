import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { systemActor } from '@dictum/core/actor';
import {
  CHECKPOINT_PREFIX,
  checkpointObjectKey,
  loadCheckpoints,
  signCheckpoint,
  writeAuditCheckpoint,
} from '@dictum/core/domain/audit/audit-checkpoints';
import { GENESIS_HASH, hashAuditRow } from '@dictum/core/domain/audit/hash-chain';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { FsObjectStore } from '@dictum/core/infra/storage/fs-object-store';
import { ObjectExistsError } from '@dictum/core/infra/storage/object-store';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivateDatabase } from '../support/private-database';

// Attacks on the audit trail by someone who controls the database (a superuser, triggers off):
// deleting the newest rows, or rewriting rows and recomputing the chain so it verifies again.
// Each test uses a database of its own so other files never see a broken chain.

const KEY = randomBytes(32);
const policy = { everyRows: 1, everyMs: 60_000 };

let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
let db: Db;
let superuser: pg.Client;
let storeDir: string;
let store: FsObjectStore;

beforeEach(async () => {
  database = await createPrivateDatabase();
  db = createDb(database.url, { max: 2 });
  superuser = new pg.Client({ connectionString: database.url });
  await superuser.connect();
  storeDir = await mkdtemp(path.join(tmpdir(), 'dictum-checkpoints-'));
  store = new FsObjectStore({ dir: storeDir, encryptionKey: randomBytes(32) });
});

afterEach(async () => {
  await superuser.end().catch(() => {});
  await db.$disconnect();
  await database.drop();
  await rm(storeDir, { recursive: true, force: true });
});

async function append(n: number, tag: string) {
  for (let i = 0; i < n; i++) await auditStandalone(db, systemActor('test'), { action: `${tag}.${i}` });
}

/** As the superuser, with triggers off: what an attacker with the database does. */
async function asSuperuser(sql: string) {
  await superuser.query(
    `SET session_replication_role = replica; ${sql}; SET session_replication_role = origin;`,
  );
}

async function auditVerify(env: Record<string, string> = {}) {
  const result = await promisify(execFile)(
    'node',
    ['--import', 'tsx', 'api/src/cli/admin.ts', 'audit-verify'],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        STORAGE_DRIVER: 'fs',
        STORAGE_DIR: storeDir,
        STORAGE_ENCRYPTION_KEY: (store as unknown as { key: Buffer }).key.toString('base64'),
        AUDIT_CHECKPOINT_KEY: KEY.toString('base64'),
        ...env,
      },
    },
  ).then(
    (r) => ({ code: 0, out: `${r.stdout}${r.stderr}` }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      out: `${e.stdout}${e.stderr}`,
    }),
  );
  return result;
}

async function newestIds(n: number): Promise<bigint[]> {
  const rows = await db.auditEvent.findMany({ orderBy: { id: 'desc' }, take: n, select: { id: true } });
  return rows.map((r) => r.id);
}

describe('audit checkpoints', () => {
  it('deleting the newest audit rows (superuser, triggers off) makes audit-verify fail', async () => {
    await append(5, 'before');
    expect((await writeAuditCheckpoint(db, store, KEY, policy)).written).toBe(true);
    const clean = await auditVerify();
    expect(clean.code, clean.out).toBe(0);
    expect(clean.out).toMatch(/intact.*checkpoint/);

    const [newest, second] = await newestIds(2);
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE id >= ${second}`);
    // The remaining chain is internally consistent: only the checkpoint can tell.
    const broken = await auditVerify();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('TRUNCATED');
    expect(broken.out).toContain(String(newest));

    // Appending after the cut (the application carries on) does not hide it.
    await append(3, 'after');
    const still = await auditVerify();
    expect(still.code).toBe(1);
    expect(still.out).toContain('TRUNCATED');
  });

  it('TRUNCATE of the whole table is detected', async () => {
    await append(3, 'x');
    await writeAuditCheckpoint(db, store, KEY, policy);
    await asSuperuser('TRUNCATE "AuditEvent"');
    const result = await auditVerify();
    expect(result.code).toBe(1);
    expect(result.out).toContain('TRUNCATED');
  });

  it('a rewritten row with the whole chain recomputed after it is detected', async () => {
    await append(4, 'orig');
    await writeAuditCheckpoint(db, store, KEY, policy);
    await append(2, 'later');
    await writeAuditCheckpoint(db, store, KEY, policy);
    // Rewrite the second row (hide an action) and recompute every hash from there, as an attacker
    // who knows the (public) hashing scheme would.
    const rows = await db.auditEvent.findMany({ orderBy: { id: 'asc' } });
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      const content = i === 1 ? { ...row, action: 'auth.nothing_to_see_here' } : row;
      const hash = hashAuditRow(prev, content);
      await asSuperuser(
        `UPDATE "AuditEvent" SET action = '${content.action}', "prevHash" = '${prev}', hash = '${hash}' WHERE id = ${row.id}`,
      );
      prev = hash;
    }
    const result = await auditVerify();
    expect(result.code).toBe(1);
    expect(result.out).toContain('REWRITTEN');
  });

  it('refuses a forged checkpoint, a genuine one copied under a newer name, and an overwrite', async () => {
    await append(3, 'y');
    const first = await writeAuditCheckpoint(db, store, KEY, policy);
    expect(first.written).toBe(true);
    // A checkpoint signed with another key, claiming a shorter chain.
    const [head] = await newestIds(1);
    const forged = signCheckpoint(randomBytes(32), {
      rowId: '1',
      hash: 'f'.repeat(64),
      at: new Date().toISOString(),
    });
    const forgedKey = checkpointObjectKey(head! + 1000n, new Date());
    await store.putOnce(forgedKey, Buffer.from(JSON.stringify(forged)));
    let result = await auditVerify();
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/bad-signature/);
    await store.delete(forgedKey);

    // A genuine checkpoint copied under a name that sorts as newer is not trusted.
    const genuineKey = (first as { key: string }).key;
    const chunks: Buffer[] = [];
    for await (const c of await store.get(genuineKey)) chunks.push(c as Buffer);
    const copyKey = checkpointObjectKey(head! + 5n, new Date());
    await store.putOnce(copyKey, Buffer.concat(chunks));
    const loaded = await loadCheckpoints(store, KEY);
    expect(loaded.invalid).toEqual([{ objectKey: copyKey, problem: 'misplaced' }]);
    await store.delete(copyKey);

    // Write-once: the same key cannot be written again, not even with the same content.
    await expect(store.putOnce(genuineKey, Buffer.from('{}'))).rejects.toBeInstanceOf(ObjectExistsError);
    result = await auditVerify();
    expect(result.code, result.out).toBe(0);
  });

  it('an encrypted checkpoint file swapped on disk fails (bound to its key), plain edits fail the signature', async () => {
    await append(2, 'a');
    const a = await writeAuditCheckpoint(db, store, KEY, policy);
    await append(2, 'b');
    const b = await writeAuditCheckpoint(db, store, KEY, policy);
    const fileA = path.join(storeDir, ...(a as { key: string }).key.split('/'));
    const fileB = path.join(storeDir, ...(b as { key: string }).key.split('/'));
    // Replace the newest checkpoint with the older one's bytes: rolls the anchor back if accepted.
    await writeFile(fileB, await readFile(fileA));
    await expect(loadCheckpoints(store, KEY)).rejects.toThrow(/integrity/);
    const result = await auditVerify();
    expect(result.code).toBe(1);
  });

  it('several workers racing to write the same checkpoint: exactly one is written', async () => {
    await append(3, 'race');
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        writeAuditCheckpoint(db, store, KEY, policy, new Date('2026-12-06T05:00:00Z')),
      ),
    );
    expect(outcomes.filter((o) => o.written)).toHaveLength(1);
    // A loser either hits the written key or, slower, already sees the winner's checkpoint.
    expect(
      outcomes
        .filter((o) => !o.written)
        .every((o) => !o.written && (o.reason === 'already-written' || o.reason === 'not-due')),
    ).toBe(true);
    expect(await store.list(CHECKPOINT_PREFIX)).toHaveLength(1);
  });

  it('the worker job writes with the configured key and policy, and skips without a key', async () => {
    const { writeAuditCheckpointJob } = await import('../../worker/src/jobs/write-audit-checkpoint.job');
    await append(2, 'job');
    const log = { info: () => {} } as never;
    const ctx = (key: Buffer | undefined) =>
      ({
        db,
        store,
        config: { audit: { checkpointKey: key, checkpointEveryRows: 1, checkpointEveryMs: 60_000 } },
      }) as never;
    expect(await writeAuditCheckpointJob.handler(ctx(undefined), {}, {} as never, log)).toEqual({
      done: true,
      skipped: true,
    });
    expect(await store.list(CHECKPOINT_PREFIX)).toHaveLength(0);
    expect(await writeAuditCheckpointJob.handler(ctx(KEY), {}, {} as never, log)).toEqual({ done: true });
    expect((await loadCheckpoints(store, KEY)).valid).toHaveLength(1);
  });

  it('writes a checkpoint every N rows or M minutes, never at verify time', async () => {
    await append(2, 'p');
    const p = { everyRows: 5, everyMs: 60_000 };
    expect((await writeAuditCheckpoint(db, store, KEY, p)).written).toBe(true); // the first one
    await append(3, 'q');
    expect(await writeAuditCheckpoint(db, store, KEY, p)).toEqual({ written: false, reason: 'not-due' });
    await append(2, 'r');
    expect((await writeAuditCheckpoint(db, store, KEY, p)).written).toBe(true); // 5 rows
    await append(1, 's');
    const later = new Date(Date.now() + 61_000);
    expect((await writeAuditCheckpoint(db, store, KEY, p, later)).written).toBe(true); // M minutes
    expect(await writeAuditCheckpoint(db, store, KEY, p, later)).toEqual({
      written: false,
      reason: 'not-due',
    });

    const before = await readdir(path.join(storeDir, CHECKPOINT_PREFIX));
    expect(before).toHaveLength(3);
    expect((await auditVerify()).code).toBe(0);
    expect(await readdir(path.join(storeDir, CHECKPOINT_PREFIX))).toEqual(before);
    // Checkpoints carry no patient data: ids, hashes, times and the key's id only.
    const [latest] = (await loadCheckpoints(store, KEY)).valid;
    expect(Object.keys(latest!).sort()).toEqual(['at', 'hash', 'keyId', 'mac', 'objectKey', 'rowId', 'v']);
  });
});

describe('write-once on S3', () => {
  it('sends If-None-Match: * and Object Lock retention; a 412 is ObjectExistsError', async () => {
    const { createServer } = await import('node:http');
    const { S3ObjectStore } = await import('@dictum/core/infra/storage/s3-object-store');
    const seen: Record<string, string | string[] | undefined>[] = [];
    let exists = false;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.headers);
        if (exists) {
          res.writeHead(412, { 'content-type': 'application/xml' });
          res.end('<Error><Code>PreconditionFailed</Code><Message>exists</Message></Error>');
        } else {
          res.writeHead(200, { etag: '"abc"' });
          res.end();
        }
        exists = true;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const s3 = new S3ObjectStore({
      bucket: 'audit',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const retainUntil = new Date('2033-01-01T00:00:00Z');
      const objectKey = checkpointObjectKey(42n, new Date());
      await s3.putOnce(objectKey, Buffer.from('{}'), { retainUntil });
      expect(seen[0]!['if-none-match']).toBe('*');
      expect(seen[0]!['x-amz-object-lock-mode']).toBe('COMPLIANCE');
      expect(new Date(String(seen[0]!['x-amz-object-lock-retain-until-date'])).getTime()).toBe(
        retainUntil.getTime(),
      );
      await expect(s3.putOnce(objectKey, Buffer.from('{}'))).rejects.toBeInstanceOf(ObjectExistsError);
    } finally {
      s3.close();
      server.close();
    }
  });
});
