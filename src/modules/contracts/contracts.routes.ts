import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../core/http/api-key-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import {
  CancelBody,
  CheckoutBody,
  ContractListPage,
  ContractListQuery,
  ContractParams,
  ContractView,
  CreateContractBody,
  CreatedContract,
  ResultTrue,
  Step1Body,
  Step1Result,
  Step2Body,
  Step2Result,
  Step2UpdateBody,
} from './contracts.schemas.js';
import type { ContractsService } from './contracts.service.js';

const security = [{ apiKey: [] }];
const tags = ['contracts'];
const POST_ERRORS = errorResponses(400, 401, 404, 409, 413, 415, 422, 429);

export function contractsRoutes(contracts: ContractsService) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/contract/create/',
      {
        schema: {
          tags,
          security,
          summary: '최초 가입정보 등록 — open a contract (status 0)',
          body: CreateContractBody,
          response: { 201: Envelope(CreatedContract), ...POST_ERRORS },
        },
      },
      async (request, reply) =>
        reply.code(201).send(envelope(201, await contracts.create(callerOf(request), request.body))),
    );

    app.post(
      '/contract/:contract_id/step-1/',
      {
        schema: {
          tags,
          security,
          summary: '캡쳐 이미지 및 부가정보 등록 — OCR of the About-phone screenshot (status 1)',
          params: ContractParams,
          body: Step1Body,
          response: { 200: Envelope(Step1Result), ...POST_ERRORS },
        },
      },
      async (request) =>
        envelope(
          200,
          await contracts.registerDevice(callerOf(request), request.params.contract_id, request.body),
        ),
    );

    app.post(
      '/contract/:contract_id/step-2/',
      {
        schema: {
          tags,
          security,
          summary: '전후면 촬영 이미지 및 결제 딥링크 등록 — photos and payment link (status 2)',
          params: ContractParams,
          body: Step2Body,
          response: { 200: Envelope(Step2Result), ...POST_ERRORS },
        },
      },
      async (request) =>
        envelope(
          200,
          await contracts.submitPhotos(callerOf(request), request.params.contract_id, request.body),
        ),
    );

    app.post(
      '/contract/:contract_id/step-2/update/',
      {
        schema: {
          tags,
          security,
          summary: '재검수 이미지 등록 — photos for a re-inspection (status 3)',
          params: ContractParams,
          body: Step2UpdateBody,
          response: {
            200: Envelope(
              Type.Object({
                result: Type.Boolean(),
                checks: Step2Result.properties.checks,
                status: Type.Integer(),
                status_name: Type.String(),
              }),
            ),
            ...POST_ERRORS,
          },
        },
      },
      async (request) =>
        envelope(
          200,
          await contracts.resubmitPhotos(callerOf(request), request.params.contract_id, request.body),
        ),
    );

    app.post(
      '/contract/:contract_id/checkout/',
      {
        schema: {
          tags,
          security,
          summary: '결제정보 등록 — the payment (status 3)',
          params: ContractParams,
          body: CheckoutBody,
          response: { 200: Envelope(ResultTrue), ...POST_ERRORS },
        },
      },
      async (request) =>
        envelope(
          200,
          await contracts.recordPayment(callerOf(request), request.params.contract_id, request.body),
        ),
    );

    app.post(
      '/contract/:contract_id/checkout/cancel/',
      {
        schema: {
          tags,
          security,
          summary: '결제취소 — cancel the payment (status 3, 4, 5 → 8)',
          params: ContractParams,
          body: CancelBody,
          response: { 200: Envelope(ResultTrue), ...POST_ERRORS },
        },
      },
      async (request) =>
        envelope(
          200,
          await contracts.cancelPayment(callerOf(request), request.params.contract_id, request.body),
        ),
    );

    app.get(
      '/contract/:contract_id/',
      {
        schema: {
          tags,
          security,
          summary: '계약정보 조회 — the contract in any status',
          params: ContractParams,
          response: { 200: Envelope(ContractView), ...errorResponses(401, 404, 429) },
        },
      },
      async (request) => envelope(200, await contracts.view(callerOf(request), request.params.contract_id)),
    );

    app.get(
      '/contract/',
      {
        schema: {
          tags,
          security,
          summary: 'Extension: your contracts, newest first (keyset pagination)',
          querystring: ContractListQuery,
          response: { 200: Envelope(ContractListPage), ...errorResponses(400, 401, 429) },
        },
      },
      async (request) => envelope(200, await contracts.list(callerOf(request), request.query)),
    );
  };
}
