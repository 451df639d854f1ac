import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRole } from '../../core/http/admin-auth.js';
import { callerOf } from '../../core/http/api-key-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import { JsonObject, Nullable } from '../../core/http/openapi.js';
import type { App } from '../../core/http/server.js';
import { sendTestWebhooks, sendTestWebhooksFor, type TestWebhookDeps } from './test-webhooks.js';

const TestWebhookResult = Type.Object({
  example: Type.String({ description: 'completed, completed_monthly, reinspection_requested or rejected.' }),
  webhook_id: Type.String(),
  sent: JsonObject,
  http_status: Nullable(
    Type.Integer({ description: "The endpoint's HTTP status; null when it did not answer." }),
  ),
  latency_ms: Type.Integer(),
  response_excerpt: Type.String({ description: 'The first 2 KB of the answer.' }),
  acknowledged: Type.Boolean({
    description: 'Whether the answer would acknowledge a real delivery of this result.',
  }),
  problem: Nullable(
    Type.String({ description: 'What a real delivery would do instead, when not acknowledged.' }),
  ),
});

const TestWebhookAnswer = Type.Object({ url: Type.String(), results: Type.Array(TestWebhookResult) });

/** Extension: a partner checks its webhook endpoint against a signed example of every result. */
export function testWebhookRoutes(deps: TestWebhookDeps) {
  return (scope: App) => {
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/webhook/test',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Extension, test mode: send a signed example of each inspection result to your endpoint',
          description:
            'Sends result 0 (lump sum and monthly), 1 and 2, signed with your test-mode secret and marked `"test": true`, all at once; answers what your endpoint replied to each and whether a real delivery would count it as acknowledged. Nothing is stored. Live keys: 403 test_mode_only; no webhook URL: 409 no_webhook_url.',
          security: [{ apiKey: [] }],
          response: {
            200: Envelope(TestWebhookAnswer),
            ...errorResponses(401, 403, 409, 429),
          },
        },
      },
      async (request) => envelope(200, await sendTestWebhooksFor(deps, callerOf(request))),
    );
  };
}

/** Admins, the console's partner page: the same test for a partner's test-mode endpoint. */
export function testWebhookAdminRoutes(deps: TestWebhookDeps) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', requireRole('admin'));
    app.post(
      '/affiliates/:id/webhook-test',
      {
        schema: {
          tags: ['admin: partners'],
          summary: "Send a signed example of each result to the partner's test-mode endpoint",
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: Envelope(TestWebhookAnswer), ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request) => envelope(200, await sendTestWebhooks(deps, request.params.id)),
    );
  };
}
