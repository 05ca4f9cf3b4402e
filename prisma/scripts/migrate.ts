import pg from 'pg';
import { ensureDatabase } from './database-url';
import { noFilters, openSchemaEngine, readMigrationList } from './schema-engine';

/** Names of migrations already applied; empty when the bookkeeping table does not exist yet. */
async function appliedMigrations(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.rows.map((r: { migration_name: string }) => r.migration_name));
  } catch {
    return new Set();
  } finally {
    await client.end();
  }
}

/** Applies every pending migration in prisma/migrations; running it again applies nothing. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  // Up to date is the common case (every start, every test run): answer it without the engine and
  // its migration lock, so parallel starters do not queue behind each other.
  const migrationsList = await readMigrationList();
  const applied = await appliedMigrations(databaseUrl);
  if (migrationsList.migrationDirectories.every((m) => applied.has(m.path))) return [];
  const engine = await openSchemaEngine(databaseUrl);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

const isMain = process.argv[1]?.endsWith('migrate.ts');
if (isMain) {
  // Migrations run as the owner (DATABASE_MIGRATION_URL); when DATABASE_URL names another role, that
  // role is then given row access only (core/src/infra/db/database-roles.ts).
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum';
  const ownerUrl = process.env.DATABASE_MIGRATION_URL || url;
  migrate(ownerUrl)
    .then(async (applied) => {
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
      if (ownerUrl !== url) {
        const { grantAppRole } = await import('../../core/src/infra/db/database-roles');
        const grant = await grantAppRole(ownerUrl, url);
        console.log(`application role ${grant.role}: row access only${grant.created ? ' (created)' : ''}`);
      }
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('migration failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
