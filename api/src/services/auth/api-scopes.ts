// What an API token may do. Tokens serve devices and integrations, never administration: each
// route names the scope a token needs, and a route that names none refuses tokens.
import { type ApiScope, apiScopes } from '@dictum/contracts/admin';

export { type ApiScope, apiScopes } from '@dictum/contracts/admin';

/** A stored scope Dictum knows (scopes are written only from validated input). */
export const isApiScope = (s: string): s is ApiScope => (apiScopes as readonly string[]).includes(s);

/** A dictation device: upload and follow its own uploads. */
export const DEVICE_SCOPES: readonly ApiScope[] = ['dictations:write', 'dictations:read'];

/** Routes any valid token may call (who am I). */
export const ANY_SCOPE = 'any' as const;
export type RouteTokenScope = ApiScope | typeof ANY_SCOPE;
