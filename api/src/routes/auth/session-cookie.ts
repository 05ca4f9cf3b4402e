import type { AppConfig } from '@dictum/core/infra/config';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The session cookie, the same for password and single sign-on: HttpOnly, SameSite=Strict, for the
 * whole site. Secure whenever the request came over HTTPS, always in production; plain-HTTP local
 * clients work.
 */
export function sessionCookie(config: Pick<AppConfig, 'auth' | 'isProduction'>) {
  const name = config.auth.cookieName;
  const isSecure = (request: FastifyRequest) => config.isProduction || request.protocol === 'https';
  const options = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: isSecure(request),
  });
  return {
    name,
    isSecure,
    read: (request: FastifyRequest): string | undefined => request.cookies[name],
    set: (request: FastifyRequest, reply: FastifyReply, token: string) =>
      reply.setCookie(name, token, {
        ...options(request),
        maxAge: Math.floor(config.auth.sessionMaxMs / 1000),
      }),
    clear: (request: FastifyRequest, reply: FastifyReply) => reply.clearCookie(name, options(request)),
  };
}
