import type { Actor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import type { AppContext } from '../../../context';
import { isUniqueViolation } from '../../writes/unique-write';
import { NO_LOCAL_PASSWORD } from '../passwords';

export interface SsoIdentity {
  issuer: string;
  subject: string;
  role: Role;
  displayName: string | null;
  npi: string | null;
  usernameCandidates: string[];
}

export interface ProvisionedUser {
  id: string;
  username: string;
  role: Role;
  displayName: string | null;
  disabled: boolean;
}

const select = { id: true, username: true, role: true, displayName: true, disabled: true, npi: true };

/**
 * Finds the user by the provider's issuer + `sub` (stable; names and emails change), creating them
 * on first sign-in (just in time) and refreshing role, name and NPI at each sign-in. Creation and
 * each change are audited in the same transaction. A disabled user is returned unchanged: the
 * caller refuses them.
 */
export async function provisionSsoUser(
  ctx: AppContext,
  identity: SsoIdentity,
  meta: { ip: string; requestId: string },
): Promise<ProvisionedUser & { created: boolean }> {
  const where = { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } };
  const existing = await ctx.db.user.findUnique({ where, select });
  const actorOf = (u: { id: string; username: string; role: Role }): Actor => ({
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    ip: meta.ip,
    requestId: meta.requestId,
  });
  // An NPI already held by another user is not moved (that needs an admin): it is left out.
  const npiFree = async (userId?: string) => {
    if (!identity.npi) return false;
    const holder = await ctx.db.user.findUnique({ where: { npi: identity.npi }, select: { id: true } });
    return !holder || holder.id === userId;
  };

  if (existing) {
    if (existing.disabled) return { ...existing, created: false };
    const data: { role?: Role; displayName?: string; npi?: string } = {};
    if (existing.role !== identity.role) data.role = identity.role;
    if (identity.displayName && identity.displayName !== existing.displayName)
      data.displayName = identity.displayName;
    if (identity.npi && identity.npi !== existing.npi && (await npiFree(existing.id)))
      data.npi = identity.npi;
    if (!Object.keys(data).length) return { ...existing, created: false };
    return ctx.db.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id: existing.id }, data, select });
      if (data.role) {
        await recordAuditEvent(tx, actorOf(user), {
          action: 'user.sso_role_changed',
          objectType: 'user',
          objectId: user.id,
          details: { from: existing.role, to: data.role },
        });
      }
      if (data.displayName || data.npi) {
        await recordAuditEvent(tx, actorOf(user), {
          action: 'user.sso_profile_updated',
          objectType: 'user',
          objectId: user.id,
          details: { fields: Object.keys(data).filter((k) => k !== 'role') },
        });
      }
      return { ...user, created: false };
    });
  }

  const npi = (await npiFree()) ? identity.npi : null;
  for (const username of identity.usernameCandidates) {
    const taken = await ctx.db.user.findUnique({ where: { username }, select: { id: true } });
    if (taken) continue;
    try {
      return await ctx.db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: {
            username,
            role: identity.role,
            displayName: identity.displayName,
            npi,
            passwordHash: NO_LOCAL_PASSWORD,
            oidcIssuer: identity.issuer,
            oidcSubject: identity.subject,
          },
          select,
        });
        await recordAuditEvent(tx, actorOf(user), {
          action: 'user.sso_provisioned',
          objectType: 'user',
          objectId: user.id,
          details: { role: user.role, npi: npi !== null },
        });
        return { ...user, created: true };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same person's parallel first sign-in created them a moment ago: use that row.
      const raced = await ctx.db.user.findUnique({ where, select });
      if (raced) return { ...raced, created: false };
    }
  }
  throw new Error('no free username for a new single sign-on user');
}
