import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { type TSchema, Type } from 'typebox';
import { ErrorBody, ErrorEnvelope } from './envelope.js';

/**
 * Pieces of answer schemas. An answer schema is also the serializer (fast-json-stringify): a field it
 * leaves out is dropped and a null under a plain type is coerced, so a field that may be null says so.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const NullableText = Nullable(Type.String());

/** A stored JSON document of no fixed shape (a webhook body, the app's device info), passed on as it is. */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** A time as the API writes it, Korean time (Asia/Seoul). */
export const KstTime = Type.String({ description: 'Korean time, "YYYY-MM-DD HH:mm:ss".' });
export const KstTimeOrNull = Nullable(KstTime);
/** A time of the admin API's accounts and keys, ISO 8601 (UTC): the serializer writes a Date so. */
/** Which of a partner's two worlds a key, contract or endpoint belongs to. */
export const ModeSchema = Type.Union([Type.Literal('live'), Type.Literal('test')], {
  description: "Which of a partner's two worlds: `live` or `test`.",
});

export const IsoTime = Type.Unsafe<string | Date>(Type.String({ format: 'date-time' }));

/**
 * A jsonb column's document: the schema says what the code stores there, for the document and the
 * serializer; the static type stays `unknown`, as the database hands the column back.
 */
export const Stored = <T extends TSchema>(schema: T) => Type.Unsafe<unknown>(schema);

/** The document's `webhooks` section: what the platform sends, not what it serves. */
export type OpenApiWebhooks = NonNullable<OpenAPIV3_1.Document['webhooks']>;

/**
 * A route that streams its body (an image, a CSV) declares `consumes` but no body schema, which
 * Fastify would try to validate; the document alone gets the binary body its partners must send.
 */
const documentRawBody: SwaggerTransform = ({ schema, url }) => {
  if (!schema || schema.body || !Array.isArray((schema as { consumes?: unknown }).consumes))
    return { schema, url };
  return { schema: { ...schema, body: { type: 'string', format: 'binary' } }, url };
};

/** The OpenAPI 3.1 document is generated from the route schemas that validate requests. */
export async function registerOpenApi(
  app: FastifyInstance,
  options: { publicBaseUrl: string; webhooks: OpenApiWebhooks },
): Promise<void> {
  app.addSchema(ErrorBody);
  app.addSchema(ErrorEnvelope);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cp-insurance partner API',
        version: '1.0.0',
        description:
          'Phone-insurance subscription (청약) API. Every answer is the envelope {code, data, error}; ' +
          'times are Korean time (Asia/Seoul) as "YYYY-MM-DD HH:mm:ss". ' +
          'New here? [Quick-start / 퀵스타트](/docs/quickstart), [sandbox samples and magic values](/docs/samples/), [error codes](/docs/errors).',
      },
      servers: [{ url: options.publicBaseUrl }],
      webhooks: options.webhooks,
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-ITECHS-API-KEY' } },
      },
    },
    transform: documentRawBody,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
