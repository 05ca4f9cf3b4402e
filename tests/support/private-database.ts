import { randomUUID } from 'node:crypto';
import pg from 'pg';

// Tests that run a worker need a database of their own: a worker's sweep (rightly) picks up every
// queued dictation in its database, so two stacks sharing one would take each other's work.
// Cloning a migrated template that nobody connects to takes a fraction of a second.

export const TEMPLATE_DATABASE = 'dictum_test_template';

function adminUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum_test');
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum_test');
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createPrivateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // The creation time in the name lets a later run clean up clones a killed run left behind.
  const name = `dictum_e2e_${Date.now()}_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  } finally {
    await client.end();
  }
  return {
    url: databaseUrl(name),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
