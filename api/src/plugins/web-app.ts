import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { declareAccess } from './authenticate';

/**
 * Serves the built web app at `/`, and answers every unmatched path: the SPA's index.html for a
 * browser navigating to a client-side route, otherwise a 404 that names neither the path nor the
 * query (fastify's default 404 echoes and logs the URL, and URLs can hold MRNs).
 */
export async function registerWebApp(app: FastifyInstance, distDir: string | null) {
  const root = distDir ? path.resolve(distDir) : null;
  const index = root ? path.join(root, 'index.html') : null;
  const hasBuild = index !== null && existsSync(index);
  if (hasBuild && root) {
    // In its own scope, so the web app's files are declared public without touching other routes.
    await app.register(async (files) => {
      declareAccess(files, { public: true, cacheable: true });
      await files.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (hasBuild && index && request.method === 'GET' && !request.url.startsWith('/api/') && wantsHtml) {
      return reply.type('text/html').send(createReadStream(index));
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
}
