export function fmtClock(sec: number | null | undefined, tenths = false): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '--:--';
  const neg = sec < 0;
  let s = Math.abs(sec);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = tenths ? s.toFixed(1).padStart(4, '0') : String(Math.floor(s)).padStart(2, '0');
  const body = h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
  return neg ? `-${body}` : body;
}

/** "2 h 05 m left" / "overdue 12 m" for a turnaround deadline. */
export function timeLeft(
  dueAt: string,
  now = Date.now(),
): { text: string; overdue: boolean; urgent: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const overdue = ms < 0;
  const mins = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const span = d ? `${d} d ${h} h` : h ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m`;
  return { text: overdue ? `overdue ${span}` : `${span} left`, overdue, urgent: !overdue && ms < 3600_000 };
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const STATUS_LABEL: Record<string, string> = {
  UPLOADED: 'Uploaded',
  QUEUED: 'Queued',
  TRANSCRIBING: 'Transcribing',
  TRANSCRIPTION_FAILED: 'Manual transcription',
  DRAFT_READY: 'Draft ready',
  IN_EDIT: 'In editing',
  FINALIZED: 'Finalized',
  SIGNED: 'Signed',
  FILED: 'Filed',
  AMENDED: 'Amended',
  CANCELLED: 'Cancelled',
};

export function uuid(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
