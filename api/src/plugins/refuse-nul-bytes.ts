import { AppError } from '@dictum/core/errors';
import type { FastifyInstance } from 'fastify';

// PostgreSQL text cannot hold U+0000: a NUL in any string that reaches a query fails inside the
// driver with a 500 whose message echoes the value (patient data) into the log. No field of this
// API has a use for it, so it is refused once, for every route, before validation: 400, stable
// code, nothing changed, nothing echoed.

/** Walks parsed JSON iteratively (a deeply nested body must not overflow the stack). */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

export function registerRefuseNulBytes(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
      throw new AppError('VALIDATION_FAILED', 'text must not contain NUL characters');
    }
  });
}
