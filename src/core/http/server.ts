import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { adminAuth, type SessionAuthenticator } from './admin-auth.js';
import { apiKeyAuth, type KeyAuthenticator } from './api-key-auth.js';
import { errorEnvelope } from './envelope.js';
import { errorDocsUrl, registerErrorDocs } from './error-docs.js';
import { clientErrorHandler, registerErrorHandling, routerErrorHandler } from './error-handler.js';
import { registerHttpsPolicy } from './https.js';
import { idempotency } from './idempotency.js';
import { registerJsonParser, registerNulGuard } from './json-body.js';
import { registerMetrics } from './metrics.js';
import { type OpenApiWebhooks, registerOpenApi } from './openapi.js';
import { registerQuickstartDocs } from './quickstart-docs.js';
import { requestIdFor } from './request-id.js';
import { registerValidation } from './validation.js';

export type App = FastifyInstance;

/**
 * The response headers that still matter to clients of a JSON API that are not browser pages: no
 * MIME sniffing, no framing, no referrer. HSTS is set by the HTTPS policy, CSP by the console.
 * Three constants, set with the request id in one hook: helmet's chain of per-header middlewares
 * ran on every request for the same three.
 */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** A module's partner routes, registered under /cp-insurance behind the API key. */
export type RouteModule = (app: App) => Promise<void> | void;

export interface HttpServerDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  authenticate: KeyAuthenticator;
  isReady: () => Promise<boolean>;
  partnerRoutes: RouteModule[];
  /** The OpenAPI document's `webhooks`: what the platform POSTs to partners. */
  webhooks?: OpenApiWebhooks;
  /** Routes outside the partner API (signed file links, the console). */
  publicRoutes?: RouteModule[];
  /** The admin API under /admin/api: `open` routes (login) and routes behind an inspector's session. */
  admin?: { authenticate: SessionAuthenticator; open: RouteModule[]; routes: RouteModule[] };
}

/** A hop count as the function proxy-addr would compile it (Fastify's types take no number). */
export function fastifyTrustProxy(trust: Config['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

function tlsOptions(config: Config) {
  return config.tls
    ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
    : {};
}

export async function buildHttpServer(deps: HttpServerDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: requestIdFor,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: routerErrorHandler(errorDocsUrl(config.publicBaseUrl), SECURITY_HEADERS),
    clientErrorHandler: clientErrorHandler(errorDocsUrl(config.publicBaseUrl)),
    ...tlsOptions(config),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorateRequest('caller', null);
  app.decorateRequest('inspector', null);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS).header('X-Request-Id', request.id);
    done();
  });
  registerErrorHandling(app, errorDocsUrl(config.publicBaseUrl));
  registerJsonParser(app);
  registerNulGuard(app);
  registerValidation(app);
  registerHttpsPolicy(app, {
    redirectForwardedHttp: config.trustProxy !== false && config.nodeEnv === 'production',
    mayBeHttps: config.tls !== null || config.trustProxy !== false,
  });
  await registerOpenApi(app, { publicBaseUrl: config.publicBaseUrl, webhooks: deps.webhooks ?? {} });
  registerMetrics(app);
  registerOperations(app, deps.isReady, errorDocsUrl(config.publicBaseUrl));
  registerErrorDocs(app);
  registerQuickstartDocs(app);
  for (const routes of deps.publicRoutes ?? []) await app.register(async (scope) => routes(scope));
  await app.register(async (partner) => registerPartnerScope(partner, deps), { prefix: '/cp-insurance' });
  if (deps.admin)
    await app.register(async (admin) => registerAdminScope(admin, deps.admin), { prefix: '/admin/api' });
  return app;
}

async function registerAdminScope(admin: App, deps: HttpServerDeps['admin']): Promise<void> {
  if (!deps) return;
  // Only the console's session travels in a cookie: the partner API parses none.
  await admin.register(cookie);
  for (const routes of deps.open) await admin.register(async (scope) => routes(scope));
  await admin.register(async (guarded) => {
    guarded.addHook('onRequest', adminAuth(deps.authenticate));
    for (const routes of deps.routes) await guarded.register(async (scope) => routes(scope));
  });
}

async function registerPartnerScope(partner: App, deps: HttpServerDeps): Promise<void> {
  const guard = idempotency({ db: deps.db, clock: deps.clock, ttlHours: deps.config.idempotencyTtlHours });
  partner.addHook('onRequest', apiKeyAuth(deps.authenticate));
  // Only POST routes take an Idempotency-Key: the hooks are attached to those alone.
  partner.addHook('onRoute', (route) => {
    if (route.method !== 'POST') return;
    route.preValidation = [guard.preValidation, ...[route.preValidation ?? []].flat()];
    route.onSend = [guard.onSend, ...[route.onSend ?? []].flat()];
  });
  await partner.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.caller?.keyId ?? request.ip,
    // The limit headers go out with a 429 only, not on every answer.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `Too many requests: at most ${context.max} a minute per API key. Retry after ${context.after}.`,
      ),
  });
  for (const routes of deps.partnerRoutes) await partner.register(async (scope) => routes(scope));
}

function registerOperations(app: App, isReady: () => Promise<boolean>, errorDocsUrl: string): void {
  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ code: 200, data: { status: 'ok' }, error: null }));
  app.get('/readyz', hidden, async (request, reply) => {
    if (await isReady()) return { code: 200, data: { status: 'ready' }, error: null };
    const unavailable = { code: 'service_unavailable', message: 'The database is not reachable.' };
    return reply.code(503).send(errorEnvelope(503, unavailable, request.id, errorDocsUrl));
  });
}
