import { loadConfig } from '@dictum/core/infra/config';
import { createLogger } from '@dictum/core/infra/logger';
import { buildApp } from './app';
import { closeContext, createContext, redisReady } from './context';
import { type Hl7Listener, startHl7Listener } from './hl7/hl7-listener';

// The API process: config once at boot, graceful shutdown on SIGTERM/SIGINT (readiness turns
// false first, in-flight requests finish, connections close).
const config = loadConfig();
const ctx = createContext(config);
const health = { shuttingDown: false };
const app = await buildApp(ctx, { health });
// Start even when Redis is down (readiness reports it), but give it a moment to connect first.
if (!(await redisReady(ctx))) app.log.warn('Redis is not reachable yet; rate limits are off until it is');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  health.shuttingDown = true;
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await hl7?.close().catch(() => {});
  await app.close().catch(() => {});
  await closeContext(ctx).catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.http.port, host: config.http.host });
// Inbound ADT over MLLP, when HL7_LISTEN_PORT is set.
const hl7: Hl7Listener | undefined = config.hl7Listener.port
  ? await startHl7Listener(
      { db: ctx.db, log: createLogger(config.logLevel, { service: 'hl7-listener' }), config },
      config.hl7Listener,
    )
  : undefined;
