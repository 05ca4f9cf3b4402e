import { loadConfig, type OidcConfig } from '@dictum/core/infra/config';
import { describe, expect, it } from 'vitest';
import {
  mapRole,
  meetsRequiredAcr,
  readClaim,
  readNpi,
  usernameCandidates,
} from '../../api/src/services/auth/oidc/map-claims';
import { safeReturnTo } from '../../api/src/services/auth/oidc/start-sign-in';

const oidc = (env: Record<string, string> = {}): OidcConfig =>
  loadConfig({
    NODE_ENV: 'test',
    OIDC_ISSUER: 'https://idp.example.org',
    OIDC_CLIENT_ID: 'dictum',
    OIDC_CLIENT_SECRET: 's',
    OIDC_REDIRECT_URL: 'https://dictum.example.org/api/v1/auth/oidc/callback',
    OIDC_ROLE_MAP: 'dictum-admins=ADMIN, dictum-physicians=physician,dictum-records=RECORDS',
    ...env,
  }).oidc!;

describe('OIDC claim mapping', () => {
  it('maps the first OIDC_ROLE_MAP entry the user has, from an array or a space-separated string', () => {
    const config = oidc();
    expect(mapRole(config, { groups: ['dictum-records', 'dictum-physicians'] })).toBe('PHYSICIAN');
    expect(mapRole(config, { groups: ['dictum-physicians', 'dictum-admins'] })).toBe('ADMIN');
    expect(mapRole(config, { groups: 'nurses dictum-records' })).toBe('RECORDS');
    expect(mapRole(config, { groups: ['nurses'] })).toBeNull();
    expect(mapRole(config, {})).toBeNull();
  });

  it('maps Active Directory groups named by distinguished name (commas in the value) through a JSON map', () => {
    const physicians = 'CN=Dictum Physicians,OU=Groups,DC=hospital,DC=org';
    const admins = 'CN=Dictum Admins,OU=Groups,DC=hospital,DC=org';
    const config = oidc({ OIDC_ROLE_MAP: JSON.stringify({ [admins]: 'ADMIN', [physicians]: 'physician' }) });
    expect(config.roleMap).toEqual([
      { value: admins, role: 'ADMIN' },
      { value: physicians, role: 'PHYSICIAN' },
    ]);
    expect(mapRole(config, { groups: [physicians] })).toBe('PHYSICIAN');
    expect(mapRole(config, { groups: [physicians, admins] })).toBe('ADMIN');
    // One group sent as a plain string (ADFS with a single group) still counts whole.
    expect(mapRole(config, { groups: physicians })).toBe('PHYSICIAN');
    // A part of a distinguished name is not the group: "DC=org" or a look-alike must not match.
    expect(mapRole(config, { groups: ['CN=Dictum Physicians', 'OU=Groups'] })).toBeNull();
    expect(mapRole(config, { groups: [`${physicians},OU=Elsewhere`] })).toBeNull();
  });

  it('refuses an OIDC_ROLE_MAP it cannot read, naming the setting', () => {
    for (const bad of [
      '{"CN=a,DC=b": "SURGEON"}',
      '{not json',
      '["x=ADMIN"]',
      '{"": "ADMIN"}',
      'x=',
      '=ADMIN',
    ]) {
      expect(() => oidc({ OIDC_ROLE_MAP: bad }), bad).toThrow(/OIDC_ROLE_MAP/);
    }
  });

  it('reads nested claims by dotted path (Keycloak realm roles) and flat names with dots (Entra extensions)', () => {
    const config = oidc({ OIDC_ROLE_CLAIM: 'realm_access.roles' });
    expect(mapRole(config, { realm_access: { roles: ['dictum-admins'] } })).toBe('ADMIN');
    expect(readClaim({ 'extn.npi': '1' }, 'extn.npi')).toBe('1');
  });

  it('OIDC_REQUIRED_ACR accepts a listed acr or amr value, and everything when unset', () => {
    expect(meetsRequiredAcr(oidc(), {})).toBe(true);
    const strict = oidc({ OIDC_REQUIRED_ACR: 'mfa,urn:example:loa:2' });
    expect(meetsRequiredAcr(strict, { amr: ['pwd', 'mfa'] })).toBe(true);
    expect(meetsRequiredAcr(strict, { acr: 'urn:example:loa:2' })).toBe(true);
    expect(meetsRequiredAcr(strict, { acr: '1', amr: ['pwd'] })).toBe(false);
  });

  it('takes an NPI only when it is 10 digits with a valid check digit', () => {
    const config = oidc({ OIDC_NPI_CLAIM: 'npi' });
    expect(readNpi(config, { npi: '1234567893' })).toBe('1234567893');
    expect(readNpi(config, { npi: '1234567890' })).toBeNull();
    expect(readNpi(config, { npi: 'abc' })).toBeNull();
    expect(readNpi(oidc(), { npi: '1234567893' })).toBeNull();
  });

  it('derives a clean username, with stable suffixes for a taken name', () => {
    const [first, second] = usernameCandidates(
      oidc(),
      { preferred_username: 'Jane.Doe@Hospital.org' },
      'abc',
    );
    expect(first).toBe('jane.doe@hospital.org');
    expect(second).toMatch(/^jane\.doe@hospital\.org-[0-9a-f]{6}$/);
    expect(usernameCandidates(oidc(), {}, 'sub 1')[0]).toBe('sub-1');
  });

  it('only a Dictum path may follow sign-in', () => {
    expect(safeReturnTo('/worklist?x=1')).toBe('/worklist?x=1');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/api/v1/auth/me',
      undefined,
    ])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
