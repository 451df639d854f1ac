import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import { actorOf, requireRole } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import {
  DeliveryList,
  DeliveryParams,
  DeliveryQuery,
  NotificationList,
  ResentDelivery,
} from './deliveries.schemas.js';
import type { DeliveriesService } from './deliveries.service.js';

const tags = ['admin: deliveries'];

/** Webhook deliveries and alimtalk messages for operators: failures listed, a dead delivery resent. */
export function deliveriesRoutes(deliveries: DeliveriesService) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/deliveries',
      {
        schema: {
          tags,
          summary: 'Webhook deliveries, newest first; status=failed means partner_error or dead',
          querystring: DeliveryQuery,
          response: { 200: Envelope(DeliveryList), ...errorResponses(400, 401) },
        },
      },
      async (request) =>
        envelope(200, { items: await deliveries.webhooks(request.query.status, request.query.limit ?? 50) }),
    );
    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Alimtalk messages, newest first',
          querystring: DeliveryQuery,
          response: { 200: Envelope(NotificationList), ...errorResponses(400, 401) },
        },
      },
      async (request) =>
        envelope(200, {
          items: await deliveries.notifications(request.query.status, request.query.limit ?? 50),
        }),
    );
    app.post(
      '/deliveries/:id/resend',
      {
        preValidation: requireRole('admin'),
        schema: {
          tags,
          summary: 'Admins: one more attempt for a dead or partner-error delivery',
          params: DeliveryParams,
          response: { 200: Envelope(ResentDelivery), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const resent = await deliveries.resend(request.params.id, actorOf(request));
        if (!resent) throw new AppError('not_found', 'No dead or partner-error delivery has that id.');
        return envelope(200, resent);
      },
    );
  };
}
