import type { AppContext } from '../../context';

const CHECK_TIMEOUT_MS = 2000;

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
  ]);

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await within(fn(), CHECK_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** Whether this instance can serve: the database, Redis and storage each answer within 2 s. */
export async function readiness(ctx: AppContext, shuttingDown: boolean) {
  const [database, redis, storage] = await Promise.all([
    check(() => ctx.db.$queryRaw`SELECT 1`),
    check(() => ctx.redis.ping()),
    check(() => ctx.store.ping()),
  ]);
  const checks = { database, redis, storage };
  const ready = !shuttingDown && Object.values(checks).every((v) => v === 'ok');
  return { status: ready ? ('ready' as const) : ('not ready' as const), shuttingDown, checks };
}
