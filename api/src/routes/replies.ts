import type { FastifyReply } from 'fastify';

// Answers other than 200 OK, the same wherever a route gives them.

/** 201 Created, with the new object. */
export const created = async (reply: FastifyReply, result: Promise<unknown>) =>
  reply.status(201).send(await result);

/** 202 Accepted: queued, done in the background. */
export const accepted = async (reply: FastifyReply, result: Promise<unknown>) =>
  reply.status(202).send(await result);

/** 204 No Content, once the change is done. */
export const noContent = async (reply: FastifyReply, done: Promise<unknown>) => {
  await done;
  return reply.status(204).send();
};
