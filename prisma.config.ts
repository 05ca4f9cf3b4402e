import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection from here for CLI commands that need one; the app itself connects
// through the pg driver adapter with the URL from core/src/infra/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum' },
});
