import { Type } from 'typebox';
import { Nullable } from '../../core/http/openapi.js';
import { ResultTrue } from '../contracts/contracts.schemas.js';

/** Wire schemas of the operators' dashboard. */
const { status, status_name } = ResultTrue.properties;
const Count = Type.Integer({ minimum: 0 });
const Day = Type.String({ description: 'YYYY-MM-DD, Korean calendar.' });

export const DashboardQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
});

export const DashboardFigures = Type.Object({
  from: Day,
  to: Day,
  funnel: Type.Array(Type.Object({ status, status_name, count: Count }), {
    description: 'Contracts created in the period, by their status now.',
  }),
  daily: Type.Array(Type.Object({ date: Day, affiliate_name: Type.String(), count: Count })),
  turnaround: Type.Object({
    median_seconds: Nullable(Type.Integer()),
    p90_seconds: Nullable(Type.Integer()),
    count: Count,
  }),
  decisions: Type.Object({ approved: Count, reinspection: Count, rejected: Count }),
  webhooks: Type.Object({
    delivered: Count,
    failed: Count,
    pending: Count,
    success_rate: Nullable(Type.Number({ description: 'delivered / (delivered + failed), 0–1.' })),
  }),
});
