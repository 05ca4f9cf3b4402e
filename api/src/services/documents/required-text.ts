import { AppError } from '@dictum/core/errors';

/** A free-text field an action needs (a reason, a comment), trimmed; 400 when it is blank. */
export function requiredText(value: string | undefined, field: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new AppError('VALIDATION_FAILED', `invalid or missing: ${field}`);
  return text;
}
