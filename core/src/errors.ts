// One error vocabulary for the API and the worker. Each code has one HTTP status; messages never
// carry patient data (they reach logs and clients).

// The codes and their statuses are part of the REST contract (contracts/src/errors.ts).
import { type AppErrorCode, appErrorStatus } from '@dictum/contracts/errors';

export { type AppErrorCode, appErrorStatus };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = appErrorStatus[code];
  }
}

export const notFound = (what = 'resource') => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = () => new AppError('FORBIDDEN', 'your role may not do this');
export const invalidState = (message: string) => new AppError('INVALID_STATE', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
