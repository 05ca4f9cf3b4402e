import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { readCurrentUser } from '../../services/auth/current-user';
import { draftKeyFor } from '../../services/auth/draft-key';
import { login } from '../../services/auth/login';
import { logout } from '../../services/auth/logout';
import { enrollMfa, verifyMfa } from '../../services/auth/mfa';
import { destroySession } from '../../services/auth/sessions';
import {
  csrfReply,
  loginBody,
  loginReply,
  meReply,
  mfaEnrollReply,
  mfaVerifyBody,
  mfaVerifyReply,
  noContentReply,
} from './auth.schemas';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieName = ctx.config.auth.cookieName;
    const cookieOptions = (secure: boolean) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      secure,
    });
    // Secure whenever the request came over HTTPS, always in production; plain-HTTP local clients work.
    const isSecure = (protocol: string) => ctx.config.isProduction || protocol === 'https';

    app.post(
      '/auth/login',
      {
        config: {
          public: true,
          rateLimit: { max: ctx.config.rateLimit.loginPerMinute, timeWindow: '1 minute' },
        },
        schema: { tags: ['auth'], body: loginBody, response: { 200: loginReply } },
      },
      async (request, reply) => {
        const result = await login(ctx, { ...request.body, ip: request.ip, requestId: request.id });
        // Rotation: a new session id at every sign-in; a session the browser still held ends here.
        const previous = request.cookies[cookieName];
        if (previous) await destroySession(ctx.db, previous);
        reply.setCookie(cookieName, result.token, {
          ...cookieOptions(isSecure(request.protocol)),
          maxAge: Math.floor(ctx.config.auth.sessionMaxMs / 1000),
        });
        return {
          user: result.user,
          csrfToken: result.csrfToken,
          mfaRequired: result.mfaRequired,
          mfaEnrollmentRequired: result.mfaEnrollmentRequired,
          draftKey: result.mfaRequired ? null : await draftKeyFor(ctx, result.user.id),
        };
      },
    );

    app.post(
      '/auth/mfa/enroll',
      {
        config: { roles: ALL_ROLES, allowMfaPending: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          response: { 200: mfaEnrollReply },
        },
      },
      async (request) => enrollMfa(ctx, request.actor),
    );

    app.post(
      '/auth/mfa/verify',
      {
        config: {
          roles: ALL_ROLES,
          allowMfaPending: true,
          rateLimit: { max: ctx.config.rateLimit.loginPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          body: mfaVerifyBody,
          response: { 200: mfaVerifyReply },
        },
      },
      async (request) => verifyMfa(ctx, request.actor, request.session?.id, request.body.code),
    );

    app.post(
      '/auth/logout',
      {
        config: { roles: ALL_ROLES, allowMfaPending: true },
        schema: { tags: ['auth'], response: { 204: noContentReply } },
      },
      async (request, reply) => {
        await logout(ctx, request.actor, request.cookies[cookieName]);
        reply.clearCookie(cookieName, cookieOptions(isSecure(request.protocol)));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { roles: ALL_ROLES, allowMfaPending: true, tokenScope: 'any' },
        schema: { tags: ['auth'], response: { 200: meReply } },
      },
      async (request) => {
        const mfaPending = request.session?.mfaPending ?? false;
        return {
          user: await readCurrentUser(ctx.db, request.actor.userId),
          csrfToken: request.session?.csrfToken ?? null,
          mfaPending,
          // Sessions only: a device token has no editor drafts to protect.
          draftKey:
            request.authVia === 'session' && !mfaPending
              ? await draftKeyFor(ctx, request.actor.userId)
              : null,
        };
      },
    );

    app.get(
      '/auth/csrf',
      {
        config: { roles: ALL_ROLES, allowMfaPending: true },
        schema: { tags: ['auth'], response: { 200: csrfReply } },
      },
      async (request) => ({ csrfToken: request.session?.csrfToken ?? null }),
    );
  };
