import { auditStandalone, recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { verifyMfa } from '../auth/mfa';
import { lockWhenOverThreshold, takePasswordAttempt } from '../auth/password-attempts';
import { hasLocalPassword, verifyPassword } from '../auth/passwords';
import { reauthenticationMethod } from '../auth/reauthentication-method';

/** E-signature practice: a signature needs a sign-in or a password typed within this window. */
export const SIGNATURE_REAUTH_WINDOW_MS = 5 * 60_000;

/** How the request was authenticated, as the route knows it. */
export interface RequestAuth {
  /** The cookie session, when the request came with one (API tokens have none). */
  sessionId: string | null;
}

/**
 * Passes when the caller typed their password or a second-factor code now, or authenticated for this
 * session within the last five minutes (a password sign-in; for single sign-on, the provider's
 * `auth_time` — a sign-in the provider answered from an older session of its own does not count);
 * otherwise 403 REAUTHENTICATION_REQUIRED with `reauthenticateWith` ('password', or 'sso' for
 * accounts without a password). An API token alone never signs: a device must not sign on a
 * physician's behalf.
 */
export async function assertRecentAuthentication(
  ctx: AppContext,
  actor: UserActor,
  auth: RequestAuth,
  password: string | undefined,
  code?: string,
): Promise<'password' | 'second-factor' | 'session'> {
  if (password !== undefined && password !== '') {
    await checkPassword(ctx, actor, password);
    return 'password';
  }
  if (code) {
    // The second factor's own check (attempt counter, lock, no replay of a used code), audited.
    try {
      await verifyMfa(ctx, actor, undefined, code);
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') {
        throw new AppError('REAUTHENTICATION_REQUIRED', 'the code is not valid; signing needs a fresh code');
      }
      throw error;
    }
    return 'second-factor';
  }
  if (auth.sessionId) {
    const session = await ctx.db.session.findUnique({
      where: { id: auth.sessionId },
      select: { authenticatedAt: true, userId: true },
    });
    if (
      session?.userId === actor.userId &&
      session.authenticatedAt &&
      Date.now() - session.authenticatedAt.getTime() <= SIGNATURE_REAUTH_WINDOW_MS
    )
      return 'session';
  }
  const user = await ctx.db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { passwordHash: true },
  });
  throw reauthenticationRequired(ctx, user.passwordHash);
}

/** The refusal, worded for how this account re-authenticates (password, or the provider). */
function reauthenticationRequired(ctx: AppContext, passwordHash: string): AppError {
  if (reauthenticationMethod(ctx.config, passwordHash) === 'sso') {
    return new AppError(
      'REAUTHENTICATION_REQUIRED',
      `signing needs a sign-in within the last 5 minutes: sign in again with ${ctx.config.oidc?.providerName}`,
      { reauthenticateWith: 'sso' },
    );
  }
  return new AppError(
    'REAUTHENTICATION_REQUIRED',
    'signing needs your password (or a sign-in within the last 5 minutes)',
    {
      reauthenticateWith: 'password',
    },
  );
}

/**
 * The password typed to sign counts like a sign-in: it takes one of the account's failed-login
 * attempts before it is compared (a stolen session cannot be used to guess the password, not even
 * with parallel requests) and a wrong one locks the account at the same threshold.
 */
async function checkPassword(ctx: AppContext, actor: UserActor, password: string): Promise<void> {
  const user = await ctx.db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { id: true, passwordHash: true, failedLogins: true, lockedUntil: true, updatedAt: true },
  });
  // A single sign-on account has no password to type: no attempt is counted (its owner must not lock
  // themselves out by trying their hospital password here), and the answer says what to do instead.
  if (!hasLocalPassword(user.passwordHash)) throw reauthenticationRequired(ctx, user.passwordHash);
  if (!(await takePasswordAttempt(ctx, user, actor))) {
    await auditStandalone(ctx.db, actor, {
      action: 'auth.signature_password_refused_locked',
      objectType: 'user',
      objectId: actor.userId,
    });
    throw locked();
  }
  if (await verifyPassword(user.passwordHash, password)) {
    await ctx.db.user.updateMany({
      where: { id: actor.userId, lockedUntil: null },
      data: { failedLogins: 0 },
    });
    return;
  }
  const lockedNow = await ctx.db.$transaction(async (tx) => {
    const lockedHere = await lockWhenOverThreshold(ctx, tx, actor.userId, actor);
    await recordAuditEvent(tx, actor, {
      action: 'auth.signature_password_failed',
      objectType: 'user',
      objectId: actor.userId,
      details: { locked: lockedHere },
    });
    return lockedHere;
  });
  if (lockedNow) throw locked();
  throw new AppError('REAUTHENTICATION_REQUIRED', 'the password is not correct; signing needs your password');
}

const locked = () =>
  new AppError('ACCOUNT_LOCKED', 'this account is locked for a while after too many wrong passwords');
