import { AppError } from '@dictum/core/errors';
import { StorageUnavailableError } from '@dictum/core/infra/storage/object-store';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Answers `{error:{code,message}}` for every failure; 5xx details stay in the (PHI-free) log. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, ...error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Name the offending fields, never echo their values (they may be patient data).
      const fields = error.validation.map(
        (v) => v.instancePath.replace(/^\//, '') || v.params?.missingProperty || 'body',
      );
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `invalid or missing: ${[...new Set(fields)].join(', ')}`,
        },
      });
    }
    if (error instanceof StorageUnavailableError) {
      request.log.error({ err: error }, 'storage unavailable');
      return reply.status(503).send({
        error: { code: 'STORAGE_UNAVAILABLE', message: 'storage is unavailable; try again shortly' },
      });
    }
    const fe = error as FastifyError;
    if (isDatabaseDown(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return reply.status(503).send({
        error: { code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' },
      });
    }
    if (fe.statusCode === 429) {
      return reply
        .status(429)
        .send({ error: { code: 'RATE_LIMITED', message: 'too many requests; slow down' } });
    }
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
      return reply
        .status(413)
        .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'the upload is larger than allowed' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code =
        fe.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fe.statusCode === 404
            ? 'NOT_FOUND'
            : 'VALIDATION_FAILED';
      return reply.status(fe.statusCode).send({ error: { code, message: safeClientMessage(fe) } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
}

function safeClientMessage(error: FastifyError): string {
  // Fixed texts: fastify's own messages can quote the request (JSON.parse cites the body, a bad URL
  // is repeated whole), and requests can hold patient data.
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported content type';
  if (error.code?.startsWith('FST_ERR_CTP')) return 'the request body could not be read';
  if (error instanceof SyntaxError) return 'the request body is not valid JSON';
  return 'bad request';
}

export function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string; cause?: unknown };
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'P1001', 'P1017', '57P01', '57P03', 'ETIMEDOUT'];
  if (e?.code && codes.includes(e.code)) return true;
  if (e?.name === 'DriverAdapterError' || e?.name === 'PrismaClientInitializationError') {
    return /connect|terminat|closed|ECONNREFUSED|database system is/i.test(e.message ?? '');
  }
  // node-postgres reports a connection dropped mid-query as a plain Error, passed through the adapter.
  if (
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      e?.message ?? '',
    )
  ) {
    return true;
  }
  if (e?.cause) return isDatabaseDown(e.cause);
  return false;
}
