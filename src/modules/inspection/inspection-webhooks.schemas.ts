import { type Static, type TSchema, Type } from 'typebox';
import { KstTime } from '../../core/http/openapi.js';
import { WEBHOOK_RETRY_SCHEDULE } from '../webhooks/retry-schedule.js';
import { REJECT_TYPES } from './reject-types.js';

/**
 * The 검수결과 webhook bodies the platform POSTs to the partner (the spec's fields, then our
 * extensions naming the event and the contract), and the answers it reads back. They are the
 * OpenAPI document's `webhooks`, so the SDK's `webhooks.verify` returns these types.
 */
const Extensions = (type: string) => ({
  type: Type.Literal(type, { description: 'Extension: the event type.' }),
  contract_id: Type.String({ description: 'Extension: the contract this decision is about.' }),
  affiliate_uid: Type.String({ description: "Extension: your user's id, as sent at create." }),
  affiliate_cid: Type.String({ description: 'Extension: your contract id, as sent at create.' }),
  test: Type.Optional(Type.Boolean({ description: 'Extension: true on POST /webhook/test examples only.' })),
});
const SideVerdict = Type.Object({ result: Type.Boolean(), msg: Type.Union([Type.String(), Type.Null()]) });

export const CompletedWebhook = Type.Object(
  {
    result: Type.Literal(0),
    inspection_complete: KstTime,
    insurance: Type.Object({
      insurance_start: Type.String({ description: 'YYYY-MM-DD' }),
      insurance_end: Type.String({ description: 'YYYY-MM-DD' }),
    }),
    checkout: Type.Optional(
      Type.Object(
        {
          due_date: Type.String({ description: 'YYYY-MM-DD: the next monthly premium is due.' }),
          amount: Type.Integer({ description: 'KRW' }),
        },
        { description: 'Monthly payers (checkout type "1") only.' },
      ),
    ),
    ...Extensions('inspection.completed'),
  },
  { $id: 'InspectionCompletedWebhook', description: '검수완료: answer {"result": true, "contract_url"}.' },
);

export const ReinspectionWebhook = Type.Object(
  {
    result: Type.Literal(1),
    due_datetime: KstTime,
    detail: Type.Object({ front: SideVerdict, rear: SideVerdict }),
    msg: Type.String(),
    ...Extensions('inspection.reinspection_requested'),
  },
  {
    $id: 'ReinspectionRequestedWebhook',
    description: '재검수요청: answer {"result": true, "reinspection_url"}.',
  },
);

export const RejectedWebhook = Type.Object(
  {
    result: Type.Literal(2),
    reject_type: Type.Integer({
      description: Object.entries(REJECT_TYPES)
        .map(([code, text]) => `${code} ${text}`)
        .join('; '),
    }),
    msg: Type.String(),
    ...Extensions('inspection.rejected'),
  },
  { $id: 'RejectedWebhook', description: '인수거절: answer {"result": true}.' },
);

export const InspectionWebhook = Type.Union([CompletedWebhook, ReinspectionWebhook, RejectedWebhook]);
export type InspectionWebhookBody = Static<typeof InspectionWebhook>;

/** What the partner answers: an acknowledgement with the type's link, or a processing error. */
export const WebhookAnswer = Type.Union([
  Type.Object({
    result: Type.Literal(true),
    contract_url: Type.Optional(Type.String({ description: 'Required for inspection.completed.' })),
    reinspection_url: Type.Optional(
      Type.String({ description: 'Required for inspection.reinspection_requested.' }),
    ),
  }),
  Type.Object({ result: Type.Literal(false), error: Type.String() }),
]);

const duration = (ms: number) =>
  ms === 0
    ? 'at once'
    : ms < 60_000
      ? `${ms / 1000} s`
      : ms < 3_600_000
        ? `${ms / 60_000} min`
        : `${ms / 3_600_000} h`;
const RETRIES = WEBHOOK_RETRY_SCHEDULE.delaysMs.map(duration).join(', ');

const webhook = (summary: string, body: TSchema) => ({
  post: {
    summary,
    description: `Signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,HMAC-SHA256 with your whsec_ secret). Until acknowledged, attempts are made after these waits, each from the one before (±20 %; a longer Retry-After is honoured): ${RETRIES}.`,
    requestBody: { required: true, content: { 'application/json': { schema: body } } },
    responses: {
      200: {
        description: 'Your acknowledgement',
        content: { 'application/json': { schema: WebhookAnswer } },
      },
    },
  },
});

/** The document's `webhooks` section (OpenAPI 3.1). */
export const INSPECTION_WEBHOOKS = {
  'inspection.completed': webhook('검수완료 (result 0)', CompletedWebhook),
  'inspection.reinspection_requested': webhook('재검수요청 (result 1)', ReinspectionWebhook),
  'inspection.rejected': webhook('인수거절 (result 2)', RejectedWebhook),
};
