import { AppError } from '@dictum/core/errors';
import type { AppConfig } from '@dictum/core/infra/config';
import type { Db, Tx } from '@dictum/core/infra/db/client';
import { type ApiScope, DEVICE_SCOPES } from './api-scopes';
import type { SessionUser } from './sessions';
import { randomToken, sha256Hex } from './tokens';

// Device and integration tokens: shown once, stored as a hash, scoped, expiring, revocable, last
// use recorded. Never for admins: administration needs a person with a second factor.
export const API_TOKEN_PREFIX = 'dct_';
const LAST_USED_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;

export interface IssueTokenInput {
  userId: string;
  name: string;
  createdById?: string;
  scopes?: readonly ApiScope[];
  expiresInDays?: number;
}

export async function issueApiToken(tx: Tx | Db, auth: AppConfig['auth'], input: IssueTokenInput) {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { role: true } });
  if (!user) throw new AppError('NOT_FOUND', 'user not found');
  if (user.role === 'ADMIN') {
    throw new AppError('TOKEN_NOT_ALLOWED', 'admins cannot have API tokens: administration needs a person');
  }
  const days = Math.min(input.expiresInDays ?? auth.apiTokenMaxDays, auth.apiTokenMaxDays);
  const secret = `${API_TOKEN_PREFIX}${randomToken(30)}`;
  const row = await tx.apiToken.create({
    data: {
      userId: input.userId,
      name: input.name,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, 10),
      createdById: input.createdById,
      scopes: [...new Set(input.scopes ?? DEVICE_SCOPES)],
      expiresAt: new Date(Date.now() + days * DAY_MS),
    },
  });
  return {
    id: row.id,
    token: secret,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** When a token stops working: its own expiry, or (tokens from before expiry existed) createdAt + max. */
export function tokenExpiry(row: { expiresAt: Date | null; createdAt: Date }, auth: AppConfig['auth']) {
  return row.expiresAt ?? new Date(row.createdAt.getTime() + auth.apiTokenMaxDays * DAY_MS);
}

export async function resolveApiToken(
  db: Db,
  secret: string,
  auth: AppConfig['auth'],
): Promise<{ tokenId: string; user: SessionUser; scopes: readonly string[] } | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256Hex(secret) },
    include: {
      user: { select: { id: true, username: true, role: true, displayName: true, disabled: true } },
    },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  // A user promoted to admin after the token was issued: the token stops working.
  if (row.user.role === 'ADMIN') return null;
  if (tokenExpiry(row, auth).getTime() <= Date.now()) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { disabled: _disabled, ...user } = row.user;
  return { tokenId: row.id, user, scopes: row.scopes };
}

/** A password reset or a disabled account ends every token of the user, in the caller's transaction. */
export async function revokeUserTokens(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.apiToken.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
