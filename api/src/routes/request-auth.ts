import type { FastifyRequest } from 'fastify';
import type { RequestAuth } from '../services/documents/recent-authentication';

/** How the caller signed in, for the signatures that need a recent sign-in (sign, amend). */
export const requestAuth = (request: FastifyRequest): RequestAuth => ({
  sessionId: request.session?.id ?? null,
});
