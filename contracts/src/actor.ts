import { type Role, roles } from './enums';

export type { Role } from './enums';

/** Route access for "any signed-in user": every route names its roles or says it is public. */
export const ALL_ROLES: readonly Role[] = roles;

/** Who is acting, as every service and audit event needs it. No patient data. */
export type Actor =
  | { kind: 'user'; userId: string; username: string; role: Role; ip?: string; requestId?: string }
  | { kind: 'system'; name: string; requestId?: string };

export const systemActor = (name: string, requestId?: string): Actor => ({ kind: 'system', name, requestId });

export function actorRole(actor: Actor) {
  return actor.kind === 'user' ? actor.role : 'system';
}
