import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// Least privilege in the database. Migrations run as the owner of the tables (DATABASE_MIGRATION_URL);
// the application connects as a role that is neither superuser nor owner: it reads and writes rows,
// and on the audit table it may only INSERT and SELECT. So a compromised API or worker cannot UPDATE,
// DELETE or TRUNCATE audit rows, switch off the append-only trigger (only the owner can), set
// session_replication_role (superuser only), or ALTER/DROP anything.

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface AppRoleGrant {
  role: string;
  created: boolean;
}

/**
 * Makes the role of `appUrl` a least-privilege application role on the database of `ownerUrl`:
 * creates it when missing (LOGIN, the URL's password, no SUPERUSER/CREATEDB/CREATEROLE/BYPASSRLS;
 * needs an owner URL that may create roles, e.g. the local superuser), then grants row access to
 * every table, INSERT/SELECT only on "AuditEvent", nothing on the migrations table, and the same
 * for tables later migrations create. Idempotent: `npm start` runs it after every migration.
 */
export async function grantAppRole(ownerUrl: string, appUrl: string): Promise<AppRoleGrant> {
  const app = new URL(appUrl);
  const role = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  if (!ROLE_NAME.test(role))
    throw new Error('the application role name must be a plain lower-case identifier');
  if (role === decodeURIComponent(new URL(ownerUrl).username)) {
    throw new Error(
      'DATABASE_URL and DATABASE_MIGRATION_URL name the same role: the application would own its tables',
    );
  }
  const database = decodeURIComponent(new URL(ownerUrl).pathname.replace(/^\//, ''));
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const id = client.escapeIdentifier(role);
    const existing = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
      [role],
    );
    let created = false;
    if (existing.rowCount === 0) {
      await client
        .query(
          `CREATE ROLE ${id} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS` +
            (password ? ` PASSWORD ${client.escapeLiteral(password)}` : ''),
        )
        .catch((error: { code?: string }) => {
          // Another starter created it meanwhile.
          if (error.code !== '42710') throw error;
        });
      created = true;
    } else if (existing.rows[0]!.rolsuper || existing.rows[0]!.rolbypassrls) {
      throw new Error(
        `the application role ${role} is a superuser (or bypasses row security); use a plain role`,
      );
    }
    if (!created && password) {
      // Keep the stored password and the role in step (a new .data folder, a rotated secret); an
      // owner without CREATEROLE cannot, and then the operator manages the role's password.
      await client.query(`ALTER ROLE ${id} PASSWORD ${client.escapeLiteral(password)}`).catch(() => {});
    }
    const tables = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const names = new Set(tables.rows.map((r) => r.tablename));
    const statements = [
      `GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO ${id}`,
      `GRANT USAGE ON SCHEMA public TO ${id}`,
      `REVOKE CREATE ON SCHEMA public FROM ${id}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${id}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${id}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${id}`,
      ...(names.has('_prisma_migrations') ? [`REVOKE ALL ON "_prisma_migrations" FROM ${id}`] : []),
      ...(names.has('AuditEvent')
        ? [`REVOKE ALL ON "AuditEvent" FROM ${id}`, `GRANT SELECT, INSERT ON "AuditEvent" TO ${id}`]
        : []),
    ];
    for (const sql of statements) await client.query(sql);
    return { role, created };
  } finally {
    await client.end();
  }
}

/**
 * For `npm start` on one machine: when no DATABASE_MIGRATION_URL is set and DATABASE_URL connects
 * as a superuser on this machine, that URL becomes the owner (migrations) and the application gets
 * the role `dictum_app` with a random password kept in `<dataDir>/db-app-password` (mode 0600).
 * Returns both URLs; elsewhere (an operator-managed database) returns the configuration unchanged.
 */
export async function localDatabaseRoles(
  databaseUrl: string,
  migrationUrl: string | undefined,
  dataDir: string,
): Promise<{ appUrl: string; migrationUrl: string; split: boolean }> {
  if (migrationUrl && migrationUrl !== databaseUrl) return { appUrl: databaseUrl, migrationUrl, split: true };
  const url = new URL(databaseUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) {
    return { appUrl: databaseUrl, migrationUrl: databaseUrl, split: false };
  }
  // Asked on the maintenance database: the application's database may not exist yet.
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  let superuser = false;
  try {
    await client.connect();
    const r = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    superuser = r.rows[0]?.rolsuper === true;
  } catch {
    superuser = false;
  } finally {
    await client.end().catch(() => {});
  }
  if (!superuser) return { appUrl: databaseUrl, migrationUrl: databaseUrl, split: false };
  const secretFile = path.join(dataDir, 'db-app-password');
  if (!existsSync(secretFile)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(secretFile, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  const app = new URL(databaseUrl);
  app.username = 'dictum_app';
  app.password = readFileSync(secretFile, 'utf8').trim();
  return { appUrl: app.toString(), migrationUrl: databaseUrl, split: true };
}
