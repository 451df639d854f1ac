import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Envelope, envelope, errorResponses, sendSerialized } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { Availability, AvailabilityQuery, CandidateList } from './devices.schemas.js';
import type { DevicesService } from './devices.service.js';

const PARTNER_ERRORS = errorResponses(400, 401, 429);

type CandidateListData = Awaited<ReturnType<DevicesService['listCandidates']>>;

export function devicesRoutes(devices: DevicesService) {
  // The list changes only when the catalog does: its JSON is built once per cached list, not per request.
  const serialized = new WeakMap<CandidateListData, string>();
  const listBody = (list: CandidateListData) => {
    let body = serialized.get(list);
    if (body === undefined) {
      body = JSON.stringify(envelope(200, { device_list: list }));
      serialized.set(list, body);
    }
    return body;
  };

  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/candidate/',
      {
        schema: {
          tags: ['devices'],
          summary: '가입가능 기기 정보 조회 — the eligible devices',
          security: [{ apiKey: [] }],
          response: { 200: Envelope(CandidateList), ...PARTNER_ERRORS },
        },
      },
      async (_request, reply) =>
        sendSerialized(reply as FastifyReply, listBody(await devices.listCandidates())),
    );

    app.post(
      '/candidate/',
      {
        schema: {
          tags: ['devices'],
          summary: '가입가능 기기 확인 — is this phone eligible?',
          security: [{ apiKey: [] }],
          body: AvailabilityQuery,
          response: { 200: Envelope(Availability), ...errorResponses(400, 401, 413, 415, 422, 429) },
        },
      },
      async (request) =>
        envelope(200, await devices.checkAvailability(request.body.os, request.body.device_name)),
    );
  };
}
