import type { Actor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { Tx } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';

// The password lockout's attempts, shared by everything that checks a password (sign-in, the
// password typed to sign). A password is compared only after it took one of the threshold's
// attempts by a conditional update, so parallel guesses cannot compare more passwords than the
// threshold, nor clear a lock another guess has just set. A right password resets the count
// (the caller's business); a wrong one stays counted and the one that reaches the threshold locks.

// A count at the threshold with no lock and no write for this long is a failure whose lock was lost.
const LOST_LOCK_AFTER_MS = 60_000;

/**
 * Takes one attempt under the lockout threshold; false while the account is locked or its last
 * attempts are still being checked (then it answers as locked). An expired lock ends here, with
 * its count. Only conditional updates: a burst of guesses opens no transaction here.
 */
export async function takePasswordAttempt(
  ctx: AppContext,
  user: { id: string; failedLogins: number; lockedUntil: Date | null; updatedAt: Date },
  actor: Actor,
): Promise<boolean> {
  const { db, config } = ctx;
  const now = Date.now();
  await db.user.updateMany({
    where: { id: user.id, lockedUntil: { lte: new Date(now) } },
    data: { lockedUntil: null, failedLogins: 0 },
  });
  const { count } = await db.user.updateMany({
    where: { id: user.id, lockedUntil: null, failedLogins: { lt: config.auth.lockoutThreshold } },
    data: { failedLogins: { increment: 1 } },
  });
  if (count === 1) return true;
  const staleBefore = new Date(now - LOST_LOCK_AFTER_MS);
  if (
    user.lockedUntil === null &&
    user.failedLogins >= config.auth.lockoutThreshold &&
    user.updatedAt < staleBefore
  ) {
    await db.$transaction((tx) => lockWhenOverThreshold(ctx, tx, user.id, actor, staleBefore));
  }
  return false;
}

/** Locks for `lockoutMs` once the count reaches the threshold (conditional: once; audited); true if so. */
export async function lockWhenOverThreshold(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  actor: Actor,
  staleBefore?: Date,
): Promise<boolean> {
  const { auth } = ctx.config;
  const { count } = await tx.user.updateMany({
    where: {
      id: userId,
      lockedUntil: null,
      failedLogins: { gte: auth.lockoutThreshold },
      ...(staleBefore ? { updatedAt: { lt: staleBefore } } : {}),
    },
    data: { lockedUntil: new Date(Date.now() + auth.lockoutMs), failedLogins: 0 },
  });
  if (count === 0) return false;
  await recordAuditEvent(tx, actor, {
    action: 'auth.lockout',
    objectType: 'user',
    objectId: userId,
    details: { minutes: auth.lockoutMs / 60_000, reason: 'password' },
  });
  return true;
}
