import { randomUUID } from 'node:crypto';
import { loggerOptions } from '@dictum/core/infra/logger';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RouteOptions,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context';
import { declareAccess, registerAuthentication } from './plugins/authenticate';
import { registerErrorHandler } from './plugins/error-handler';
import { registerMetrics } from './plugins/metrics';
import { registerQueueDashboard } from './plugins/queue-dashboard';
import { failClosedOnCredentialRoutes, rateLimitStore } from './plugins/rate-limits';
import { registerRefuseNulBytes } from './plugins/refuse-nul-bytes';
import { registerWebApp } from './plugins/web-app';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { oidcAuthRoutes } from './routes/auth-oidc';
import { deliveryRoutes } from './routes/deliveries';
import { dictationRoutes } from './routes/dictations';
import { documentRoutes } from './routes/documents';
import { type HealthState, healthRoutes } from './routes/health';
import { patientRoutes } from './routes/patients';
import { reportRoutes } from './routes/reports';
import { spellcheckRoutes } from './routes/spellcheck';
import { textExpanderRoutes } from './routes/text-expanders';
import { textSnippetRoutes } from './routes/text-snippets';
import { vocabularyRoutes } from './routes/vocabulary';
import { workTypeRoutes } from './routes/work-types';
import { worklistStatsRoutes } from './routes/worklist-stats';
import { deliveryTargetStatus } from './services/deliveries/delivery-monitor';

/**
 * One info line per request, on completion, with the method and route template of the 'incoming
 * request' line fastify would also write: half the log writes on the hottest routes (measured in
 * bench/src/api-lists.bench.ts), same information. Errors, 404s and the rest log as fastify does.
 */
class OneLineRequestLog extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error)
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export interface BuildOptions {
  health?: HealthState;
  /** Serve web/dist (off in API tests). */
  serveWebApp?: boolean;
  /** Sees every route as it is registered (the access-matrix test enumerates them). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, { service: 'api' }),
    // A hop count becomes "trust the nearest N hops" (fastify's types lack the number form).
    trustProxy:
      typeof config.http.trustProxy === 'number'
        ? trustNearestHops(config.http.trustProxy)
        : config.http.trustProxy,
    // Slow bodies and headers (slowloris) cannot hold a socket forever: a whole-request deadline
    // (uploads included) and an idle-socket timeout.
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: config.http.connectionTimeoutMs,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 4 * 1024 * 1024,
    logController: new OneLineRequestLog(),
    // Malformed URLs (bad percent-encoding, over-long parameters): fastify's default answer repeats
    // the path, which may hold an MRN.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return reply
        .code(tooLong ? 414 : 400)
        .header('cache-control', 'no-store')
        .send({ error: { code: 'VALIDATION_FAILED', message: tooLong ? 'URL too long' : 'malformed URL' } });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  registerErrorHandler(app);
  registerRefuseNulBytes(app);
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    strictTransportSecurity: config.isProduction,
  });
  // After cookies and security headers (its refusals carry them too), before every plugin that
  // registers routes, so each of them is checked for an access declaration.
  registerAuthentication(app, ctx);
  // Before the rate-limit plugin: it reads each route's limit in its own onRoute hook.
  failClosedOnCredentialRoutes(app, ctx.redis);
  await app.register(fastifyRateLimit, {
    global: false,
    store: rateLimitStore(ctx.redis, `${config.redis.queuePrefix}:ratelimit:`),
    skipOnError: true,
    errorResponseBuilder: () => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: 'too many requests; slow down' },
    }),
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.upload.maxBytes, files: 2, fields: 20, fieldSize: 10_000, parts: 30 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Dictum API',
        version: '1.0.0',
        description: 'Medical dictation and transcription workflow',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: config.auth.cookieName },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    declareAccess(docs, { public: true, cacheable: true });
    // Off in production unless API_DOCS_ENABLED: it maps the whole API for whoever asks.
    if (config.http.docsEnabled) {
      await docs.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
    }
  });

  registerMetrics(app, {
    queues: ctx.queues,
    allow: config.http.metricsAllow,
    deliveryTargets: () => deliveryTargetStatus(ctx),
  });
  await app.register(healthRoutes(ctx, options.health ?? { shuttingDown: false }));

  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(authRoutes(ctx));
      await api.register(oidcAuthRoutes(ctx));
      await api.register(patientRoutes(ctx));
      await api.register(workTypeRoutes(ctx));
      await api.register(dictationRoutes(ctx));
      await api.register(worklistStatsRoutes(ctx));
      await api.register(textSnippetRoutes(ctx));
      await api.register(documentRoutes(ctx));
      await api.register(deliveryRoutes(ctx));
      await api.register(adminRoutes(ctx));
      await api.register(reportRoutes(ctx));
      await api.register(textExpanderRoutes(ctx));
      await api.register(vocabularyRoutes(ctx));
      await api.register(spellcheckRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  // Before the web app: bull-board registers @fastify/static in its own scope.
  await registerQueueDashboard(app, ctx);
  await registerWebApp(app, options.serveWebApp === false ? null : config.web.distDir);
  return app;
}

/** proxy-addr's trust function for "the nearest `hops` proxies": hop 0 is the socket's peer. */
function trustNearestHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
