import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { destroySession } from './sessions';

/** Ends the session and records it, in one commit. */
export async function logout(ctx: AppContext, actor: UserActor, sessionToken: string | undefined) {
  await ctx.db.$transaction(async (tx) => {
    if (sessionToken) await destroySession(tx, sessionToken);
    await recordAuditEvent(tx, actor, { action: 'auth.logout', objectType: 'user', objectId: actor.userId });
  });
}
