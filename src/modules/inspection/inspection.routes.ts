import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { inspectorOf } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import {
  DecisionAnswer,
  DecisionBody,
  DecisionParams,
  Dossier,
  QueuePage,
  QueueQuery,
} from './inspection.schemas.js';

export interface InspectionApi {
  queue(query: Static<typeof QueueQuery>): Promise<Static<typeof QueuePage>>;
  dossier(contractId: string): Promise<Static<typeof Dossier>>;
  decide(
    contractId: string,
    body: Static<typeof DecisionBody>,
    inspectorId: string,
  ): Promise<Static<typeof DecisionAnswer>>;
}

const tags = ['admin: inspection'];

/** The inspectors' admin API: the queue, a contract's dossier, and the decision. */
export function inspectionRoutes(api: InspectionApi) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/inspections',
      {
        schema: {
          tags,
          summary: 'The inspection queue, oldest first, with SLA age',
          querystring: QueueQuery,
          response: { 200: Envelope(QueuePage), ...errorResponses(400, 401) },
        },
      },
      async (request) => envelope(200, await api.queue(request.query)),
    );
    app.get(
      '/contracts/:contract_id',
      {
        schema: {
          tags,
          summary: 'Everything an inspector needs about one contract',
          params: DecisionParams,
          response: { 200: Envelope(Dossier), ...errorResponses(401, 404) },
        },
      },
      async (request) => envelope(200, await api.dossier(request.params.contract_id)),
    );
    app.post(
      '/contracts/:contract_id/inspection',
      {
        schema: {
          tags,
          summary:
            'Decide: approve (0), request re-inspection (1) or reject (2); the body is the spec webhook body',
          params: DecisionParams,
          body: DecisionBody,
          response: { 201: Envelope(DecisionAnswer), ...errorResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            envelope(
              201,
              await api.decide(request.params.contract_id, request.body, inspectorOf(request).id),
            ),
          ),
    );
  };
}
