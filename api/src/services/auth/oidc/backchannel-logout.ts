import { systemActor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { AppContext } from '../../../context';
import { sha256Hex } from '../tokens';
import { getOidcClient } from './oidc-client';
import { takeSessionsOfSid } from './sso-sessions';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let jwks: { uri: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
const keySet = (uri: string) => {
  if (jwks?.uri !== uri) jwks = { uri, set: createRemoteJWKSet(new URL(uri)) };
  return jwks.set;
};

const invalid = (why: string) => new AppError('VALIDATION_FAILED', `invalid logout token: ${why}`);

/**
 * OpenID Connect Back-Channel Logout 1.0: the provider POSTs a signed logout token when a person
 * signs out there (or IT ends their sessions). A valid token ends that person's Dictum sessions
 * at once: by `sub`, all of the user's sessions; by `sid` alone, the sessions opened through that
 * provider session. Tokens are single-use (jti).
 */
export async function receiveBackchannelLogout(
  ctx: AppContext,
  logoutToken: string | undefined,
  meta: { requestId: string },
): Promise<{ sessionsEnded: number }> {
  const oidc = ctx.config.oidc;
  if (!oidc) throw new AppError('NOT_FOUND', 'single sign-on is not configured');
  if (!logoutToken) throw invalid('missing logout_token');
  const config = await getOidcClient(oidc);
  const server = config.serverMetadata();
  if (!server.jwks_uri) throw new AppError('INTERNAL', 'the provider publishes no jwks_uri');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(logoutToken, keySet(server.jwks_uri), {
      issuer: server.issuer,
      audience: oidc.clientId,
      algorithms: server.id_token_signing_alg_values_supported ?? ['RS256'],
      requiredClaims: ['iat', 'jti', 'events'],
      maxTokenAge: '10 minutes',
      clockTolerance: oidc.clockToleranceSec,
    }));
  } catch {
    throw invalid('signature, issuer, audience or time check failed');
  }
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events[LOGOUT_EVENT] !== 'object') throw invalid('not a back-channel logout event');
  // An ID token carries a nonce, a logout token never does: an ID token is not accepted here.
  if ('nonce' in payload) throw invalid('nonce present');
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
  if (!sub && !sid) throw invalid('neither sub nor sid');
  const fresh = await ctx.redis.set(
    `${ctx.config.redis.queuePrefix}:oidc:logout-jti:${sha256Hex(`${server.issuer}\n${payload.jti}`)}`,
    '1',
    'EX',
    900,
    'NX',
  );
  if (fresh !== 'OK') throw invalid('already used');

  const user = sub
    ? await ctx.db.user.findUnique({
        where: { oidcIssuer_oidcSubject: { oidcIssuer: server.issuer, oidcSubject: sub } },
        select: { id: true },
      })
    : null;
  const sidSessions = sid
    ? await takeSessionsOfSid(ctx.redis, ctx.config.redis.queuePrefix, server.issuer, sid)
    : [];
  const ended = await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.session.deleteMany({
      where: user ? { userId: user.id } : { id: { in: sidSessions } },
    });
    await recordAuditEvent(tx, systemActor('sso', meta.requestId), {
      action: 'auth.sso_backchannel_logout',
      objectType: 'user',
      objectId: user?.id,
      details: { sessionsEnded: deleted.count, by: user ? 'sub' : 'sid' },
    });
    return deleted;
  });
  return { sessionsEnded: ended.count };
}
