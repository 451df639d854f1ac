import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ErrorBody, ErrorEnvelope } from './envelope.js';

/** The OpenAPI 3.1 document is generated from the route schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance, publicBaseUrl: string): Promise<void> {
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
          'times are Korean time (Asia/Seoul) as "YYYY-MM-DD HH:mm:ss".',
      },
      servers: [{ url: publicBaseUrl }],
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-ITECHS-API-KEY' } },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
