import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type Prisma, PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

// The driver pool under each client: Prisma queries and `queryRows` share its connections.
const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection dropped by the server (restart, outage) must not crash the process; the
  // next query reconnects or fails on its own. (The adapter adds the same listener once connected.)
  pool.on('error', () => {});
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    // Prisma's defaults (2 s to get a connection, 5 s per transaction) turned a busy moment into a
    // 500 on a signature under load (seen in CI); a transaction here is short, but may queue for a
    // pooled connection or a row lock behind the audit chain's writer.
    transactionOptions: { maxWait: 5_000, timeout: 15_000 },
  });
  pools.set(db, pool);
  return db;
}

/**
 * A read straight through the driver, for the hottest paths (session lookup, list pages). Measured
 * on this codebase's list pages (bench/src/api-lists.bench.ts), a Prisma raw query costs the API
 * ~0.2 ms of CPU before any row and ~1 ms to deserialize 50 wide rows; the driver alone costs
 * ~0.05 ms. Only for queries whose columns are text, uuid, int4, float8, bool or json (the same
 * JavaScript values through either path); falls back to Prisma when the client has no pool of
 * its own (or it was closed by `$disconnect`).
 */
export async function queryRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool || pool.ending || pool.ended) return db.$queryRawUnsafe<T[]>(query.text, ...query.values);
  const name = statementName(query.text);
  return (
    await pool.query({ text: query.text, values: query.values as unknown[], ...(name ? { name } : {}) })
  ).rows as T[];
}

const writerPools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * A one-connection pool of its own beside the client's shared pool, for a serial writer (the audit
 * appender): its batches never wait in the shared pool's queue behind the reads they audit. Idle, it
 * lets the process exit and closes its connection after pg's idle timeout (10 s). Undefined when the
 * client has no driver pool of its own or it was closed.
 */
export function dedicatedPool(db: Db): pg.Pool | undefined {
  const shared = pools.get(db);
  if (!shared || shared.ending || shared.ended) return undefined;
  let pool = writerPools.get(db);
  if (!pool || pool.ending || pool.ended) {
    pool = new pg.Pool({ connectionString: shared.options.connectionString, max: 1, allowExitOnIdle: true });
    pool.on('error', () => {});
    writerPools.set(db, pool);
  }
  return pool;
}

// Named (prepared) statements: PostgreSQL parses and plans an unnamed statement on every call
// (~1 ms of planning for a list page), a named one once per connection, and then reuses its plan.
// A query's text depends only on which filters are present, so there are few; past the bound,
// statements go unnamed rather than grow every connection's statement cache.
const MAX_NAMED_STATEMENTS = 200;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `dictum_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

export * from './generated/client';
