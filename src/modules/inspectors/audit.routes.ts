import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../core/db/database.js';
import { requireRole } from '../../core/http/admin-auth.js';
import { envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { formatKstDateTime } from '../../core/time.js';

/** Admins: who did what and when, newest first. */
export function auditRoutes(db: Db) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/audit',
      {
        preHandler: requireRole('admin'),
        schema: {
          tags: ['admin'],
          summary: 'The audit log of admin actions',
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: errorResponses(401, 403),
        },
      },
      async (request) => {
        const rows = await db
          .selectFrom('audit_log')
          .leftJoin('inspectors', 'inspectors.id', 'audit_log.inspector_id')
          .select([
            'audit_log.at',
            'audit_log.action',
            'audit_log.target',
            'audit_log.details',
            'inspectors.email as inspector_email',
          ])
          .orderBy('audit_log.id', 'desc')
          .limit(request.query.limit ?? 100)
          .execute();
        return envelope(200, { items: rows.map((row) => ({ ...row, at: formatKstDateTime(row.at) })) });
      },
    );
  };
}
