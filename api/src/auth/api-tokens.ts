import type { Db } from '@dictum/core/db/client';
import type { SessionUser } from './sessions';
import { randomToken, sha256Hex } from './tokens';

// Device and integration tokens: shown once, stored as a hash, revocable, last use recorded.
export const API_TOKEN_PREFIX = 'dct_';
const LAST_USED_INTERVAL_MS = 60_000;

export async function issueApiToken(db: Db, input: { userId: string; name: string; createdById?: string }) {
  const secret = `${API_TOKEN_PREFIX}${randomToken(30)}`;
  const row = await db.apiToken.create({
    data: {
      userId: input.userId,
      name: input.name,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, 10),
      createdById: input.createdById,
    },
  });
  return { id: row.id, token: secret, prefix: row.prefix, createdAt: row.createdAt };
}

export async function resolveApiToken(
  db: Db,
  secret: string,
): Promise<{ tokenId: string; user: SessionUser } | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256Hex(secret) },
    include: {
      user: { select: { id: true, username: true, role: true, displayName: true, disabled: true } },
    },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { disabled: _disabled, ...user } = row.user;
  return { tokenId: row.id, user };
}
