import { AppError } from '@dictum/core/errors';

/**
 * A report bound: `YYYY-MM-DD` (UTC; a date-only `to` includes that whole day) or an ISO date-time
 * (a `to` date-time is exclusive).
 */
export function parseReportBound(value: string, which: 'from' | 'to'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
      throw new AppError('VALIDATION_FAILED', `${which} is not a valid date`);
    }
    return which === 'to' ? new Date(day.getTime() + 86_400_000) : day;
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new AppError('VALIDATION_FAILED', `${which} is not a valid date`);
  return at;
}

/** [from, to) with defaults: the last `defaultDays` days up to now. */
export function reportPeriod(query: { from?: string; to?: string }, defaultDays: number) {
  const now = new Date();
  const to = query.to ? parseReportBound(query.to, 'to') : now;
  const from = query.from
    ? parseReportBound(query.from, 'from')
    : new Date(to.getTime() - defaultDays * 86_400_000);
  if (from.getTime() >= to.getTime()) throw new AppError('VALIDATION_FAILED', 'from must be before to');
  return { from, to };
}
