import { AppError } from '@dictum/core/errors';

/** A write broke a unique constraint (Prisma P2002): two rows would have the same key. */
export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

/** Awaits a write; when it would duplicate a unique key, the caller hears 409 DUPLICATE with `message`. */
export async function orDuplicate<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('DUPLICATE', message);
    throw error;
  }
}
