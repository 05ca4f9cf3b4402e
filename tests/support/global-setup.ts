import pg from 'pg';
import { migrate } from '../../prisma/scripts/migrate';
import { databaseUrl, TEMPLATE_DATABASE } from './private-database';

// Migrations run once per test run: on the shared test database (API tests) and on a template that
// tests running workers clone into databases of their own. Leftover clones of killed runs are dropped.
export default async function globalSetup() {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum_test';
  await migrate(url);
  await migrate(databaseUrl(TEMPLATE_DATABASE));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // The schema engine that applied new migrations to the template lets go of its connection a
    // moment after it is freed; a clone made before then fails ("source database is being accessed
    // by other users"), so the run starts only when nobody is connected to the template.
    for (let waited = 0; waited < 15_000; waited += 100) {
      const open = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        TEMPLATE_DATABASE,
      ]);
      if (open.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stale = await client.query(
      `SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'dictum_e2e_%'
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    const hourAgo = Date.now() - 3_600_000;
    for (const row of stale.rows as { datname: string }[]) {
      const created = Number(row.datname.split('_')[2]);
      if (created < hourAgo) await client.query(`DROP DATABASE IF EXISTS "${row.datname}"`);
    }
  } finally {
    await client.end();
  }
}
