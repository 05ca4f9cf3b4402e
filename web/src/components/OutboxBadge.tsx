import { useOutbox } from '../recording/outbox';

/** How many of the physician's recordings wait on this device, shown beside "New dictation". */
export function OutboxBadge({ userId }: { userId: string }) {
  const { items } = useOutbox(userId);
  const n = items.filter((r) => r.takes.some((t) => t.chunks > 0)).length;
  if (!n) return null;
  return (
    <span className="badge outbox-count" title="Recordings on this device not sent yet">
      {n} unsent
    </span>
  );
}
