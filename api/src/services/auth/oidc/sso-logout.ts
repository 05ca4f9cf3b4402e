import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import * as client from 'openid-client';
import type { AppContext } from '../../../context';
import type { UserActor } from '../../../plugins/authenticate';
import { destroySession } from '../sessions';
import { sha256Hex } from '../tokens';
import { getOidcClient } from './oidc-client';
import { takeSsoSession } from './sso-sessions';

/**
 * Sign-out for a session opened through single sign-on: ends the Dictum session, then answers the
 * provider's end_session_endpoint URL (RP-initiated logout, with the ID token as hint) so the
 * browser also signs out at the provider. Null when the session was a local one or the provider
 * has no end-session endpoint.
 */
export async function ssoLogout(
  ctx: AppContext,
  actor: UserActor,
  sessionToken: string | undefined,
): Promise<{ endSessionUrl: string | null }> {
  const link = sessionToken
    ? await takeSsoSession(ctx.redis, ctx.config.redis.queuePrefix, sha256Hex(sessionToken))
    : null;
  await ctx.db.$transaction(async (tx) => {
    if (sessionToken) await destroySession(tx, sessionToken);
    await recordAuditEvent(tx, actor, {
      action: 'auth.logout',
      objectType: 'user',
      objectId: actor.userId,
      details: { sso: link !== null },
    });
  });
  const oidc = ctx.config.oidc;
  if (!link || !oidc) return { endSessionUrl: null };
  try {
    const config = await getOidcClient(oidc);
    if (!config.serverMetadata().end_session_endpoint) return { endSessionUrl: null };
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: link.idToken,
      client_id: oidc.clientId,
      ...(oidc.postLogoutRedirectUrl ? { post_logout_redirect_uri: oidc.postLogoutRedirectUrl } : {}),
    });
    return { endSessionUrl: url.href };
  } catch {
    // The provider is down: Dictum's session is over regardless.
    return { endSessionUrl: null };
  }
}
