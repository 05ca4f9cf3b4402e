import type { ZodObject, ZodType, z } from 'zod';
import type { UserActor } from '../plugins/authenticate';
import { admins, type Endpoint, type RouteApp } from './endpoint';
import { created, noContent } from './replies';

interface Action<B extends ZodType, Args extends unknown[]> {
  description: string;
  body: B;
  run: (actor: UserActor, ...args: [...Args, z.infer<B>]) => Promise<unknown>;
}

/**
 * A list administrators maintain: POST `path` adds an item (201), PATCH `path/:key` changes one,
 * DELETE `path/:key` removes one (204). The services check, write and audit; the routes carry the
 * request to them. Bodies and replies are checked against their schemas where `spec` is written.
 */
export function maintainedList<A extends ZodType, U extends ZodType>(
  app: RouteApp,
  endpoint: Endpoint,
  spec: {
    path: string;
    key: string;
    params: ZodObject;
    item: ZodType;
    add: Action<A, []>;
    change: Action<U, [key: string]>;
    remove: { description: string; run: (actor: UserActor, key: string) => Promise<unknown> };
  },
) {
  const one = `${spec.path}/:${spec.key}`;
  const keyOf = (params: unknown) => (params as Record<string, string>)[spec.key] as string;
  const { add, change, remove } = spec;
  app.post(
    spec.path,
    endpoint(admins, {
      description: add.description,
      body: add.body as ZodType,
      response: { 201: spec.item },
    }),
    async (request, reply) => created(reply, add.run(request.actor, request.body as z.infer<A>)),
  );
  app.patch(
    one,
    endpoint(admins, {
      description: change.description,
      params: spec.params,
      body: change.body as ZodType,
      response: { 200: spec.item },
    }),
    async (request) => change.run(request.actor, keyOf(request.params), request.body as z.infer<U>),
  );
  app.delete(
    one,
    endpoint(admins, { description: remove.description, params: spec.params }),
    async (request, reply) => noContent(reply, remove.run(request.actor, keyOf(request.params))),
  );
}
