import type { DictationStatus } from '../api/types';
import { STATUS_LABEL } from '../lib/format';

export function StatusBadge({
  status,
  reason,
}: {
  status: DictationStatus | string;
  reason?: string | null;
}) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} title={reason ?? undefined}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <span className={`badge prio-${priority.toLowerCase()}`}>{priority === 'STAT' ? 'STAT' : 'Routine'}</span>
  );
}
