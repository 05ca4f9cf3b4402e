import { ALL_ROLES } from '@dictum/core/actor';
import { currentUser } from '../../services/auth/current-user';
import { login } from '../../services/auth/login';
import { logout } from '../../services/auth/logout';
import { enrollMfa, verifyMfa } from '../../services/auth/mfa';
import { resourceRoutes } from '../endpoint';
import * as schemas from './auth.schemas';
import { sessionCookie } from './session-cookie';

export const authRoutes = resourceRoutes(['auth'], (app, ctx, endpoint) => {
  const cookie = sessionCookie(ctx.config);
  const signInRate = { max: ctx.config.rateLimit.loginPerMinute, timeWindow: '1 minute' };
  // Reachable while the session still awaits its second factor.
  const midSignIn = { roles: ALL_ROLES, allowMfaPending: true };

  app.post(
    '/auth/login',
    endpoint(
      { public: true, rateLimit: signInRate },
      { body: schemas.loginBody, response: { 200: schemas.loginReply } },
    ),
    async (request, reply) => {
      const { token, ...signedIn } = await login(ctx, {
        ...request.body,
        ip: request.ip,
        requestId: request.id,
        previousSessionToken: cookie.read(request),
      });
      cookie.set(request, reply, token);
      return signedIn;
    },
  );

  app.post(
    '/auth/mfa/enroll',
    endpoint(
      { ...midSignIn, rateLimit: { max: 10, timeWindow: '1 minute' } },
      { response: { 200: schemas.mfaEnrollReply } },
    ),
    async (request) => enrollMfa(ctx, request.actor),
  );

  app.post(
    '/auth/mfa/verify',
    endpoint(
      { ...midSignIn, rateLimit: signInRate },
      { body: schemas.mfaVerifyBody, response: { 200: schemas.mfaVerifyReply } },
    ),
    async (request) => verifyMfa(ctx, request.actor, request.session?.id, request.body.code),
  );

  app.post(
    '/auth/logout',
    endpoint(midSignIn, { response: { 204: schemas.noContentReply } }),
    async (request, reply) => {
      await logout(ctx, request.actor, cookie.read(request));
      cookie.clear(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    endpoint({ ...midSignIn, tokenScope: 'any' }, { response: { 200: schemas.meReply } }),
    async (request) =>
      currentUser(ctx, {
        userId: request.actor.userId,
        session: request.session,
        authVia: request.authVia,
      }),
  );

  app.get('/auth/csrf', endpoint(midSignIn, { response: { 200: schemas.csrfReply } }), async (request) => ({
    csrfToken: request.session?.csrfToken ?? null,
  }));
});
