import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import type { Delivery } from '../../api/types';
import { fmtDateTime } from '../../lib/format';

export const TARGET_LABEL: Record<string, string> = {
  fhir: 'FHIR server',
  mllp: 'HL7 (MLLP)',
  folder: 'Drop folder',
};

export function hasPendingDelivery(d: { deliveries?: Delivery[] }) {
  return !!d.deliveries?.some((x) => x.status === 'PENDING');
}

/** The EHR deliveries of one filed note: status per target, last error, "Retry" for a failed one. */
export function DeliveryList({
  doc,
  canRetry,
  onRetried,
}: {
  doc: { id: string; number: string | number; deliveries?: Delivery[] };
  canRetry: boolean;
  onRetried: () => void | Promise<void>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { id: documentId, number: documentNumber, deliveries } = doc;
  if (!deliveries?.length) return <span className="muted small">No EHR targets</span>;

  async function retry(target: string) {
    setBusy(target);
    setError(null);
    try {
      await recordsApi.retryDelivery(documentId, target);
      await onRetried();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <ul className="delivery-list">
      {deliveries.map((x) => (
        <li key={`${x.target}-${x.event}`}>
          <span className="delivery-target">
            {TARGET_LABEL[x.target] ?? x.target}
            {x.event === 'SUPERSEDE' ? ' (replaced)' : x.event === 'RETRACT' ? ' (withdrawn)' : ''}
          </span>{' '}
          <span className={`badge delivery-${x.status.toLowerCase()}`}>{x.status}</span>
          {x.status === 'SENT' && x.deliveredAt && (
            <span className="muted small"> {fmtDateTime(x.deliveredAt)}</span>
          )}
          {x.status !== 'SENT' && x.attempts > 0 && (
            <span className="muted small">
              {' '}
              {x.attempts} attempt{x.attempts === 1 ? '' : 's'}
            </span>
          )}
          {x.lastError && x.status !== 'SENT' && (
            <span className="delivery-error small">
              {' '}
              Last error: <code>{x.lastError}</code>
            </span>
          )}
          {canRetry && x.status === 'FAILED' && (
            <button
              type="button"
              className="small"
              disabled={busy === x.target}
              aria-label={`Retry ${TARGET_LABEL[x.target] ?? x.target} delivery of document ${documentNumber}`}
              onClick={() => void retry(x.target)}
            >
              {busy === x.target ? 'Retrying…' : 'Retry'}
            </button>
          )}
        </li>
      ))}
      {error && (
        <li className="error" role="alert">
          {error}
        </li>
      )}
    </ul>
  );
}
