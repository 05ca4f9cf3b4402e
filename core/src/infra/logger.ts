import pino, { type LoggerOptions } from 'pino';

// Logs carry ids, codes, counts and timings only. Serializers are allow-lists: request bodies,
// query strings, headers (cookies, tokens) and anything patient-related never reach the output.
// Redaction is a second net for fields that should never be logged even by mistake.

const PHI_PATHS = [
  'patient',
  '*.patient',
  'name',
  '*.name',
  'mrn',
  '*.mrn',
  'patientMrn',
  '*.patientMrn',
  'text',
  '*.text',
  'words',
  '*.words',
  'transcript',
  '*.transcript',
  'password',
  '*.password',
  'req.headers',
  'headers',
];

/** Our error classes, whose messages are written without patient data. */
const OWN_ERRORS = new Set([
  'AppError',
  'TranscriptionError',
  'SmartAuthError',
  'ProcessStartError',
  'AudioUndecodableError',
  'InvalidWavError',
  'StorageUnavailableError',
  'ObjectNotFoundError',
  'ObjectExistsError',
  'RangeNotSatisfiableError',
  'ObjectIntegrityError',
  'ConfigError',
]);

export function loggerOptions(level: string, base: Record<string, unknown> = {}): LoggerOptions {
  return {
    level,
    base: { ...base },
    redact: { paths: PHI_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string }; url?: string; id?: string }) => ({
        method: req.method,
        // The route template (`/api/v1/patients/:mrn`), never the URL: paths and queries can hold MRNs.
        route: req.routeOptions?.url ?? 'unmatched',
        requestId: req.id,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: (err: { name?: string; code?: string; message?: string; stack?: string; status?: number }) => ({
        type: err.name,
        code: err.code,
        status: err.status,
        // Only our own errors' messages are written to be PHI-free. Others (JSON.parse quoting the
        // body, a driver echoing a value, fastify quoting a URL) keep their type, code and frames.
        message: err.name && OWN_ERRORS.has(err.name) ? err.message : undefined,
        stack: err.stack?.split('\n').slice(1).join('\n'),
      }),
    },
  };
}

export function createLogger(level: string, base: Record<string, unknown> = {}) {
  return pino(loggerOptions(level, base));
}

export type Logger = pino.Logger;
