import { loadConfig } from '@dictum/core/config';
import { buildApp } from './app';
import { closeContext, createContext } from './context';

// The API process: config once at boot, graceful shutdown on SIGTERM/SIGINT (readiness turns
// false first, in-flight requests finish, connections close).
const config = loadConfig();
const ctx = createContext(config);
const health = { shuttingDown: false };
const app = await buildApp(ctx, { health });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  health.shuttingDown = true;
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await app.close().catch(() => {});
  await closeContext(ctx).catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.http.port, host: config.http.host });
