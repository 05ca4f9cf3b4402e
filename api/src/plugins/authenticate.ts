import type { Actor } from '@dictum/core/actor';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import { AppError, isAppError } from '@dictum/core/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context';
import type { RouteTokenScope } from '../services/auth/api-scopes';
import { resolveApiToken } from '../services/auth/api-tokens';
import { resolveSession, type SessionUser } from '../services/auth/sessions';
import { safeEqual } from '../services/auth/tokens';
import { isDatabaseDown } from './error-handler';

export type UserActor = Extract<Actor, { kind: 'user' }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No authentication (login, health, the web app's files, the OpenAPI document). */
    public?: boolean;
    /** Roles allowed. Every route names its roles or says it is public: deny by default. */
    roles?: readonly Role[];
    /** Reachable while the session still awaits its second factor. */
    allowMfaPending?: boolean;
    /** The scope an API token needs here; without one, tokens are refused on this route. */
    tokenScope?: RouteTokenScope;
    /** Static, patient-free files that browsers may cache; every other answer is `no-store`. */
    cacheable?: boolean;
  }
  interface FastifyRequest {
    actor: UserActor;
    authVia: 'session' | 'token' | null;
    session: { id: string; csrfToken: string; mfaPending: boolean } | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Access is decided on the route the router matched (`request.routeOptions`), never on the URL
 * text: `/%61pi/...`, `//api/...` or an absolute-form request line reach the same route and get the
 * same check. Every route must declare `public: true` or its `roles`; the app refuses to start
 * otherwise. Unmatched paths go to the not-found handler (404, nothing about authentication).
 * Order: authentication (401) → second factor → role (403) → token scope → CSRF.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as unknown as UserActor);
  app.decorateRequest('authVia', null);
  app.decorateRequest('session', null);

  // Scoped onRoute hooks (static files, docs, dashboards) may still fill in a declaration after
  // this hook sees the route, so the check runs once every route is known.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => assertEveryRouteDeclaresAccess(routes));

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) return;
    const config = request.routeOptions.config ?? {};
    if (config.public === true) return;
    try {
      // Defensive: startup refuses undeclared routes, so this only guards a route added after ready.
      if (!config.roles) throw new AppError('NOT_FOUND', 'no such route');
      await authenticateRequest(request, ctx, config);
    } catch (error) {
      // Answered here rather than thrown, so a plugin scope's own error handler (the queue
      // dashboard's) cannot turn a refusal into anything else.
      return sendRefusal(reply, error);
    }
  });

  // Patient data must never sit in a browser or proxy cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.is404 || request.routeOptions.config?.cacheable !== true) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
    return payload;
  });
}

/**
 * For a scope holding a third-party plugin's routes (static files, API docs, dashboards), which
 * cannot declare access themselves: every route registered in `scope` gets `access`.
 */
export function declareAccess(
  scope: FastifyInstance,
  access: { public: true; cacheable?: boolean } | { roles: readonly Role[] },
): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), ...access };
  });
}

function accessDeclarationProblem(route: Pick<RouteOptions, 'config'>): string | null {
  const config = (route.config ?? {}) as { public?: unknown; roles?: unknown };
  const hasRoles = Array.isArray(config.roles) && config.roles.length > 0;
  if (config.public === true && config.roles !== undefined) return 'declares both public and roles';
  if (config.public !== true && !hasRoles) return 'declares neither `public: true` nor its `roles`';
  return null;
}

function assertEveryRouteDeclaresAccess(routes: RouteOptions[]): void {
  const problems = routes.flatMap((route) => {
    const problem = accessDeclarationProblem(route);
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    return problem ? [`${methods} ${route.url}: ${problem}`] : [];
  });
  if (problems.length > 0) {
    throw new Error(`routes without an access declaration (deny by default):\n  ${problems.join('\n  ')}`);
  }
}

function sendRefusal(reply: FastifyReply, error: unknown) {
  if (isAppError(error)) {
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: error.message, ...error.details } });
  }
  if (isDatabaseDown(error)) {
    return reply.status(503).send({
      error: { code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' },
    });
  }
  throw error;
}

/** Identifies the caller and enforces `config` (roles, MFA, token scope, CSRF); throws AppError. */
export async function authenticateRequest(
  request: FastifyRequest,
  ctx: AppContext,
  config: { roles?: readonly Role[]; allowMfaPending?: boolean; tokenScope?: RouteTokenScope },
): Promise<void> {
  const identified = await identify(request, ctx);
  if (!identified) throw new AppError('UNAUTHENTICATED', 'sign in first');
  const { user, tokenScopes } = identified;
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
  if (!config.roles?.includes(user.role)) {
    throw new AppError('FORBIDDEN', 'your role may not do this');
  }
  if (tokenScopes) {
    const needed = config.tokenScope;
    if (!needed || (needed !== 'any' && !tokenScopes.includes(needed))) {
      throw new AppError('TOKEN_SCOPE', 'this API token may not call this route');
    }
  }
  if (request.authVia === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, request.session!.csrfToken)) {
      throw new AppError('CSRF_TOKEN_INVALID', 'missing or invalid x-csrf-token header');
    }
  }
}

async function identify(
  request: FastifyRequest,
  ctx: AppContext,
): Promise<{ user: SessionUser; tokenScopes: readonly string[] | null } | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // A malformed or unknown Authorization header is a failed sign-in, never a fallback to the cookie.
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const resolved = match ? await resolveApiToken(ctx.db, match[1]!, ctx.config.auth) : null;
    if (!resolved) return null;
    request.authVia = 'token';
    return { user: resolved.user, tokenScopes: resolved.scopes };
  }
  const cookie = request.cookies?.[ctx.config.auth.cookieName];
  if (!cookie) return null;
  const session = await resolveSession(ctx.db, ctx.config.auth, cookie);
  if (!session) return null;
  request.authVia = 'session';
  request.session = { id: session.sessionId, csrfToken: session.csrfToken, mfaPending: session.mfaPending };
  return { user: session.user, tokenScopes: null };
}
