import { enqueue } from '@dictum/core/infra/queue/queues';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app';
import { signedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// /metrics reports queue depth per queue and state; the BullMQ dashboard at /admin/queues is for
// ADMIN only.

const { t } = useTestApp({ env: { AUTH_MFA_REQUIRED_ROLES: '' } });

describe('queue metrics', () => {
  it('reports jobs per queue and state, read from Redis on each scrape', async () => {
    const read = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const waiting = (text: string) =>
      Number(/^dictum_queue_jobs\{queue="delivery",state="waiting"\} (\d+)/m.exec(text)?.[1]);
    const before = waiting(await read());
    await enqueue(t.ctx.queues, 'deliver-document', { deliveryId: crypto.randomUUID(), round: 0 });
    const text = await read();
    expect(waiting(text)).toBe(before + 1);
    for (const queue of ['transcription', 'delivery', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect(text).toMatch(
          new RegExp(`^dictum_queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+`, 'm'),
        );
      }
    }
    expect(text).toMatch(/^dictum_queue_metrics_up 1$/m);
    await t.ctx.queues.delivery.obliterate({ force: true });
  });
});

describe('queue dashboard', () => {
  it('is refused without a session (401) and to every role but ADMIN (403)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode).toBe(401);
    for (const role of ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] as const) {
      const user = await signedInUser(t, role);
      const page = await user.request({ method: 'GET', url: '/admin/queues' });
      expect(page.statusCode).toBe(403);
      expect(page.json().error.code).toBe('FORBIDDEN');
      expect((await user.request({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode).toBe(403);
    }
  });

  it('shows every queue to an ADMIN, read-only', async () => {
    const admin = await signedInUser(t, 'ADMIN');
    const page = await admin.request({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/"');
    const api = await admin.request({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(api.statusCode).toBe(200);
    const queues = api.json().queues as { name: string; readOnlyMode: boolean }[];
    expect(queues.map((q) => q.name).sort()).toEqual(['delivery', 'maintenance', 'transcription']);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('coexists with the web app (both register @fastify/static)', async () => {
    const app = await buildApp(t.ctx, { serveWebApp: true });
    await app.ready();
    try {
      expect((await app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
