// Number and duration formatting for the admin dashboards and records reports.

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h"; an em dash for null. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const mins = Math.round(s / 60);
  if (mins < 60) return `${mins} min`;
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  return d ? `${d} d ${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** A 0..1 fraction as a percentage with one decimal; an em dash for null. */
export function fmtPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)}%`;
}

export function fmtInt(n: number): string {
  return n.toLocaleString();
}

/** "2026-11-30" for an <input type="date"> default. */
export function isoDay(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** <input type="datetime-local"> value (local time) → ISO date-time, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
