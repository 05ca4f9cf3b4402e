import { ALL_ROLES } from '@dictum/core/actor';
import { receiveBackchannelLogout } from '../../services/auth/oidc/backchannel-logout';
import { completeSsoSignIn } from '../../services/auth/oidc/complete-sign-in';
import { signInOptions } from '../../services/auth/oidc/sign-in-options';
import { SIGN_IN_STATE_TTL_SEC } from '../../services/auth/oidc/sign-in-state';
import { ssoLogout } from '../../services/auth/oidc/sso-logout';
import { SsoRefusal } from '../../services/auth/oidc/sso-refusal';
import { startSsoSignIn } from '../../services/auth/oidc/start-sign-in';
import { sessionCookie } from '../auth/session-cookie';
import { publicRoute, resourceRoutes } from '../endpoint';
import * as schemas from './auth-oidc.schemas';
import { refusalPage } from './refusal-page';

/** OpenID Connect single sign-on: GET login → provider → GET callback; back-channel logout. */
export const oidcAuthRoutes = resourceRoutes(['auth'], (app, ctx, endpoint) => {
  const { config } = ctx;
  const oidcPath = '/api/v1/auth/oidc';
  const session = sessionCookie(config);
  const stateCookie = `${session.name}_oidc`;
  const providerName = config.oidc?.providerName ?? 'single sign-on';
  const signInRate = { max: config.rateLimit.loginPerMinute, timeWindow: '1 minute' };

  // Logout tokens arrive as an HTML form post (application/x-www-form-urlencoded).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof SsoRefusal)) throw error;
    request.log.info({ reason: error.reason }, 'single sign-on refused');
    return reply
      .status(error.status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(refusalPage(error, providerName));
  });

  app.get(
    '/auth/sign-in-options',
    endpoint(publicRoute, { response: { 200: schemas.signInOptionsReply } }),
    async () => signInOptions(config),
  );

  app.get(
    '/auth/oidc/login',
    endpoint({ public: true, rateLimit: signInRate }, { querystring: schemas.oidcLoginQuery }),
    async (request, reply) => {
      const { url, binding } = await startSsoSignIn(ctx, {
        returnTo: request.query.returnTo,
        reauthenticate: request.query.reauthenticate === 'true',
      });
      // Lax, not Strict: it must come back with the provider's cross-site redirect to the callback.
      reply.setCookie(stateCookie, binding, {
        path: oidcPath,
        httpOnly: true,
        sameSite: 'lax',
        secure: session.isSecure(request),
        maxAge: SIGN_IN_STATE_TTL_SEC,
      });
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    endpoint({ public: true, rateLimit: signInRate }, { querystring: schemas.oidcCallbackQuery }),
    async (request, reply) => {
      const cookieOptions = { path: oidcPath, httpOnly: true, sameSite: 'lax' as const };
      reply.clearCookie(stateCookie, { ...cookieOptions, secure: session.isSecure(request) });
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const result = await completeSsoSignIn(ctx, {
        query,
        state: request.query.state,
        binding: request.cookies[stateCookie],
        ip: request.ip,
        requestId: request.id,
      });
      // The same session cookie as password sign-in (HttpOnly, SameSite=Strict). The app's own
      // requests after the redirect are same-site, so they carry it.
      session.set(request, reply, result.token);
      return reply.header('cache-control', 'no-store').redirect(result.returnTo, 303);
    },
  );

  app.post(
    '/auth/oidc/backchannel-logout',
    endpoint(publicRoute, { body: schemas.backchannelLogoutBody }),
    async (request, reply) => {
      await receiveBackchannelLogout(ctx, request.body?.logout_token, { requestId: request.id });
      return reply.header('cache-control', 'no-store').status(200).send();
    },
  );

  app.post(
    '/auth/oidc/logout',
    endpoint({ roles: ALL_ROLES, allowMfaPending: true }, { response: { 200: schemas.ssoLogoutReply } }),
    async (request, reply) => {
      const result = await ssoLogout(ctx, request.actor, session.read(request));
      session.clear(request, reply);
      return result;
    },
  );
});
