import { createPrivateKey, webcrypto } from 'node:crypto';
import type { OidcConfig } from '@dictum/core/infra/config';
import * as client from 'openid-client';

// One discovered client configuration per process. Discovery runs on first use, not at startup, so
// an identity provider that is briefly down never stops Dictum (local break-glass sign-in still
// works); a failed discovery is not cached and the next sign-in tries again.
let cached: { key: OidcConfig; config: Promise<client.Configuration> } | undefined;

export function getOidcClient(oidc: OidcConfig): Promise<client.Configuration> {
  if (cached?.key === oidc) return cached.config;
  const config = discover(oidc);
  cached = { key: oidc, config };
  config.catch(() => {
    if (cached?.config === config) cached = undefined;
  });
  return config;
}

async function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const execute = [
    // The ID token comes over TLS from the token endpoint, where OIDC allows skipping its signature
    // check; Dictum checks it anyway (a wrongly signed token is refused, also behind a TLS proxy).
    client.enableNonRepudiationChecks,
    ...(oidc.allowInsecureHttp && oidc.issuer.startsWith('http:') ? [client.allowInsecureRequests] : []),
  ];
  const metadata: Partial<client.ClientMetadata> = {
    [client.clockTolerance]: oidc.clockToleranceSec,
    ...(oidc.clientSecret ? { client_secret: oidc.clientSecret } : {}),
  };
  return client.discovery(new URL(oidc.issuer), oidc.clientId, metadata, await clientAuth(oidc), {
    execute,
    timeout: 10,
  });
}

async function clientAuth(oidc: OidcConfig): Promise<client.ClientAuth> {
  switch (oidc.authMethod) {
    case 'private_key_jwt':
      return client.PrivateKeyJwt({ key: await importSigningKey(oidc.privateKey!), kid: oidc.privateKeyId });
    case 'client_secret_post':
      return client.ClientSecretPost(oidc.clientSecret);
    default:
      return client.ClientSecretBasic(oidc.clientSecret);
  }
}

/** A PEM private key (RSA → RS256, EC P-256 → ES256) as the WebCrypto key openid-client signs with. */
async function importSigningKey(pem: string): Promise<client.CryptoKey> {
  // Environment variables often carry PEM newlines as "\n".
  const key = createPrivateKey(pem.replace(/\\n/g, '\n'));
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const algorithm =
    key.asymmetricKeyType === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']) as Promise<client.CryptoKey>;
}
