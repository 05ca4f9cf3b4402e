import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import { generateSecret, generateURI, verify } from 'otplib';
import { openSecret, sealSecret } from '../../auth/secret-box';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';

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
  if (!user.mfaSecret) throw new AppError('INVALID_STATE', 'enrol a second factor first');
  const secret = openSecret(user.mfaSecret, ctx.config.auth.secretKey);
  const result = /^\d{6}$/.test(code)
    ? await verify({ secret, token: code, epochTolerance: 30 })
    : { valid: false as const };
  const step = 'timeStep' in result ? BigInt(result.timeStep as number) : null;
  const replayed = step !== null && user.mfaLastStep !== null && step <= user.mfaLastStep;
  if (!result.valid || replayed) {
    await ctx.db.$transaction(async (tx) => {
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { failedLogins: { increment: 1 } },
        select: { failedLogins: true },
      });
      await recordAuditEvent(tx, actor, {
        action: 'auth.mfa_failed',
        objectType: 'user',
        objectId: user.id,
        details: { replayed },
      });
      if (updated.failedLogins >= ctx.config.auth.lockoutThreshold) {
        await tx.user.update({
          where: { id: user.id },
          data: { lockedUntil: new Date(Date.now() + ctx.config.auth.lockoutMs), failedLogins: 0 },
        });
        await tx.session.deleteMany({ where: { userId: user.id } });
        await recordAuditEvent(tx, actor, { action: 'auth.lockout', objectType: 'user', objectId: user.id });
      }
    });
    throw new AppError('INVALID_CREDENTIALS', 'the code is not valid');
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { mfaEnabled: true, mfaLastStep: step, failedLogins: 0 },
    });
    if (sessionId) await tx.session.update({ where: { id: sessionId }, data: { mfaPending: false } });
    await recordAuditEvent(tx, actor, {
      action: user.mfaEnabled ? 'auth.mfa_verified' : 'auth.mfa_enrolled',
      objectType: 'user',
      objectId: user.id,
    });
  });
  return { mfaEnabled: true };
}
