import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { currentUser } from '../../services/auth/current-user';
import { login } from '../../services/auth/login';
import { logout } from '../../services/auth/logout';
import { enrollMfa, verifyMfa } from '../../services/auth/mfa';
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
import { sessionCookie } from './session-cookie';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const cookie = sessionCookie(ctx.config);

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
        await logout(ctx, request.actor, cookie.read(request));
        cookie.clear(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { roles: ALL_ROLES, allowMfaPending: true, tokenScope: 'any' },
        schema: { tags: ['auth'], response: { 200: meReply } },
      },
      async (request) =>
        currentUser(ctx, {
          userId: request.actor.userId,
          session: request.session,
          authVia: request.authVia,
        }),
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
