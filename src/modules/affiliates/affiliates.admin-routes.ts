import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, requireRole } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import {
  AffiliateList,
  EnabledEndpoint,
  EndpointParams,
  IdParams,
  NewKey,
  NewKeyBody,
  RevokedKeys,
} from './affiliates.schemas.js';
import type { AffiliatesService } from './affiliates.service.js';

const tags = ['admin: partners'];

/** Admins: partners with their keys (prefix and last use, never the key), a new key shown once, a key revoked. */
export function affiliateAdminRoutes(affiliates: AffiliatesService) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', requireRole('admin'));
    app.get(
      '/affiliates',
      {
        schema: {
          tags,
          summary: 'Partners, keys and webhook URLs',
          response: { 200: Envelope(AffiliateList), ...errorResponses(401, 403) },
        },
      },
      async () => envelope(200, await affiliates.listAffiliates()),
    );
    app.post(
      '/affiliates/:id/keys',
      {
        schema: {
          tags,
          summary: 'Issue a key; the key is in this answer only',
          params: IdParams,
          body: NewKeyBody,
          response: { 201: Envelope(NewKey), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const key = await affiliates.createKey(request.params.id, request.body.mode, actorOf(request));
        return reply.code(201).send(envelope(201, key));
      },
    );
    app.post(
      '/affiliates/:id/webhooks/:mode/enable',
      {
        schema: {
          tags,
          summary: 'Re-enable a webhook endpoint the worker disabled; its held events go out now',
          params: EndpointParams,
          response: { 200: Envelope(EnabledEndpoint), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { id, mode } = request.params;
        return envelope(200, await affiliates.enableWebhook(id, mode, actorOf(request)));
      },
    );
    app.post(
      '/keys/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke a key (effective within 5 s)',
          params: IdParams,
          response: { 200: Envelope(RevokedKeys), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const revoked = await affiliates.revokeKey(request.params.id, actorOf(request));
        return envelope(200, revoked);
      },
    );
  };
}
