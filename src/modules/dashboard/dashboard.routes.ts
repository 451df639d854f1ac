import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { requireRole } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { formatKstDate } from '../../core/time.js';
import { dashboard } from './dashboard.js';
import { DashboardFigures, DashboardQuery } from './dashboard.schemas.js';

export function dashboardRoutes(deps: { db: Db; clock: Clock }) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/dashboard',
      {
        preValidation: requireRole('admin'),
        schema: {
          tags: ['admin: operations'],
          summary:
            'Admins: funnel, daily volume by partner, inspection turnaround, decision and webhook rates',
          querystring: DashboardQuery,
          response: { 200: Envelope(DashboardFigures), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) =>
        envelope(200, await dashboard(deps.db, request.query, formatKstDate(deps.clock.now()))),
    );
  };
}
