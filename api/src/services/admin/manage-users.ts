import type { AdminUser } from '@dictum/contracts/admin';
import type { Actor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import { isValidNpi } from '@dictum/core/domain/identity/npi';
import { AppError, notFound } from '@dictum/core/errors';
import type { Db } from '@dictum/core/infra/db/client';
import { revokeUserTokens } from '../auth/api-tokens';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords';
import { orDuplicate } from '../writes/unique-write';

export const toUserView = (u: {
  id: string;
  username: string;
  role: Role;
  displayName: string | null;
  credentials?: string | null;
  npi?: string | null;
  authorPreferences?: string | null;
  disabled: boolean;
  lockedUntil: Date | null;
  mfaEnabled: boolean;
  createdAt: Date;
}): AdminUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  displayName: u.displayName,
  credentials: u.credentials ?? null,
  npi: u.npi ?? null,
  authorPreferences: u.authorPreferences ?? null,
  disabled: u.disabled,
  locked: u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now(),
  mfaEnabled: u.mfaEnabled,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(db: Db) {
  const users = await db.user.findMany({ orderBy: { username: 'asc' } });
  return users.map(toUserView);
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: {
    username: string;
    role: Role;
    password: string;
    displayName?: string;
    credentials?: string;
    npi?: string;
    ehrProviderIds?: { system: string; value: string }[];
  },
) {
  if (input.npi && !isValidNpi(input.npi))
    throw new AppError('VALIDATION_FAILED', 'npi must be a valid 10-digit National Provider Identifier');
  assertPasswordPolicy(input.username, input.password);
  const passwordHash = await hashPassword(input.password);
  return orDuplicate(
    db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          username: input.username,
          role: input.role,
          displayName: input.displayName ?? null,
          credentials: input.credentials || null,
          npi: input.npi || null,
          ...(input.ehrProviderIds?.length ? { ehrProviderIds: input.ehrProviderIds } : {}),
          passwordHash,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: 'user.created',
        objectType: 'user',
        objectId: user.id,
        details: { role: input.role },
      });
      return toUserView(user);
    }),
    'this username (or NPI) is taken',
  );
}

export async function updateUser(
  db: Db,
  actor: Actor,
  userId: string,
  input: {
    disabled?: boolean;
    password?: string;
    unlock?: boolean;
    resetMfa?: boolean;
    displayName?: string | null;
    credentials?: string | null;
    npi?: string | null;
    role?: Role;
    authorPreferences?: string | null;
    /** The receiving EHRs' ids for this provider; [] clears them. */
    ehrProviderIds?: { system: string; value: string }[];
  },
) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound('user');
  const profile = profileChange(user, input);
  if (profile.role !== undefined && actor.kind === 'user' && userId === actor.userId)
    throw new AppError('VALIDATION_FAILED', 'an administrator cannot change their own role');
  if (profile.npi && (await db.user.findUnique({ where: { npi: profile.npi }, select: { id: true } })))
    throw new AppError('DUPLICATE', 'another user has this NPI');
  if (input.password !== undefined) assertPasswordPolicy(user.username, input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { id: userId },
      data: {
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash
          ? { passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null }
          : {}),
        ...(input.unlock ? { failedLogins: 0, lockedUntil: null, mfaFailures: 0, mfaLockedAt: null } : {}),
        // A lost authenticator: the user enrols a new one at the next sign-in.
        ...(input.resetMfa
          ? { mfaEnabled: false, mfaSecret: null, mfaLastStep: null, mfaFailures: 0, mfaLockedAt: null }
          : {}),
        ...profile,
        ...(input.ehrProviderIds !== undefined ? { ehrProviderIds: input.ehrProviderIds } : {}),
      },
    });
    // Which profile fields changed (names only: the values are personal data, not for the log).
    if (Object.keys(profile).length)
      await recordAuditEvent(tx, actor, {
        action: profile.role ? 'user.role_changed' : 'user.updated',
        objectType: 'user',
        objectId: userId,
        details: {
          fields: Object.keys(profile),
          ...(profile.role ? { from: user.role, to: profile.role } : {}),
        },
      });
    if (input.ehrProviderIds !== undefined)
      await recordAuditEvent(tx, actor, {
        action: 'user.updated',
        objectType: 'user',
        objectId: userId,
        details: { fields: ['ehrProviderIds'] },
      });
    if (input.disabled !== undefined) {
      await recordAuditEvent(tx, actor, {
        action: input.disabled ? 'user.disabled' : 'user.enabled',
        objectType: 'user',
        objectId: userId,
      });
    }
    if (passwordHash) {
      // Whoever knew the old password may have minted nothing that outlives the reset.
      const revoked = await revokeUserTokens(tx, userId);
      await recordAuditEvent(tx, actor, {
        action: 'auth.password_reset',
        objectType: 'user',
        objectId: userId,
        details: { tokensRevoked: revoked },
      });
    }
    if (input.unlock)
      await recordAuditEvent(tx, actor, { action: 'auth.unlocked', objectType: 'user', objectId: userId });
    if (input.resetMfa)
      await recordAuditEvent(tx, actor, { action: 'auth.mfa_reset', objectType: 'user', objectId: userId });
    // A disabled user, a reset password or second factor ends every session, in the same commit;
    // so does a new role (sessions carry the old one).
    if (input.disabled || passwordHash || input.resetMfa || profile.role)
      await tx.session.deleteMany({ where: { userId } });
    return row;
  });
  return toUserView(updated);
}

/** The profile fields that differ from the stored ones (empty strings clear a field). */
type ProfileText = 'displayName' | 'credentials' | 'npi' | 'authorPreferences';
function profileChange(
  user: Record<ProfileText, string | null> & { role: Role },
  input: Partial<Record<ProfileText, string | null>> & { role?: Role },
) {
  const out: Partial<Record<ProfileText, string | null>> & { role?: Role } = {};
  for (const k of ['displayName', 'credentials', 'npi', 'authorPreferences'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    const next = v === null || v === '' ? null : v;
    if (next !== user[k]) out[k] = next;
  }
  if (out.npi && !isValidNpi(out.npi))
    throw new AppError('VALIDATION_FAILED', 'npi must be a valid 10-digit National Provider Identifier');
  if (input.role !== undefined && input.role !== user.role) out.role = input.role;
  return out;
}
