import type { AppConfig } from '@dictum/core/config';
import type { Db } from '@dictum/core/db/client';
import type { Role } from '@dictum/core/dictation/state-machine';
import { randomToken, sha256Hex } from './tokens';

// Server-side sessions in PostgreSQL: any API instance serves any request, logout and
// "disable user" take effect at once, and a Redis flush logs nobody out. The cookie holds a random
// token; the table holds only its hash.

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  displayName: string | null;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  mfaPending: boolean;
  user: SessionUser;
}

// lastSeenAt is written at most this often, so reads do not turn into a write per request.
const TOUCH_INTERVAL_MS = 30_000;

export async function createSession(
  db: Db,
  auth: AppConfig['auth'],
  userId: string,
  options: { ip?: string; mfaPending?: boolean },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await db.session.create({
    data: {
      id: sha256Hex(token),
      userId,
      csrfToken,
      ip: options.ip,
      mfaPending: options.mfaPending ?? false,
      expiresAt: new Date(Date.now() + auth.sessionMaxMs),
    },
  });
  return { token, csrfToken };
}

export async function resolveSession(db: Db, auth: AppConfig['auth'], token: string): Promise<ResolvedSession | null> {
  const id = sha256Hex(token);
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, username: true, role: true, displayName: true, disabled: true } } },
  });
  if (!session) return null;
  const now = Date.now();
  const idleExpired = session.lastSeenAt.getTime() + auth.sessionIdleMs <= now;
  if (session.expiresAt.getTime() <= now || idleExpired || session.user.disabled) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  const { disabled: _disabled, ...user } = session.user;
  return { sessionId: id, csrfToken: session.csrfToken, mfaPending: session.mfaPending, user };
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sha256Hex(token) } });
}

export async function destroyUserSessions(db: Db, userId: string): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}
