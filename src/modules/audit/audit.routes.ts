import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { formatKstDateTime } from '../../core/time.js';
import type { AuditRepository } from './audit.repository.js';
import { AuditList, AuditQuery } from './audit.schemas.js';

/** Admins: who did what and when, newest first. */
export function auditRoutes(audit: Pick<AuditRepository, 'list'>) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/audit',
      {
        preValidation: requireRole('admin'),
        schema: {
          tags: ['admin'],
          summary: 'The audit log of admin actions',
          querystring: AuditQuery,
          response: { 200: Envelope(AuditList), ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const rows = await audit.list(request.query.limit ?? 100);
        return envelope(200, { items: rows.map((row) => ({ ...row, at: formatKstDateTime(row.at) })) });
      },
    );
  };
}
