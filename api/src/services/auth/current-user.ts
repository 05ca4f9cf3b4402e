import type { AppContext } from '../../context';
import { draftKeyFor } from './draft-key';
import { reauthenticationMethod } from './reauthentication-method';

export interface CurrentRequest {
  userId: string;
  session: { csrfToken: string; mfaPending: boolean } | null;
  authVia: 'session' | 'token' | null;
}

/** GET /auth/me: the signed-in user, the session's CSRF token and, once fully signed in, the draft key. */
export async function currentUser(ctx: AppContext, current: CurrentRequest) {
  const mfaPending = current.session?.mfaPending ?? false;
  const user = await ctx.db.user.findUniqueOrThrow({
    where: { id: current.userId },
    select: { id: true, username: true, role: true, displayName: true, passwordHash: true },
  });
  const { passwordHash, ...shown } = user;
  return {
    user: shown,
    csrfToken: current.session?.csrfToken ?? null,
    mfaPending,
    // Sessions only: a device token has no editor drafts to protect.
    draftKey: current.authVia === 'session' && !mfaPending ? await draftKeyFor(ctx, current.userId) : null,
    reauthenticateWith: reauthenticationMethod(ctx.config, passwordHash),
  };
}
