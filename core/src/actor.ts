// The actor type lives in the REST contract (contracts/src/actor.ts); core's importers keep this path.
export { type Actor, ALL_ROLES, actorRole, type Role, systemActor } from '@dictum/contracts/actor';
