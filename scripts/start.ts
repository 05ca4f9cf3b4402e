import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dictum/core/infra/config';
import { grantAppRole, localDatabaseRoles } from '@dictum/core/infra/db/database-roles';
import { migrate } from '../prisma/scripts/migrate';

// `npm start`: the single-machine stack. Applies migrations, builds the web app if its build is
// missing, then runs the API and the worker as children in this process group (no daemons), so
// stopping this process stops everything. A child that dies is restarted.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = loadConfig();

// Migrations run as the owner; the API and worker connect as a least-privilege role (on a local
// superuser database that role, dictum_app, is created here; see core/src/infra/db/database-roles.ts).
const roles = await localDatabaseRoles(config.db.url, config.db.migrationUrl, path.join(root, '.data'));
console.log('dictum: applying database migrations');
const applied = await migrate(roles.migrationUrl);
if (applied.length) console.log(`dictum: applied ${applied.join(', ')}`);
if (roles.split) {
  try {
    const grant = await grantAppRole(roles.migrationUrl, roles.appUrl);
    console.log(`dictum: the services connect as ${grant.role}${grant.created ? ' (created)' : ''}`);
  } catch (error) {
    console.error(`dictum: could not set up the application's database role: ${(error as Error).message}`);
    process.exit(1);
  }
} else {
  console.warn(
    'dictum: the services connect with DATABASE_URL as given (set DATABASE_MIGRATION_URL to separate the owner)',
  );
}
const serviceEnv = { ...process.env, DATABASE_URL: roles.appUrl, DATABASE_MIGRATION_URL: roles.migrationUrl };

if (!existsSync(path.join(root, config.web.distDir, 'index.html'))) {
  console.log('dictum: building the web app');
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) console.error('dictum: web build failed; the API still runs');
}

const services = {
  api: path.join(root, 'api/src/main.ts'),
  worker: path.join(root, 'worker/src/main.ts'),
};
const children = new Map<string, ChildProcess>();
const restarts: number[] = [];
let stopping = false;

function launch(name: keyof typeof services) {
  const child = spawn(process.execPath, ['--import', 'tsx', services[name]], {
    cwd: root,
    stdio: 'inherit',
    env: serviceEnv,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > 10) {
      console.error(`dictum: ${name} keeps failing (last exit ${code ?? signal}); stopping`);
      void stop(1);
      return;
    }
    console.error(`dictum: ${name} exited (${code ?? signal}); restarting`);
    setTimeout(() => launch(name), 1000);
  });
}

async function stop(exitCode = 0) {
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 25_000;
  while (children.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

launch('api');
launch('worker');
console.log(`dictum: http://localhost:${config.http.port}`);
