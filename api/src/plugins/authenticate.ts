import type { Actor } from '@dictum/core/actor';
import type { Role } from '@dictum/core/dictation/state-machine';
import { AppError } from '@dictum/core/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiToken } from '../auth/api-tokens';
import { resolveSession, type SessionUser } from '../auth/sessions';
import { safeEqual } from '../auth/tokens';
import type { AppContext } from '../context';

export type UserActor = Extract<Actor, { kind: 'user' }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No authentication (login, health). Every other /api route needs a signed-in user. */
    public?: boolean;
    /** Roles allowed; omitted means any signed-in role. */
    roles?: readonly Role[];
    /** Reachable while the session still awaits its second factor. */
    allowMfaPending?: boolean;
  }
  interface FastifyRequest {
    actor: UserActor;
    authVia: 'session' | 'token' | null;
    session: { id: string; csrfToken: string; mfaPending: boolean } | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication runs first (onRequest, before body parsing and validation): no session → 401,
 * wrong role → 403, then CSRF for cookie sessions that change state.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as unknown as UserActor);
  app.decorateRequest('authVia', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const config = request.routeOptions.config ?? {};
    if (config.public || !request.url.startsWith('/api/')) return;
    await authenticateRequest(request, ctx, config);
  });
}

/**
 * Identifies the caller and enforces `config` (roles, MFA, CSRF); throws the API's AppError.
 * Exported for the few routes outside /api that need a signed-in user (the queue dashboard).
 */
export async function authenticateRequest(
  request: FastifyRequest,
  ctx: AppContext,
  config: { roles?: readonly Role[]; allowMfaPending?: boolean },
): Promise<void> {
  const user = await identify(request, ctx);
  if (!user) throw new AppError('UNAUTHENTICATED', 'sign in first');
  request.actor = {
    kind: 'user',
    userId: user.id,
    username: user.username,
    role: user.role,
    ip: request.ip,
    requestId: request.id,
  };
  if (request.session?.mfaPending && !config.allowMfaPending) {
    throw new AppError('MFA_REQUIRED', 'complete sign-in with your second factor');
  }
  if (config.roles && !config.roles.includes(user.role)) {
    throw new AppError('FORBIDDEN', 'your role may not do this');
  }
  if (request.authVia === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, request.session!.csrfToken)) {
      throw new AppError('CSRF_TOKEN_INVALID', 'missing or invalid x-csrf-token header');
    }
  }
}

async function identify(request: FastifyRequest, ctx: AppContext): Promise<SessionUser | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const resolved = await resolveApiToken(ctx.db, header.slice(7).trim());
    if (!resolved) return null;
    request.authVia = 'token';
    return resolved.user;
  }
  const cookie = request.cookies?.[ctx.config.auth.cookieName];
  if (!cookie) return null;
  const session = await resolveSession(ctx.db, ctx.config.auth, cookie);
  if (!session) return null;
  request.authVia = 'session';
  request.session = { id: session.sessionId, csrfToken: session.csrfToken, mfaPending: session.mfaPending };
  return session.user;
}
