import { errorSchema } from '@dictum/contracts/errors';
import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyContextConfig, FastifySchema } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';

/**
 * Who may call a route: `roles` (deny by default) or `public: true`, with the token scope, rate
 * limit and second-factor allowance it needs. plugins/authenticate.ts enforces it and refuses to
 * start when a route declares neither.
 */
export type Access = FastifyContextConfig & ({ roles: FastifyContextConfig['roles'] } | { public: true });

/**
 * The route options of one resource's routes: each states its access beside what it takes and
 * answers, under the resource's OpenAPI tags (a route's own `tags` take their place).
 */
export const endpointsTagged =
  (tags: readonly string[]) =>
  <C extends Access, S extends FastifySchema>(config: C, schema: S) => ({
    config,
    schema: { tags: [...tags], ...schema },
  });

export type RouteApp = Parameters<FastifyPluginAsyncZod>[0];
export type Endpoint = ReturnType<typeof endpointsTagged>;

/**
 * One resource's routes as a plugin of the app: `register` declares them, given the app context and
 * an `endpoint` helper bound to the resource's OpenAPI tags.
 */
export const resourceRoutes =
  (tags: readonly string[], register: (app: RouteApp, ctx: AppContext, endpoint: Endpoint) => void) =>
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) =>
    register(app, ctx, endpointsTagged(tags));

// The role sets routes share (SPEC §1). A route with its own token scope or rate limit adds them.
export const publicRoute = { public: true } as const;
export const signedIn = { roles: ALL_ROLES };
export const admins = { roles: ['ADMIN'] } as const;
export const physicians = { roles: ['PHYSICIAN'] } as const;
export const transcriptionists = { roles: ['TRANSCRIPTIONIST'] } as const;
export const recordsStaff = { roles: ['RECORDS'] } as const;
export const recordsAndAdmins = { roles: ['RECORDS', 'ADMIN'] } as const;
/** Everyone who works on notes (not administrators). */
export const clinicalStaff = { roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] } as const;

/**
 * The error answers a route documents in OpenAPI for its own workflow rules (409 for a note in the
 * wrong state, 422 for an unknown reference), beside the ones any route can give (400, 401, 403, 429).
 */
export const errorReplies = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorSchema])) as Record<S, typeof errorSchema>;
