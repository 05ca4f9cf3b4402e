import type { Actor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppConfig } from '@dictum/core/infra/config';
import type { Db } from '@dictum/core/infra/db/client';
import { type ApiScope, isApiScope } from '../auth/api-scopes';
import { issueApiToken, tokenExpiry } from '../auth/api-tokens';

// Token administration. Each change and its audit row commit together: if the audit write fails,
// the token is neither issued nor revoked.

export async function createTokenForUser(
  db: Db,
  auth: AppConfig['auth'],
  actor: Actor,
  input: { userId: string; name: string; scopes?: ApiScope[]; expiresInDays?: number },
) {
  return db.$transaction(async (tx) => {
    const createdById = actor.kind === 'user' ? actor.userId : undefined;
    const token = await issueApiToken(tx, auth, { ...input, createdById });
    await recordAuditEvent(tx, actor, {
      action: 'auth.token_created',
      objectType: 'api_token',
      objectId: token.id,
      details: { userId: input.userId, scopes: token.scopes, expiresAt: token.expiresAt?.toISOString() },
    });
    return {
      ...token,
      scopes: token.scopes.filter(isApiScope),
      createdAt: token.createdAt.toISOString(),
      expiresAt: iso(token.expiresAt),
    };
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function revokeToken(db: Db, actor: Actor, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw notFound('token');
    await recordAuditEvent(tx, actor, {
      action: 'auth.token_revoked',
      objectType: 'api_token',
      objectId: tokenId,
    });
  });
}

export async function listTokens(db: Db, auth: AppConfig['auth']) {
  const tokens = await db.apiToken.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { id: true, username: true } },
    },
  });
  return tokens.map((t) => ({
    ...t,
    scopes: t.scopes.filter(isApiScope),
    createdAt: t.createdAt.toISOString(),
    expiresAt: tokenExpiry(t, auth).toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  }));
}
