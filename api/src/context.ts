import type { AppConfig } from '@dictum/core/infra/config';
import {
  closeProcessResources,
  createProcessResources,
  type ProcessResources,
} from '@dictum/core/infra/process-resources';

/** Long-lived resources the routes and services share; one per API process. */
export type AppContext = ProcessResources;

export const createContext = (config: AppConfig): AppContext => createProcessResources(config, 'producer');

export const closeContext = closeProcessResources;

/** Waits (bounded) for Redis to connect, so rate limits are live from the first request. */
export async function redisReady(ctx: AppContext, timeoutMs = 5000): Promise<boolean> {
  if (ctx.redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    ctx.redis.once('ready', onReady);
  });
}
