import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../core/http/api-key-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';

/** Extension: a partner can read where its inspection results are sent (never the secret). */
export function partnerWebhookRoutes(endpoints: WebhookEndpoints) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/webhook/',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Extension: your webhook URL for this mode',
          security: [{ apiKey: [] }],
          response: {
            200: Envelope(Type.Object({ url: Type.Union([Type.String(), Type.Null()]) })),
            ...errorResponses(401, 429),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return envelope(200, { url: await endpoints.urlOf(caller.affiliateId, caller.mode) });
      },
    );
  };
}
