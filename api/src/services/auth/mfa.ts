import { auditStandalone, recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import { generateSecret, generateURI, verify } from 'otplib';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { openSecret, sealSecret } from './secret-box';

// TOTP second factor (RFC 6238). Enrolment stores a new secret unconfirmed; the first valid code
// confirms it. A code's time step can be used once (no replay within its window).

export async function enrollMfa(ctx: AppContext, actor: UserActor) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (user.mfaEnabled)
    throw new AppError('CONFLICT', 'a second factor is already enrolled; ask an admin to reset it');
  const secret = generateSecret();
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { mfaSecret: sealSecret(secret, ctx.config.auth.secretKey), mfaLastStep: null },
    });
    await recordAuditEvent(tx, actor, {
      action: 'auth.mfa_enrollment_started',
      objectType: 'user',
      objectId: user.id,
    });
  });
  return {
    secret,
    otpauthUrl: generateURI({ secret, issuer: ctx.config.organization.name, label: user.username }),
  };
}

export async function verifyMfa(
  ctx: AppContext,
  actor: UserActor,
  sessionId: string | undefined,
  code: string,
) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (user.mfaLockedAt) {
    throw new AppError('ACCOUNT_LOCKED', 'this account is locked; an administrator must unlock it');
  }
  if (!user.mfaSecret) throw new AppError('INVALID_STATE', 'enrol a second factor first');
  // Each check of a code first takes one of the `mfaLockoutThreshold` attempts, by a conditional
  // update: parallel guesses (many sessions, many addresses, all at once) cannot check more codes
  // than the threshold between a lock and its unlock. A good code resets the count.
  const reserved = await ctx.db.user.updateMany({
    where: { id: user.id, mfaLockedAt: null, mfaFailures: { lt: ctx.config.auth.mfaLockoutThreshold } },
    data: { mfaFailures: { increment: 1 } },
  });
  if (reserved.count === 0) {
    const now = await ctx.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { mfaLockedAt: true, mfaFailures: true, updatedAt: true },
    });
    // At the threshold, unlocked and untouched for a while: a failure whose lock was lost.
    const staleBefore = new Date(Date.now() - LOST_LOCK_AFTER_MS);
    const lockedNow =
      now.mfaLockedAt !== null ||
      (now.mfaFailures >= ctx.config.auth.mfaLockoutThreshold &&
        now.updatedAt < staleBefore &&
        (await lockWhenOverThreshold(ctx, actor, staleBefore)));
    if (lockedNow) {
      throw new AppError('ACCOUNT_LOCKED', 'this account is locked; an administrator must unlock it');
    }
    // Attempts still being checked hold the threshold's last places: this code is neither checked
    // nor counted.
    throw new AppError('INVALID_CREDENTIALS', 'the code is not valid');
  }
  const secret = openSecret(user.mfaSecret, ctx.config.auth.secretKey);
  const result = /^\d{6}$/.test(code)
    ? await verify({ secret, token: code, epochTolerance: 30 })
    : { valid: false as const };
  const step = result.valid && 'timeStep' in result ? BigInt(result.timeStep as number) : null;
  const accepted =
    step !== null &&
    (await ctx.db.$transaction(async (tx) => {
      // Conditional on the last used step: of parallel sign-ins with one code, exactly one wins.
      const { count } = await tx.user.updateMany({
        where: { id: user.id, mfaLockedAt: null, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] },
        data: { mfaEnabled: true, mfaLastStep: step, mfaFailures: 0 },
      });
      if (count === 0) return false;
      if (sessionId) await tx.session.update({ where: { id: sessionId }, data: { mfaPending: false } });
      await recordAuditEvent(tx, actor, {
        action: user.mfaEnabled ? 'auth.mfa_verified' : 'auth.mfa_enrolled',
        objectType: 'user',
        objectId: user.id,
      });
      return true;
    }));
  if (!accepted) {
    await recordMfaFailure(ctx, actor, { replayed: result.valid });
    throw new AppError('INVALID_CREDENTIALS', 'the code is not valid');
  }
  return { mfaEnabled: true };
}

/**
 * Wrong codes have their own counter (counted when the attempt was taken), which a right password
 * never resets: whoever holds the password gets `mfaLockoutThreshold` guesses in all, across
 * sign-ins and addresses, then the account locks until an admin unlocks it, and every session of
 * the user ends.
 */
async function recordMfaFailure(ctx: AppContext, actor: UserActor, details: { replayed: boolean }) {
  const { mfaFailures } = await ctx.db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { mfaFailures: true },
  });
  await auditStandalone(ctx.db, actor, {
    action: 'auth.mfa_failed',
    objectType: 'user',
    objectId: actor.userId,
    details: { ...details, failures: mfaFailures },
  });
  await lockWhenOverThreshold(ctx, actor);
}

const LOST_LOCK_AFTER_MS = 60_000;

/** Locks once (conditional update), ends the user's sessions and audits it, in one commit. */
async function lockWhenOverThreshold(
  ctx: AppContext,
  actor: UserActor,
  staleBefore?: Date,
): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: {
        id: actor.userId,
        mfaLockedAt: null,
        mfaFailures: { gte: ctx.config.auth.mfaLockoutThreshold },
        ...(staleBefore ? { updatedAt: { lt: staleBefore } } : {}),
      },
      data: { mfaLockedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.session.deleteMany({ where: { userId: actor.userId } });
    await recordAuditEvent(tx, actor, {
      action: 'auth.lockout',
      objectType: 'user',
      objectId: actor.userId,
      details: { reason: 'second_factor' },
    });
    return true;
  });
}
