import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDatabase } from './database-url';
import { migrationsDir, noFilters, openSchemaEngine, prismaDir, schemaPath } from './schema-engine';

// Usage: npm run db:migration:new -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema the
// last migration was made from (prisma/.migrated-schema.prisma) to the current schema.prisma.
// Schema-to-schema diffing needs no database, so it works offline with the wasm engine (the wasm
// engine cannot introspect PostgreSQL's catalog through the pg adapter).
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration:new -- <name>');
  process.exit(2);
}
const snapshotPath = path.join(prismaDir, '.migrated-schema.prisma');
const previous = await readFile(snapshotPath, 'utf8').catch(() => null);
const current = await readFile(schemaPath, 'utf8');
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum';
await ensureDatabase(databaseUrl);
const engine = await openSchemaEngine(databaseUrl);
try {
  const result = await engine.diff({
    from:
      previous === null
        ? { tag: 'empty' }
        : { tag: 'schemaDatamodel', files: [{ path: snapshotPath, content: previous }] },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: current }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  const sql = (result as unknown as { stdout?: string }).stdout ?? '';
  if (!sql.trim() || sql.includes('This is an empty migration')) {
    console.log('schema.prisma matches the last migration: nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await copyFile(schemaPath, snapshotPath);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  engine.free();
}
process.exit(0);
