import { ensureDatabase } from './database-url';
import { noFilters, openSchemaEngine, readMigrationList } from './schema-engine';

/** Applies every pending migration in prisma/migrations; running it again applies nothing. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const engine = await openSchemaEngine(databaseUrl);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

const isMain = process.argv[1]?.endsWith("migrate.ts");
if (isMain) {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum';
  migrate(url)
    .then((applied) => {
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('migration failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
