/** Whole days since `iso` (0 on the same day), for "waiting for signature" ages. */
export function daysWaiting(iso: string | null | undefined, now = Date.now()): number {
  if (!iso) return 0;
  const ms = now - new Date(iso).getTime();
  return ms > 0 ? Math.floor(ms / 86_400_000) : 0;
}
