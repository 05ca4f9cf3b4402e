import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { systemActor } from '@dictum/core/actor';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { createDb } from '@dictum/core/infra/db/client';
import { grantAppRole, localDatabaseRoles } from '@dictum/core/infra/db/database-roles';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUserAccount, signIn } from '../support/api-harness';
import { createPrivateDatabase } from '../support/private-database';

// The application connects as a role that can neither change nor remove audit rows, nor switch off
// the trigger that guards them, nor change the schema. Roles are cluster-wide: each run uses a role
// name of its own and drops it afterwards.

const role = `dictum_app_t${randomUUID().replace(/-/g, '').slice(0, 8)}`;
let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
let appUrl: string;
let app: pg.Client;

beforeAll(async () => {
  database = await createPrivateDatabase();
  const url = new URL(database.url);
  url.username = role;
  url.password = 'app-secret';
  appUrl = url.toString();
  const grant = await grantAppRole(database.url, appUrl);
  expect(grant).toEqual({ role, created: true });
  // Idempotent: a second start changes nothing and creates nothing.
  expect(await grantAppRole(database.url, appUrl)).toEqual({ role, created: false });
  app = new pg.Client({ connectionString: appUrl });
  await app.connect();
});

afterAll(async () => {
  await app?.end().catch(() => {});
  await database?.drop();
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await admin.end();
  }
});

describe('the application database role', () => {
  it('is not a superuser and owns nothing', async () => {
    const me = await app.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me.rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    const owned = await app.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user`,
    );
    expect(owned.rows[0].n).toBe(0);
  });

  it('may INSERT and SELECT audit rows (the chain still verifies)', async () => {
    const db = createDb(appUrl, { max: 2 });
    try {
      for (let i = 0; i < 3; i++)
        await auditStandalone(db, systemActor('test'), { action: `role.probe.${i}` });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  const refused: [string, string][] = [
    ['UPDATE', `UPDATE "AuditEvent" SET action = 'x' WHERE id = (SELECT max(id) FROM "AuditEvent")`],
    ['DELETE', `DELETE FROM "AuditEvent" WHERE id = (SELECT max(id) FROM "AuditEvent")`],
    ['DELETE all', `DELETE FROM "AuditEvent"`],
    ['TRUNCATE', `TRUNCATE "AuditEvent"`],
    ['TRUNCATE CASCADE', `TRUNCATE "AuditEvent" CASCADE`],
    ['disable the trigger', `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`],
    ['ALTER', `ALTER TABLE "AuditEvent" ADD COLUMN evil text`],
    ['DROP', `DROP TABLE "AuditEvent"`],
    ['DROP CASCADE', `DROP TABLE "AuditEvent" CASCADE`],
    ['rename', `ALTER TABLE "AuditEvent" RENAME TO "AuditEventOld"`],
    [
      'replace the trigger function',
      `CREATE OR REPLACE FUNCTION audit_noop() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql`,
    ],
    ['triggers off for the session', `SET session_replication_role = replica`],
    ['create a table', `CREATE TABLE "Shadow" (id int)`],
    ['read the migrations table', `SELECT * FROM "_prisma_migrations"`],
    ['rewrite migration history', `DELETE FROM "_prisma_migrations"`],
    ['TRUNCATE another table', `TRUNCATE "Patient" CASCADE`],
  ];
  for (const [what, sql] of refused) {
    it(`cannot ${what}`, async () => {
      await expect(app.query(sql)).rejects.toThrow(/permission denied|must be owner|must be superuser/);
    });
  }

  it('cannot grant itself more (postgres only warns), and UPDATE stays refused', async () => {
    await app.query(`GRANT UPDATE, DELETE, TRUNCATE ON "AuditEvent" TO CURRENT_USER`).catch(() => {});
    await expect(app.query(`UPDATE "AuditEvent" SET action = 'x'`)).rejects.toThrow(/permission denied/);
  });

  it('the whole app runs as this role: sign-in, audit rows, reads', async () => {
    const t = await createTestApp({ DATABASE_URL: appUrl });
    try {
      // Users are created by an administrator's tooling (the owner URL here).
      const owner = await createTestApp({ DATABASE_URL: database.url });
      const user = await createUserAccount(owner.ctx, 'RECORDS').finally(() => owner.close());
      const res = await signIn(t.app, user.username);
      expect(res.statusCode, res.body).toBe(200);
      const rows = await t.ctx.db.auditEvent.count({ where: { username: user.username } });
      expect(rows).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});

describe('npm start (scripts/start.ts) on a local superuser database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dictum-roles-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('splits the owner (migrations) from the application role dictum_app with a stored password', async () => {
    const roles = await localDatabaseRoles(database.url, database.url, dataDir);
    expect(roles.split).toBe(true);
    expect(roles.migrationUrl).toBe(database.url);
    const app = new URL(roles.appUrl);
    expect(app.username).toBe('dictum_app');
    const secret = await readFile(path.join(dataDir, 'db-app-password'), 'utf8');
    expect(app.password).toBe(secret);
    expect((await stat(path.join(dataDir, 'db-app-password'))).mode & 0o077).toBe(0);
    // The same password next start.
    expect((await localDatabaseRoles(database.url, database.url, dataDir)).appUrl).toBe(roles.appUrl);
    // An operator's own split is left alone.
    expect(await localDatabaseRoles(appUrl, database.url, dataDir)).toEqual({
      appUrl,
      migrationUrl: database.url,
      split: true,
    });
    // A remote or non-superuser URL is not split.
    expect((await localDatabaseRoles(appUrl, undefined, dataDir)).split).toBe(false);
    expect((await localDatabaseRoles('postgresql://u@db.example:5432/x', undefined, dataDir)).split).toBe(
      false,
    );
  });

  it('npm run db:migrate (docker-compose) with DATABASE_MIGRATION_URL grants the app role', async () => {
    const second = `${role}_m`;
    const url = new URL(database.url);
    url.username = second;
    url.password = 'pw';
    try {
      const out = await promisify(execFile)('node', ['--import', 'tsx', 'prisma/scripts/migrate.ts'], {
        env: { ...process.env, DATABASE_URL: url.toString(), DATABASE_MIGRATION_URL: database.url },
      });
      expect(out.stdout).toContain(`application role ${second}: row access only (created)`);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await expect(client.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
        expect((await client.query(`SELECT count(*) FROM "AuditEvent"`)).rowCount).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin
        .query(`DROP OWNED BY "${second}"; DROP ROLE IF EXISTS "${second}"`)
        .finally(() => admin.end());
    }
  });

  it('refuses to grant to the owner itself or to a superuser role', async () => {
    await expect(grantAppRole(database.url, database.url)).rejects.toThrow(/same role/);
    const su = new URL(database.url);
    su.username = 'root';
    await expect(grantAppRole(database.url, su.toString())).rejects.toThrow(/superuser/);
  });
});
