import { AppError } from '@dictum/core/errors';
import { verifyPassword } from '../../auth/passwords';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';

/** E-signature practice: a signature needs a sign-in or a password typed within this window. */
export const SIGNATURE_REAUTH_WINDOW_MS = 5 * 60_000;

/** How the request was authenticated, as the route knows it. */
export interface RequestAuth {
  /** The cookie session, when the request came with one (API tokens have none). */
  sessionId: string | null;
}

/**
 * Passes when the caller typed their password now (checked against the stored hash) or signed in
 * within the last five minutes; otherwise 403 REAUTHENTICATION_REQUIRED, and the client asks for the
 * password. An API token alone never signs: a device must not sign on a physician's behalf.
 */
export async function assertRecentAuthentication(
  ctx: AppContext,
  actor: UserActor,
  auth: RequestAuth,
  password: string | undefined,
): Promise<'password' | 'session'> {
  if (password !== undefined && password !== '') {
    const user = await ctx.db.user.findUnique({
      where: { id: actor.userId },
      select: { passwordHash: true },
    });
    if (user && (await verifyPassword(user.passwordHash, password))) return 'password';
    throw new AppError(
      'REAUTHENTICATION_REQUIRED',
      'the password is not correct; signing needs your password',
    );
  }
  if (auth.sessionId) {
    const session = await ctx.db.session.findUnique({
      where: { id: auth.sessionId },
      select: { createdAt: true, userId: true },
    });
    if (
      session?.userId === actor.userId &&
      Date.now() - session.createdAt.getTime() <= SIGNATURE_REAUTH_WINDOW_MS
    )
      return 'session';
  }
  throw new AppError(
    'REAUTHENTICATION_REQUIRED',
    'signing needs your password (or a sign-in within the last 5 minutes)',
  );
}
