import { type Actor, systemActor } from '@dictum/core/actor';
import { auditStandalone, recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import { draftKeyFor } from './draft-key';
import { localLoginAllowed, localLoginRefused } from './oidc/local-login-policy';
import { lockWhenOverThreshold, takePasswordAttempt } from './password-attempts';
import { verifyDecoy, verifyPassword } from './passwords';
import { createSession, destroySession, type SessionUser } from './sessions';

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  requestId: string;
  /** The session token the browser still held: it ends here (a new session id at every sign-in). */
  previousSessionToken?: string;
}

const invalid = () => new AppError('INVALID_CREDENTIALS', 'invalid username or password');

/**
 * Password sign-in with account lockout: after `lockoutThreshold` consecutive failures the account
 * is locked for `lockoutMs`, even for the right password. Failures never say whether the user exists.
 */
export async function login(ctx: AppContext, input: LoginInput) {
  const { db, config } = ctx;
  const user = await db.user.findUnique({ where: { username: input.username } });
  const actorFor = (u: { id: string; username: string; role: SessionUser['role'] }) => ({
    kind: 'user' as const,
    userId: u.id,
    username: u.username,
    role: u.role,
    ip: input.ip,
    requestId: input.requestId,
  });

  if (!user || user.disabled) {
    await verifyDecoy(input.password);
    await auditStandalone(
      db,
      { ...systemActor('auth', input.requestId) },
      {
        action: 'auth.login_failed',
        objectType: 'user',
        details: {
          username: input.username.slice(0, 100),
          reason: user ? 'disabled' : 'unknown_user',
          ip: input.ip,
        },
      },
    );
    throw invalid();
  }
  // A password is compared only after it took one of the threshold's attempts (conditional update):
  // parallel guesses cannot check more passwords than the threshold, nor clear a lock another guess
  // set. While the account is locked no password is compared at all, and the answer is the same as
  // for a wrong password (same text, same hashing time): the lock stops guessing instead of turning
  // into an oracle for the right password, and tells an anonymous caller nothing about the account.
  const reserved = user.mfaLockedAt === null && (await takePasswordAttempt(ctx, user, actorFor(user)));
  if (!reserved) {
    await verifyDecoy(input.password);
    await auditStandalone(db, actorFor(user), {
      action: 'auth.login_refused_locked',
      objectType: 'user',
      objectId: user.id,
      details: { reason: user.mfaLockedAt ? 'second_factor' : 'password' },
    });
    throw invalid();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordPasswordFailure(ctx, user, actorFor(user));
    throw invalid();
  }
  // The right password gives its attempt back, whatever is refused next.
  await db.user.updateMany({ where: { id: user.id, lockedUntil: null }, data: { failedLogins: 0 } });

  // AUTH_LOCAL_LOGIN (single sign-on beside break-glass admins): decided after the password.
  if (!localLoginAllowed(config, user.role)) {
    await auditStandalone(db, actorFor(user), {
      action: 'auth.login_refused_local_disabled',
      objectType: 'user',
      objectId: user.id,
      details: { mode: config.localLogin },
    });
    throw localLoginRefused();
  }

  // A second factor is due when the user enrolled one, or their role requires one (then the
  // session can only enrol until it is verified).
  const mfaEnrollmentRequired = !user.mfaEnabled && config.auth.mfaRequiredRoles.includes(user.role);
  const mfaPending = user.mfaEnabled || mfaEnrollmentRequired;
  // (The password's count was reset above, conditionally, so a lock set meanwhile by a parallel
  // guess stands; wrong second-factor codes keep their own count across sign-ins.)
  // One commit: no session exists whose sign-in is not in the audit trail.
  const session = await db.$transaction(async (tx) => {
    const created = await createSession(tx, config.auth, user.id, { ip: input.ip, mfaPending });
    await recordAuditEvent(tx, actorFor(user), {
      action: mfaPending ? 'auth.login_password_ok' : 'auth.login',
      objectType: 'user',
      objectId: user.id,
    });
    return created;
  });
  if (input.previousSessionToken) await destroySession(db, input.previousSessionToken);
  return {
    ...session,
    mfaRequired: mfaPending,
    mfaEnrollmentRequired,
    user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName },
    /** Encrypts unsaved editor text in the browser; withheld until the second factor is done. */
    draftKey: mfaPending ? null : await draftKeyFor(ctx, user.id),
  };
}

/** Audits a wrong password (counted when its attempt was taken); the threshold locks the account. */
async function recordPasswordFailure(ctx: AppContext, user: { id: string }, actor: Actor): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const { failedLogins } = await tx.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { failedLogins: true },
    });
    await recordAuditEvent(tx, actor, {
      action: 'auth.login_failed',
      objectType: 'user',
      objectId: user.id,
      details: { reason: 'wrong_password', failures: failedLogins },
    });
    await lockWhenOverThreshold(ctx, tx, user.id, actor);
  });
}
