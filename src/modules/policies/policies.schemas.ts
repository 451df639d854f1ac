import { Type } from 'typebox';
import { KstTime, KstTimeOrNull, Nullable } from '../../core/http/openapi.js';

const Day = Type.String({ description: '"YYYY-MM-DD", Korean calendar day.' });

/** Extension: the policy a contract becomes at status 7, shown in 계약정보 조회. */
export const PolicyView = Nullable(
  Type.Object(
    {
      payment_type: Type.Union([Type.Literal('0'), Type.Literal('1')], {
        description: '"0" lump sum, "1" monthly.',
      }),
      premium: Type.Integer({
        description: 'KRW. Lump sum: the premium paid at checkout; monthly: one month.',
      }),
      coverage_start: Day,
      coverage_end: Day,
      issued_at: KstTime,
      schedule: Type.Array(Type.Object({ due_date: Day, amount: Type.Integer(), paid_at: KstTimeOrNull }), {
        description:
          'Monthly payers: the premiums still to come after checkout, the first being the completion webhook’s `checkout.due_date` and `amount`. Empty for a lump sum.',
      }),
    },
    { description: 'Extension: the policy from status 7 (계약완료); null before.' },
  ),
);
