import { auditStandalone } from '@dictum/core/audit/record-audit-event';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { destroySession } from '../../auth/sessions';
import type { AppContext } from '../../context';
import { login } from '../../services/auth/login';
import { enrollMfa, verifyMfa } from '../../services/auth/mfa';
import { loginBody, loginReply, meReply } from './auth.schemas';

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
        };
      },
    );

    app.post(
      '/auth/mfa/enroll',
      {
        config: { allowMfaPending: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) },
        },
      },
      async (request) => enrollMfa(ctx, request.actor),
    );

    app.post(
      '/auth/mfa/verify',
      {
        config: {
          allowMfaPending: true,
          rateLimit: { max: ctx.config.rateLimit.loginPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          body: z.object({ code: z.string().max(10) }),
          response: { 200: z.object({ mfaEnabled: z.boolean() }) },
        },
      },
      async (request) => verifyMfa(ctx, request.actor, request.session?.id, request.body.code),
    );

    app.post(
      '/auth/logout',
      { config: { allowMfaPending: true }, schema: { tags: ['auth'], response: { 204: z.null() } } },
      async (request, reply) => {
        const token = request.cookies[cookieName];
        if (token) await destroySession(ctx.db, token);
        await auditStandalone(ctx.db, request.actor, {
          action: 'auth.logout',
          objectType: 'user',
          objectId: request.actor.userId,
        });
        reply.clearCookie(cookieName, cookieOptions(isSecure(request.protocol)));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      { config: { allowMfaPending: true }, schema: { tags: ['auth'], response: { 200: meReply } } },
      async (request) => {
        const user = await ctx.db.user.findUniqueOrThrow({
          where: { id: request.actor.userId },
          select: { id: true, username: true, role: true, displayName: true },
        });
        return {
          user,
          csrfToken: request.session?.csrfToken ?? null,
          mfaPending: request.session?.mfaPending ?? false,
        };
      },
    );

    app.get(
      '/auth/csrf',
      {
        config: { allowMfaPending: true },
        schema: { tags: ['auth'], response: { 200: z.object({ csrfToken: z.string().nullable() }) } },
      },
      async (request) => ({ csrfToken: request.session?.csrfToken ?? null }),
    );
  };
