import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPVersion } from 'find-my-way';
import { AppError } from '../errors.js';
import { type ErrorDetail, errorEnvelope } from './envelope.js';

/** Fastify's own error codes, mapped to the answer a partner developer can act on. */
const FRAMEWORK_ERRORS: Record<string, { status: number; detail: ErrorDetail }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    detail: { code: 'payload_too_large', message: 'The request body is larger than this endpoint accepts.' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    detail: { code: 'invalid_json', message: 'The request body is empty; send a JSON object.' },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    detail: { code: 'invalid_json', message: 'The Content-Length header does not match the body.' },
  },
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns Ajv's first complaint into the dotted field path and a sentence naming it. */
export function describeValidation(issues: ValidationIssue[], context: string | undefined): ErrorDetail {
  const issue = issues[0] ?? {};
  const path = (issue.instancePath ?? '').split('/').filter(Boolean);
  const missing = issue.params?.missingProperty;
  const unknown = issue.params?.additionalProperty;
  if (typeof missing === 'string') path.push(missing);
  if (typeof unknown === 'string') path.push(unknown);
  const field = path.join('.') || context || 'body';
  const problem =
    typeof missing === 'string'
      ? 'is required'
      : typeof unknown === 'string'
        ? 'is not a field of this request'
        : (issue.message ?? 'is invalid');
  return { code: 'validation_failed', message: `${field} ${problem}.`, field };
}

/** A route lists the content types it takes in `config.accepts`; JSON is the default. */
function unsupportedMediaType(request: FastifyRequest): { status: number; detail: ErrorDetail } {
  const accepts = (request.routeOptions.config as { accepts?: string[] } | undefined)?.accepts ?? [
    'application/json',
  ];
  const sent = request.headers['content-type'] ?? 'none';
  return {
    status: 415,
    detail: {
      code: 'unsupported_media_type',
      message: `Content-Type ${sent} is not accepted here; send ${accepts.join(', ')}.`,
    },
  };
}

function toAnswer(
  error: FastifyError,
  request: FastifyRequest,
): { status: number; detail: ErrorDetail } | null {
  if (error instanceof AppError) {
    const detail: ErrorDetail = { code: error.code, message: error.message };
    if (error.field) detail.field = error.field;
    return { status: error.status, detail };
  }
  if (
    error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE'
  ) {
    return unsupportedMediaType(request);
  }
  if (error.validation)
    return { status: 400, detail: describeValidation(error.validation, error.validationContext) };
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return known;
  if (error.statusCode === 429) {
    return { status: 429, detail: { code: 'rate_limited', message: error.message } };
  }
  return null;
}

/**
 * Fastify's router refuses some paths before any hook runs (an undecodable `%`, an id over the
 * router's length limit): the same envelope and headers as every other answer.
 */
export function routerErrorHandler(errorDocsUrl: string, headers: Record<string, string>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const [status, detail]: [number, ErrorDetail] =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, { code: 'path_too_long', message: 'A part of the path is too long to be an id of this API.' }]
        : [400, { code: 'invalid_path', message: 'The path is not valid percent-encoded UTF-8.' }];
    return reply
      .headers(headers)
      .header('X-Request-Id', request.id)
      .code(status)
      .type('application/json')
      .send(errorEnvelope(status, detail, String(request.id), errorDocsUrl));
  };
}

const CLIENT_ERRORS: Record<string, [number, ErrorDetail]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    {
      code: 'headers_too_large',
      message: 'The request line and headers are over 16 KB; send long values in the body.',
    },
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    { code: 'request_timeout', message: 'The request did not arrive whole in time.' },
  ],
};

/**
 * Node's HTTP parser refuses a request before Fastify sees it (headers over 16 KB, not HTTP at
 * all): the answer is still the envelope, written on the socket, which is then closed.
 */
export function clientErrorHandler(errorDocsUrl: string) {
  return (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
      400,
      { code: 'malformed_request', message: 'The request is not valid HTTP/1.1.' },
    ];
    const requestId = randomUUID();
    const body = JSON.stringify(errorEnvelope(status, detail, requestId, errorDocsUrl));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}

type SendError = (reply: FastifyReply, status: number, detail: ErrorDetail) => FastifyReply;

export function registerErrorHandling(app: FastifyInstance, errorDocsUrl: string): void {
  const sendError: SendError = (reply, status, detail) =>
    reply
      .code(status)
      .type('application/json')
      .send(errorEnvelope(status, detail, String(reply.request.id), errorDocsUrl));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = toAnswer(error, request);
    if (answer) {
      // An outage (database_unavailable) is logged for operators, one line a request, no stack.
      if (answer.status >= 500)
        request.log.warn({ request_id: request.id, cause: String(error.cause) }, error.message);
      return sendError(reply, answer.status, answer.detail);
    }
    // Anything unforeseen is logged whole and answered without internals.
    request.log.error({ err: error, request_id: request.id }, 'unhandled error');
    return sendError(reply, 500, {
      code: 'internal_error',
      message: `Something went wrong on our side. Quote request id ${request.id} when you contact us.`,
    });
  });
  registerNotFound(app, sendError);
}

/** Routes are mirrored in a router of their own, so an unknown method on a known path is told apart (405). */
function registerNotFound(app: FastifyInstance, sendError: SendError): void {
  const known = FindMyWay<HTTPVersion.V1>({ ignoreTrailingSlash: true });
  const methodsByRoute = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let allowed = methodsByRoute.get(route.url);
    if (!allowed) {
      allowed = new Set();
      methodsByRoute.set(route.url, allowed);
      known.on('GET', route.url, () => undefined, { url: route.url });
    }
    for (const method of methods) allowed.add(method);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const match = known.find('GET', path);
    const allowed = match ? methodsByRoute.get((match.store as { url: string }).url) : undefined;
    if (allowed && !allowed.has(request.method)) {
      reply.header('Allow', [...allowed].join(', '));
      return sendError(reply, 405, {
        code: 'method_not_allowed',
        message: `${request.method} is not allowed on ${path}; use ${[...allowed].join(' or ')}.`,
      });
    }
    return sendError(reply, 404, {
      code: 'route_not_found',
      message: `No endpoint at ${request.method} ${path}.`,
    });
  });
}
