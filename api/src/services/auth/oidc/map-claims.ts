import { createHash } from 'node:crypto';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import type { OidcConfig } from '@dictum/core/infra/config';

export type Claims = Record<string, unknown>;

/** A claim by name, or by a dotted path for nested claims (Keycloak's `realm_access.roles`). */
export function readClaim(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(/[\s,]+/).filter(Boolean)
      : [];

/**
 * The Dictum role for these claims: the first OIDC_ROLE_MAP entry the user's values contain. A
 * claim given as one string counts whole as well as split at spaces and commas: it may be a list
 * ("physicians records") or one group whose name holds them (`CN=Physicians,OU=Groups,DC=…`).
 */
export function mapRole(oidc: OidcConfig, claims: Claims): Role | null {
  const claim = readClaim(claims, oidc.roleClaim);
  const values = new Set([...asStrings(claim), ...(typeof claim === 'string' ? [claim.trim()] : [])]);
  return oidc.roleMap.find((entry) => values.has(entry.value))?.role ?? null;
}

/** OIDC_REQUIRED_ACR: the token's `acr`, or one of its `amr` methods, must be in the list. */
export function meetsRequiredAcr(oidc: OidcConfig, claims: Claims): boolean {
  if (!oidc.requiredAcr.length) return true;
  const seen = [...asStrings(claims.acr), ...asStrings(claims.amr)];
  return seen.some((v) => oidc.requiredAcr.includes(v));
}

/** A 10-digit NPI with a valid Luhn check digit (prefix 80840), or null. */
export function readNpi(oidc: OidcConfig, claims: Claims): string | null {
  if (!oidc.npiClaim) return null;
  const raw = readClaim(claims, oidc.npiClaim);
  const npi = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  return /^\d{10}$/.test(npi) && luhnValid(`80840${npi}`) ? npi : null;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The display name: `name`, else given + family name. */
export function readDisplayName(claims: Claims): string | null {
  const name = typeof claims.name === 'string' ? claims.name : '';
  const parts = [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ');
  return (name || parts).trim().slice(0, 200) || null;
}

/**
 * The username a new SSO user gets: the configured claim (then email, then sub), cleaned. It is a
 * label only — the user is matched by issuer + sub — so a taken name gets a stable suffix.
 */
export function usernameCandidates(oidc: OidcConfig, claims: Claims, subject: string): string[] {
  const raw = [readClaim(claims, oidc.usernameClaim), claims.email, subject].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  )!;
  const base = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .slice(0, 80);
  const suffix = createHash('sha256').update(`${oidc.issuer}\n${subject}`).digest('hex');
  return [base, `${base}-${suffix.slice(0, 6)}`, `${base}-${suffix.slice(0, 16)}`];
}
