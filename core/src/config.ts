import { z } from 'zod';

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
  TRUST_PROXY: bool.default(false),
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
  /** 32 bytes, base64: encrypts TOTP secrets at rest. */
  AUTH_SECRET_KEY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64')
      .optional(),
  ),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_UPLOAD_PER_MINUTE: z.coerce.number().int().positive().default(120),
  CLAIM_TIMEOUT_MINUTES: z.coerce.number().positive().default(120),
  AUDIO_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  ORGANIZATION_NAME: z.string().default('Dictum Demo Hospital'),
  ORGANIZATION_ID: z.string().default('dictum-demo'),
  FHIR_TARGET_URL: optional,
  FHIR_TARGET_TOKEN: optional,
  HL7_MLLP_TARGET: optional,
  DROP_FOLDER: optional,
  WEB_DIST_DIR: z.string().default('./web/dist'),
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
  if (problems.length) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    http: { port: e.PORT, host: e.HOST, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY },
    logLevel: e.LOG_LEVEL,
    db: { url: e.DATABASE_URL },
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
      secretKey: e.AUTH_SECRET_KEY ? Buffer.from(e.AUTH_SECRET_KEY, 'base64') : undefined,
    },
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      uploadPerMinute: e.RATE_LIMIT_UPLOAD_PER_MINUTE,
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
    },
    web: { distDir: e.WEB_DIST_DIR },
  };
}

export type AppConfig = ReturnType<typeof loadConfig>;
