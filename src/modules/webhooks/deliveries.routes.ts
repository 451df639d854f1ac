import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { inspectorOf, requireRole } from '../../core/http/admin-auth.js';
import { envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { formatKstOrNull } from '../../core/time.js';
import { resendWebhook } from './webhook-delivery.js';

const tags = ['admin: deliveries'];
const DeliveryQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal('pending'),
      Type.Literal('delivered'),
      Type.Literal('partner_error'),
      Type.Literal('dead'),
      Type.Literal('cancelled'),
      Type.Literal('failed'),
    ]),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

/** Webhook deliveries and alimtalk messages for operators: failures listed, a dead delivery resent. */
export function deliveriesRoutes(deps: {
  db: Db;
  clock: Clock;
  audit: (inspectorId: string, action: string, target: string) => Promise<void>;
}) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/deliveries',
      {
        schema: {
          tags,
          summary: 'Webhook deliveries, newest first; status=failed means partner_error or dead',
          querystring: DeliveryQuery,
          response: errorResponses(400, 401),
        },
      },
      async (request) => {
        let query = deps.db
          .selectFrom('webhook_events')
          .select([
            'id',
            'contract_id',
            'type',
            'status',
            'attempts',
            'last_error',
            'outcome',
            'created_at',
            'finished_at',
            'next_attempt_at',
          ]);
        const status = request.query.status;
        if (status === 'failed') query = query.where('status', 'in', ['partner_error', 'dead']);
        else if (status) query = query.where('status', '=', status);
        const rows = await query
          .orderBy('created_at', 'desc')
          .limit(request.query.limit ?? 50)
          .execute();
        return envelope(200, {
          items: rows.map((row) => ({
            ...row,
            created_at: formatKstOrNull(row.created_at),
            finished_at: formatKstOrNull(row.finished_at),
            next_attempt_at: formatKstOrNull(row.next_attempt_at),
          })),
        });
      },
    );
    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Alimtalk messages, newest first',
          querystring: DeliveryQuery,
          response: errorResponses(400, 401),
        },
      },
      async (request) => {
        let query = deps.db
          .selectFrom('notifications')
          .select([
            'id',
            'contract_id',
            'kind',
            'status',
            'attempts',
            'rendered',
            'last_error',
            'created_at',
            'sent_at',
          ]);
        if (request.query.status) query = query.where('status', '=', request.query.status as 'failed');
        const rows = await query
          .orderBy('created_at', 'desc')
          .limit(request.query.limit ?? 50)
          .execute();
        return envelope(200, {
          items: rows.map((row) => ({
            ...row,
            created_at: formatKstOrNull(row.created_at),
            sent_at: formatKstOrNull(row.sent_at),
          })),
        });
      },
    );
    app.post(
      '/deliveries/:id/resend',
      {
        preHandler: requireRole('admin'),
        schema: {
          tags,
          summary: 'Admins: one more attempt for a dead or partner-error delivery',
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: errorResponses(401, 403, 404),
        },
      },
      async (request) => {
        const resent = await resendWebhook(deps.db, deps.clock, request.params.id);
        if (!resent) throw new AppError('not_found', 'No dead or partner-error delivery has that id.');
        await deps.audit(inspectorOf(request).id, 'delivery.resend', request.params.id);
        return envelope(200, resent);
      },
    );
  };
}
