import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliveryTargetStatus } from '../../api/src/services/deliveries/delivery-monitor';
import { filedDocument } from '../support/delivery-fixtures';
import { useTestApp } from '../support/use-test-app';

// The alert rule: a target is in alert once a delivery has been failing (and still retrying) for
// DELIVERY_ALERT_MINUTES (15 by default), or when a delivery stopped and needs attention.

const target = `alert-${randomUUID().slice(0, 6)}`;
const { t } = useTestApp({
  env: {
    ASR_ENGINE: 'none',
    EHR_TARGETS: JSON.stringify({ targets: [{ name: target, kind: 'folder', path: '/tmp/unused' }] }),
  },
});
const documentIds: string[] = [];

async function delivery(failingForMinutes: number | null) {
  const doc = await filedDocument(t, 'DOC-ALERT');
  documentIds.push(doc.id);
  return t.ctx.db.delivery.create({
    data: {
      documentId: doc.id,
      target,
      attempts: 3,
      failingSince: failingForMinutes === null ? null : new Date(Date.now() - failingForMinutes * 60_000),
    },
  });
}

const status = async () => (await deliveryTargetStatus(t.ctx)).find((s) => s.name === target);

describe('delivery alert', () => {
  it('raises the alert after 15 minutes of failing, not before', async () => {
    await delivery(null);
    expect(await status()).toMatchObject({ alert: false, needsAttention: 0, failingSince: null });
    const recent = await delivery(5);
    expect(await status()).toMatchObject({ alert: false, failingSince: recent.failingSince?.toISOString() });
    const old = await delivery(16);
    expect(await status()).toMatchObject({ alert: true, failingSince: old.failingSince?.toISOString() });
    // Delivered at last: no longer failing.
    await t.ctx.db.delivery.deleteMany({ where: { documentId: { in: documentIds } } });
    expect(await status()).toMatchObject({ alert: false, failingSince: null });
  });
});
