import type { Db } from '@dictum/core/infra/db/client';

/** The signed-in user as `/auth/me` shows it. */
export function readCurrentUser(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, username: true, role: true, displayName: true },
  });
}
