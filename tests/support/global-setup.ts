import { migrate } from '../../prisma/scripts/migrate';

// Migrations run once per test run, against the test database (never the development one).
export default async function globalSetup() {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum_test';
  await migrate(url);
}
