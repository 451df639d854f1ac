import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../core/http/api-key-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { StatusFields } from '../contracts/contracts.schemas.js';
import { advanceTestClock, MAX_ADVANCE_HOURS, type TestClockDeps } from './advance-test-clock.js';

const AdvanceBody = Type.Object({
  contract_id: Type.String({ maxLength: 64 }),
  hours: Type.Optional(
    Type.Number({
      description: `How long passes for this contract, more than 0 and at most ${MAX_ADVANCE_HOURS} (400 days).`,
    }),
  ),
  until: Type.Optional(
    Type.Union([Type.Literal('payment_deadline'), Type.Literal('reinspection_deadline')], {
      description: 'Instead of hours: just past this deadline of the contract.',
    }),
  ),
});

/** Extension, test mode: time passes for one contract, so deadlines can be tried in seconds. */
export function sandboxRoutes(deps: TestClockDeps) {
  return (scope: App) => {
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/test/clock/advance',
      {
        schema: {
          tags: ['sandbox'],
          summary: 'Extension, test mode: advance one contract’s clock',
          description:
            'Moves every time of one of your test-mode contracts into the past by `hours` (or just past a deadline with `until`), then runs the deadline tasks at once: a payment deadline passed expires the contract (9), a re-inspection deadline passed rejects it (reject_type 4, webhook result 2), the retention period passed erases its personal data. Live keys: 403 test_mode_only.',
          security: [{ apiKey: [] }],
          body: AdvanceBody,
          response: {
            200: Envelope(
              Type.Object({ contract_id: Type.String(), advanced_hours: Type.Number(), ...StatusFields }),
            ),
            ...errorResponses(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (request) => envelope(200, await advanceTestClock(deps, callerOf(request), request.body)),
    );
  };
}
