import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseTargets } from '../domain/delivery/target-config';
import { type Role, roles } from '../domain/dictation/state-machine';

// The one place that reads process.env. Parsed once at startup; a bad environment fails listing
// every bad variable, never on the first job at 3 a.m.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optional,
  /**
   * Which X-Forwarded-* hops to believe: off (default), a hop count (1 = one proxy in front), or the
   * proxies' addresses/CIDRs. "true" means one hop: trusting every hop would let a client choose its
   * own address (rate limits, audit rows) with a forged X-Forwarded-For.
   */
  TRUST_PROXY: z.string().default('false'),
  /** Addresses/CIDRs allowed to read /metrics; empty allows any (put it behind the network instead). */
  METRICS_ALLOW: list.default([]),
  /** Serve the Swagger UI at /docs; default on outside production, off in production. */
  API_DOCS_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  /** Whole-request deadline (headers and body; uploads included) and socket idle timeout, ms. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Migrations run as this (owner) role; the app's DATABASE_URL role only reads and writes rows. */
  DATABASE_MIGRATION_URL: optional.pipe(z.string().url().optional()),
  /** 32 bytes, base64: signs audit chain checkpoints. Kept out of the database by design. */
  AUDIT_CHECKPOINT_KEY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64')
      .optional(),
  ),
  /** A checkpoint is written once this many rows were appended since the last one... */
  AUDIT_CHECKPOINT_EVERY_ROWS: z.coerce.number().int().positive().default(1000),
  /** ...or this many minutes passed with any new row. */
  AUDIT_CHECKPOINT_EVERY_MINUTES: z.coerce.number().positive().default(5),
  /** S3 only: Object Lock (COMPLIANCE) retention for each checkpoint; 0 sends no lock headers. */
  AUDIT_CHECKPOINT_RETENTION_DAYS: z.coerce.number().min(0).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/dictum'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379/0'),
  /** BullMQ key prefix; wrap it in braces ({dictum}) for Redis Cluster hash tags. */
  QUEUE_PREFIX: z.string().min(1).default('dictum'),
  STORAGE_DRIVER: z.enum(['fs', 's3']).default('fs'),
  STORAGE_DIR: z.string().default('./.data/objects'),
  STORAGE_ENCRYPTION_KEY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64')
      .optional(),
  ),
  S3_ENDPOINT: optional,
  S3_BUCKET: z.string().default('dictum'),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
  S3_SSE: z.enum(['', 'none', 'AES256', 'aws:kms']).default(''),
  S3_SSE_KMS_KEY_ID: optional,
  S3_FORCE_PATH_STYLE: bool.default(true),
  ASR_ENGINE: z.enum(['local', 'openai', 'none']).default('local'),
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_TRANSCRIBE_MODEL: z.string().default('whisper-1'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** Bytes per request to the OpenAI API; its documented limit is 25 MB. */
  OPENAI_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 1024 * 1024),
  POCKETSPHINX_BIN: z.string().default('pocketsphinx_continuous'),
  /** The local engine's built medical model (npm run build:asr-model); used when present. */
  ASR_MODEL_DIR: z.string().default('./.data/asr-model'),
  /**
   * The local engine decodes twice, adapting the acoustic model to each recording's speaker in
   * between (MLLR): 1.6× the decoding time for a few per cent fewer errors on the synthetic
   * evaluation voices (docs/asr-quality.md), likely more on real voices the models never heard.
   */
  ASR_SPEAKER_ADAPTATION: bool.default(false),
  /** How often the local engine's language model relearns from finalized notes; 0 turns it off. */
  ASR_MODEL_REFRESH_HOURS: z.coerce.number().min(0).default(24),
  FFMPEG_BIN: z.string().default('ffmpeg'),
  FFPROBE_BIN: z.string().default('ffprobe'),
  TRANSCRIBE_CONCURRENCY: z.coerce.number().int().positive().default(2),
  TRANSCRIBE_ATTEMPTS: z.coerce.number().int().positive().default(5),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  /** On SIGTERM the worker lets running jobs finish for this long, then exits; their locks lapse and another worker resumes them. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  /** Port for the worker's Prometheus /metrics endpoint; 0 (the default) turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WORKER_METRICS_HOST: z.string().default('0.0.0.0'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(500 * 1024 * 1024),
  UPLOAD_MAX_DURATION_SEC: z.coerce
    .number()
    .positive()
    .default(4 * 60 * 60),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(15),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  SESSION_COOKIE_NAME: z.string().default('dictum_session'),
  AUTH_LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  AUTH_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  AUTH_MFA_REQUIRED_ROLES: list.default(['ADMIN']),
  /** Wrong second-factor codes that lock the account until an admin unlocks it. */
  AUTH_MFA_LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  /** The longest an API token lives; every token expires. */
  API_TOKEN_MAX_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  /** 32 bytes, base64: encrypts TOTP secrets at rest. */
  AUTH_SECRET_KEY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64')
      .optional(),
  ),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_UPLOAD_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Per user, on routes that cost CPU: PDF/FHIR/HL7 exports and spell checking. */
  RATE_LIMIT_COSTLY_PER_MINUTE: z.coerce.number().int().positive().default(120),
  CLAIM_TIMEOUT_MINUTES: z.coerce.number().positive().default(120),
  AUDIO_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  ORGANIZATION_NAME: z.string().default('Dictum Demo Hospital'),
  ORGANIZATION_ID: z.string().default('dictum-demo'),
  FHIR_TARGET_URL: optional,
  FHIR_TARGET_TOKEN: optional,
  HL7_MLLP_TARGET: optional,
  DROP_FOLDER: optional,
  /** The identifier system the FHIR target indexes MRNs under (Patient?identifier=<system>|<mrn>). */
  FHIR_MRN_SYSTEM: optional,
  /** SMART Backend Services for the FHIR_TARGET_URL target (instead of FHIR_TARGET_TOKEN). */
  FHIR_SMART_TOKEN_URL: optional,
  FHIR_SMART_CLIENT_ID: optional,
  FHIR_SMART_PRIVATE_KEY_FILE: optional,
  FHIR_SMART_ALG: optional,
  FHIR_SMART_KEY_ID: optional,
  FHIR_SMART_SCOPE: optional,
  /** Several EHR targets with per-interface settings: a JSON file, or the JSON itself. */
  EHR_TARGETS_FILE: optional,
  EHR_TARGETS: optional,
  /** How long a delivery keeps being retried before it stops and needs attention. */
  DELIVERY_RETRY_HOURS: z.coerce.number().positive().default(24),
  /** Backoff between attempts: doubles from the first delay up to the maximum. */
  DELIVERY_BACKOFF_FIRST_MS: z.coerce.number().int().min(10).default(5_000),
  DELIVERY_BACKOFF_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(10 * 60_000),
  /** A target failing this long raises an alert (dashboard, metrics). */
  DELIVERY_ALERT_MINUTES: z.coerce.number().positive().default(15),
  /** Inbound ADT over MLLP; 0 (the default) turns the listener off. */
  HL7_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HL7_LISTEN_HOST: z.string().default('0.0.0.0'),
  HL7_LISTEN_TLS_CERT_FILE: optional,
  HL7_LISTEN_TLS_KEY_FILE: optional,
  HL7_LISTEN_TLS_CA_FILE: optional,
  /** Only PID-3 identifiers of this assigning authority are taken as the MRN (default: the first MR). */
  HL7_LISTEN_MRN_AUTHORITY: optional,
  WEB_DIST_DIR: z.string().default('./web/dist'),
  /** Password sign-in: everyone, admins only (break-glass beside single sign-on), or nobody. */
  AUTH_LOCAL_LOGIN: z.enum(['all', 'admins-only', 'off']).optional(),
  /** OpenID Connect single sign-on; on when OIDC_ISSUER is set. */
  OIDC_ISSUER: optional.pipe(z.string().url().optional()),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  /** PEM (PKCS#8) private key for private_key_jwt client authentication instead of a secret. */
  OIDC_CLIENT_PRIVATE_KEY: optional,
  OIDC_CLIENT_PRIVATE_KEY_ID: optional,
  OIDC_CLIENT_AUTH_METHOD: z
    .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt'])
    .optional(),
  OIDC_REDIRECT_URL: optional.pipe(z.string().url().optional()),
  OIDC_POST_LOGOUT_REDIRECT_URL: optional.pipe(z.string().url().optional()),
  OIDC_SCOPES: z.string().default('openid profile email'),
  OIDC_PROVIDER_NAME: z.string().min(1).max(60).default('single sign-on'),
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  OIDC_ROLE_MAP: z.string().default(''),
  OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  OIDC_NPI_CLAIM: optional,
  OIDC_REQUIRED_ACR: list.default([]),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
});

export type Env = z.input<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.STORAGE_DRIVER === 's3' && !e.S3_ENDPOINT && !e.S3_ACCESS_KEY_ID) {
    problems.push('S3_ENDPOINT or S3_ACCESS_KEY_ID: STORAGE_DRIVER=s3 needs an endpoint or credentials');
  }
  if (e.ASR_ENGINE === 'openai' && !e.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required when ASR_ENGINE=openai');
  }
  if (e.NODE_ENV === 'production' && !e.AUTH_SECRET_KEY) {
    problems.push(
      'AUTH_SECRET_KEY: required in production (32 random bytes, base64) to encrypt second-factor secrets',
    );
  }
  const oidc = parseOidc(e, problems);
  const targets = parseDeliveryTargets(e, problems);
  if (e.HL7_LISTEN_TLS_CERT_FILE && !e.HL7_LISTEN_TLS_KEY_FILE)
    problems.push('HL7_LISTEN_TLS_KEY_FILE: required with HL7_LISTEN_TLS_CERT_FILE');
  if (e.NODE_ENV === 'production' && !e.AUDIT_CHECKPOINT_KEY) {
    problems.push(
      'AUDIT_CHECKPOINT_KEY: required in production (32 random bytes, base64) to sign audit checkpoints',
    );
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY, problems);
  if (problems.length) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL,
      trustProxy,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: e.HTTP_CONNECTION_TIMEOUT_MS,
      metricsAllow: e.METRICS_ALLOW,
      docsEnabled:
        e.API_DOCS_ENABLED === undefined
          ? e.NODE_ENV !== 'production'
          : ['true', '1', 'yes'].includes(e.API_DOCS_ENABLED),
    },
    logLevel: e.LOG_LEVEL,
    db: { url: e.DATABASE_URL, migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL },
    audit: {
      checkpointKey: e.AUDIT_CHECKPOINT_KEY ? Buffer.from(e.AUDIT_CHECKPOINT_KEY, 'base64') : undefined,
      checkpointEveryRows: e.AUDIT_CHECKPOINT_EVERY_ROWS,
      checkpointEveryMs: e.AUDIT_CHECKPOINT_EVERY_MINUTES * 60_000,
      checkpointRetentionMs: e.AUDIT_CHECKPOINT_RETENTION_DAYS * 86_400_000 || undefined,
    },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    storage: {
      driver: e.STORAGE_DRIVER,
      dir: e.STORAGE_DIR,
      encryptionKey: e.STORAGE_ENCRYPTION_KEY ? Buffer.from(e.STORAGE_ENCRYPTION_KEY, 'base64') : undefined,
      s3: {
        endpoint: e.S3_ENDPOINT,
        bucket: e.S3_BUCKET,
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        sse: e.S3_SSE === '' || e.S3_SSE === 'none' ? undefined : e.S3_SSE,
        sseKmsKeyId: e.S3_SSE_KMS_KEY_ID,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      },
    },
    transcription: {
      engine: e.ASR_ENGINE,
      concurrency: e.TRANSCRIBE_CONCURRENCY,
      attempts: e.TRANSCRIBE_ATTEMPTS,
      lockDurationMs: e.WORKER_LOCK_MS,
      sweepIntervalMs: e.SWEEP_INTERVAL_MS,
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
      metrics: { port: e.WORKER_METRICS_PORT, host: e.WORKER_METRICS_HOST },
      openai: {
        apiKey: e.OPENAI_API_KEY,
        baseUrl: e.OPENAI_BASE_URL,
        model: e.OPENAI_TRANSCRIBE_MODEL,
        timeoutMs: e.OPENAI_TIMEOUT_MS,
        maxUploadBytes: e.OPENAI_MAX_UPLOAD_BYTES,
      },
      pocketsphinxBin: e.POCKETSPHINX_BIN,
      medicalModelDir: e.ASR_MODEL_DIR,
      speakerAdaptation: e.ASR_SPEAKER_ADAPTATION,
      modelRefreshHours: e.ASR_MODEL_REFRESH_HOURS,
    },
    audio: { ffmpegBin: e.FFMPEG_BIN, ffprobeBin: e.FFPROBE_BIN },
    upload: { maxBytes: e.UPLOAD_MAX_BYTES, maxDurationSec: e.UPLOAD_MAX_DURATION_SEC },
    auth: {
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
      cookieName: e.SESSION_COOKIE_NAME,
      lockoutThreshold: e.AUTH_LOCKOUT_THRESHOLD,
      lockoutMs: e.AUTH_LOCKOUT_MINUTES * 60_000,
      mfaRequiredRoles: e.AUTH_MFA_REQUIRED_ROLES,
      mfaLockoutThreshold: e.AUTH_MFA_LOCKOUT_THRESHOLD,
      apiTokenMaxDays: e.API_TOKEN_MAX_DAYS,
      secretKey: e.AUTH_SECRET_KEY ? Buffer.from(e.AUTH_SECRET_KEY, 'base64') : undefined,
    },
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      uploadPerMinute: e.RATE_LIMIT_UPLOAD_PER_MINUTE,
      costlyPerMinute: e.RATE_LIMIT_COSTLY_PER_MINUTE,
    },
    workflow: {
      claimTimeoutMs: e.CLAIM_TIMEOUT_MINUTES * 60_000,
      audioRetentionDays: e.AUDIO_RETENTION_DAYS,
    },
    organization: { name: e.ORGANIZATION_NAME, id: e.ORGANIZATION_ID },
    delivery: {
      fhirUrl: e.FHIR_TARGET_URL,
      fhirToken: e.FHIR_TARGET_TOKEN,
      mllpTarget: e.HL7_MLLP_TARGET,
      dropFolder: e.DROP_FOLDER,
      targets,
      retryForMs: e.DELIVERY_RETRY_HOURS * 3_600_000,
      backoffFirstMs: e.DELIVERY_BACKOFF_FIRST_MS,
      backoffMaxMs: e.DELIVERY_BACKOFF_MAX_MS,
      alertAfterMs: e.DELIVERY_ALERT_MINUTES * 60_000,
    },
    hl7Listener: {
      port: e.HL7_LISTEN_PORT,
      host: e.HL7_LISTEN_HOST,
      mrnAuthority: e.HL7_LISTEN_MRN_AUTHORITY,
      tls: e.HL7_LISTEN_TLS_CERT_FILE
        ? {
            cert: readFileSync(e.HL7_LISTEN_TLS_CERT_FILE),
            key: readFileSync(e.HL7_LISTEN_TLS_KEY_FILE as string),
            ca: e.HL7_LISTEN_TLS_CA_FILE ? readFileSync(e.HL7_LISTEN_TLS_CA_FILE) : undefined,
          }
        : undefined,
    },
    web: { distDir: e.WEB_DIST_DIR },
    oidc,
    // With single sign-on on, password sign-in defaults to break-glass admins only.
    localLogin: e.AUTH_LOCAL_LOGIN ?? (oidc ? 'admins-only' : 'all'),
  };
}

export type AppConfig = ReturnType<typeof loadConfig>;

/**
 * TRUST_PROXY as fastify's trustProxy: false, a hop count, or a list of proxy addresses/CIDRs.
 * Never `true` (every hop): that takes the client's own X-Forwarded-For as its address.
 */
export function parseTrustProxy(value: string, problems: string[]): false | number | string[] {
  const v = value.trim().toLowerCase();
  if (['', 'false', '0', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return 1;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 10);
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // proxy-addr's names for the private ranges are allowed too.
  const address =
    /^(loopback|linklocal|uniquelocal|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f:]*:[0-9a-f:.]*(\/\d{1,3})?)$/i;
  const bad = entries.filter((entry) => !address.test(entry));
  if (bad.length || entries.length === 0) {
    problems.push(
      'TRUST_PROXY: a hop count (1 = one proxy in front) or a comma-separated list of proxy addresses/CIDRs',
    );
    return false;
  }
  return entries;
}

/**
 * OIDC_ROLE_MAP: `value=ROLE,...`, or a JSON object `{"value": "ROLE", ...}` for values that hold
 * commas or equals signs (Active Directory groups as distinguished names, `CN=…,OU=…,DC=…`). Either
 * way the entries keep their order: the first one the user has decides the role.
 */
function parseRoleMap(raw: string, problems: string[]): { value: string; role: Role }[] {
  let pairs: [string, unknown][];
  if (raw.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      pairs = Object.entries(parsed);
    } catch {
      problems.push('OIDC_ROLE_MAP: starts with "{" but is not a JSON object of "claim value": "ROLE"');
      return [];
    }
  } else {
    pairs = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry) => {
        const at = entry.lastIndexOf('=');
        return at <= 0 ? [entry, ''] : [entry.slice(0, at).trim(), entry.slice(at + 1)];
      });
  }
  const roleMap: { value: string; role: Role }[] = [];
  for (const [value, rawRole] of pairs) {
    const role = typeof rawRole === 'string' ? rawRole.trim().toUpperCase() : '';
    if (!value.trim() || !(roles as readonly string[]).includes(role)) {
      problems.push(`OIDC_ROLE_MAP: "${value}" is not mapped to a role (${roles.join('|')})`);
      continue;
    }
    roleMap.push({ value: value.trim(), role: role as Role });
  }
  return roleMap;
}

/** OIDC settings, or null when single sign-on is off. Problems are added to the startup list. */
function parseOidc(e: z.output<typeof envSchema>, problems: string[]) {
  if (!e.OIDC_ISSUER) return null;
  const need = (name: string, value: string | undefined) => {
    if (!value) problems.push(`${name}: required when OIDC_ISSUER is set`);
    return value ?? '';
  };
  const clientId = need('OIDC_CLIENT_ID', e.OIDC_CLIENT_ID);
  const redirectUrl = need('OIDC_REDIRECT_URL', e.OIDC_REDIRECT_URL);
  const authMethod =
    e.OIDC_CLIENT_AUTH_METHOD ?? (e.OIDC_CLIENT_PRIVATE_KEY ? 'private_key_jwt' : 'client_secret_basic');
  if (authMethod === 'private_key_jwt') need('OIDC_CLIENT_PRIVATE_KEY', e.OIDC_CLIENT_PRIVATE_KEY);
  else need('OIDC_CLIENT_SECRET', e.OIDC_CLIENT_SECRET);
  // Plain-http issuers (a test IdP on loopback) only outside production: tokens travel over it.
  if (e.NODE_ENV === 'production') {
    for (const [name, url] of [
      ['OIDC_ISSUER', e.OIDC_ISSUER],
      ['OIDC_REDIRECT_URL', e.OIDC_REDIRECT_URL],
    ] as const) {
      if (url && !url.startsWith('https://')) problems.push(`${name}: must be https in production`);
    }
  }
  const roleMap = parseRoleMap(e.OIDC_ROLE_MAP, problems);
  if (!roleMap.length)
    problems.push('OIDC_ROLE_MAP: required when OIDC_ISSUER is set (claimValue=ROLE,... or a JSON object)');
  const scopes = e.OIDC_SCOPES.split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    issuer: e.OIDC_ISSUER,
    clientId,
    clientSecret: e.OIDC_CLIENT_SECRET,
    privateKey: e.OIDC_CLIENT_PRIVATE_KEY,
    privateKeyId: e.OIDC_CLIENT_PRIVATE_KEY_ID,
    authMethod,
    redirectUrl,
    postLogoutRedirectUrl:
      e.OIDC_POST_LOGOUT_REDIRECT_URL ?? (redirectUrl ? new URL('/login', redirectUrl).href : undefined),
    scopes,
    providerName: e.OIDC_PROVIDER_NAME,
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap,
    usernameClaim: e.OIDC_USERNAME_CLAIM,
    npiClaim: e.OIDC_NPI_CLAIM,
    requiredAcr: e.OIDC_REQUIRED_ACR,
    clockToleranceSec: e.OIDC_CLOCK_TOLERANCE_SECONDS,
    allowInsecureHttp: e.NODE_ENV !== 'production',
  };
}

export type OidcConfig = NonNullable<AppConfig['oidc']>;

/** EHR targets from the single-target variables and EHR_TARGETS_FILE / EHR_TARGETS (README). */
function parseDeliveryTargets(e: z.output<typeof envSchema>, problems: string[]) {
  const documents: { source: string; text: string }[] = [];
  if (e.EHR_TARGETS_FILE) {
    try {
      documents.push({ source: 'EHR_TARGETS_FILE', text: readFileSync(e.EHR_TARGETS_FILE, 'utf8') });
    } catch {
      problems.push(`EHR_TARGETS_FILE: cannot read ${e.EHR_TARGETS_FILE}`);
    }
  }
  if (e.EHR_TARGETS) documents.push({ source: 'EHR_TARGETS', text: e.EHR_TARGETS });
  const result = parseTargets(
    {
      fhirUrl: e.FHIR_TARGET_URL,
      fhirToken: e.FHIR_TARGET_TOKEN,
      fhirMrnSystem: e.FHIR_MRN_SYSTEM,
      smart: {
        tokenUrl: e.FHIR_SMART_TOKEN_URL,
        clientId: e.FHIR_SMART_CLIENT_ID,
        privateKeyFile: e.FHIR_SMART_PRIVATE_KEY_FILE,
        alg: e.FHIR_SMART_ALG,
        keyId: e.FHIR_SMART_KEY_ID,
        scope: e.FHIR_SMART_SCOPE,
      },
      mllpTarget: e.HL7_MLLP_TARGET,
      dropFolder: e.DROP_FOLDER,
    },
    documents,
    (path) => readFileSync(path, 'utf8'),
  );
  problems.push(...result.problems);
  return result.targets;
}
