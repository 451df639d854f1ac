import { Type } from 'typebox';
import {
  JsonObject,
  KstTimeOrNull,
  ModeSchema,
  Nullable,
  NullableText,
  Stored,
} from '../../core/http/openapi.js';
import { CONTRACT_STATUSES, STATUS } from '../contracts/contract-status.js';
import { PhotoChecks, ResultTrue } from '../contracts/contracts.schemas.js';
import { DeviceOsSchema } from '../devices/devices.schemas.js';
import { ImageUrl } from '../images/images.schemas.js';
import { ContractDelivery, ContractNotification } from '../webhooks/deliveries.schemas.js';
import { REJECT_TYPES } from './reject-types.js';

const SideVerdict = Type.Object({
  result: Type.Boolean(),
  msg: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
});

/** The decision is the spec's webhook body (검수결과 webhook); defaults fill what the inspector leaves out. */
export const DecisionBody = Type.Object({
  result: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], {
    description: '0 approve (검수완료), 1 re-inspection (재검수요청), 2 reject (인수거절).',
  }),
  insurance: Type.Optional(
    Type.Object({
      insurance_start: Type.Optional(
        Type.String({ description: 'YYYY-MM-DD; default: tomorrow (Korean time).' }),
      ),
      insurance_end: Type.Optional(
        Type.String({ description: 'YYYY-MM-DD; default: a year after the start, less a day.' }),
      ),
    }),
  ),
  due_datetime: Type.Optional(Type.String({ description: 'Re-inspection deadline; default 48 h from now.' })),
  detail: Type.Optional(Type.Object({ front: SideVerdict, rear: SideVerdict })),
  reject_type: Type.Optional(
    Type.Integer({
      description: `Rejection reason: ${Object.entries(REJECT_TYPES)
        .map(([code, text]) => `${code} ${text}`)
        .join('; ')}.`,
    }),
  ),
  msg: Type.Optional(Type.String({ maxLength: 500 })),
});

export const DecisionParams = Type.Object({ contract_id: Type.String({ maxLength: 64 }) });
export const QueueQuery = Type.Object({
  status: Type.Optional(
    Type.Integer({ minimum: 0, maximum: CONTRACT_STATUSES.length - 1, default: STATUS.inspectionRequested }),
  ),
  affiliate_id: Type.Optional(
    Type.String({ format: 'uuid', description: "A partner's id: only its contracts." }),
  ),
  device: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

/** `status` and its `status_name`, as every contract answer carries them. */
const { status, status_name } = ResultTrue.properties;
const uuid = Type.String({ format: 'uuid' });
const device = { name: Type.String(), model_name: Type.String() };
/** The column's CHECK holds it to these three; the row type reads it as a plain string. */
const ImageRole = Type.Unsafe<string>(
  Type.Union([Type.Literal('device_info'), Type.Literal('front'), Type.Literal('rear')]),
);

export const QueuePage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      contract_id: uuid,
      status,
      status_name,
      mode: ModeSchema,
      affiliate: Type.Object({ id: uuid, name: Type.String() }),
      device: Type.Object(device),
      round: Type.Integer(),
      reinspection: Type.Boolean({ description: 'A second or later round.' }),
      queued_at: KstTimeOrNull,
      age_seconds: Type.Integer({ description: 'Since the inspection was requested (the SLA clock).' }),
      checks: Type.Object(
        {
          qr_matched: Type.Integer(),
          qr_expected: Type.Integer(),
          duplicate: Type.Boolean(),
          capture_time: Type.Boolean(),
          screenshot: Type.Boolean(),
          blur_or_dark: Type.Boolean(),
        },
        { description: "The round's automated checks; each flag is true when a photo failed that check." },
      ),
    }),
  ),
});

export const Dossier = Type.Object({
  contract_id: uuid,
  status,
  status_name,
  mode: ModeSchema,
  affiliate: Type.Object({ id: uuid, name: Type.String(), uid: Type.String(), cid: Type.String() }),
  customer: Nullable(
    Type.Object(
      {
        name: NullableText,
        ssn: Nullable(Type.String({ description: 'Masked: 860906-1******.' })),
        cellphone: NullableText,
        email: NullableText,
      },
      { description: 'null once personal data has been erased.' },
    ),
  ),
  device: Type.Object({
    ...device,
    os: DeviceOsSchema,
    reported: Type.String({ description: 'The name the phone reported at creation.' }),
    premium_lump_sum: Type.Integer(),
    premium_monthly: Type.Integer(),
  }),
  ocr: Stored(
    Nullable(
      Type.Object(
        {
          result: Type.Boolean(),
          imei: NullableText,
          imeis: Type.Array(Type.String()),
          serial: NullableText,
          model: NullableText,
          confidence: Type.Number({ description: 'Mean word confidence, 0–1.' }),
        },
        { description: 'What step-1 read on the "About phone" screenshot (null before step-1).' },
      ),
    ),
  ),
  device_info: Stored(Nullable(JsonObject)),
  payment: Type.Object({
    type: Nullable(Type.String({ description: '"0" lump sum, "1" monthly.' })),
    amount: Nullable(Type.Integer()),
    paid_at: KstTimeOrNull,
    due: KstTimeOrNull,
  }),
  round: Type.Integer(),
  queued_at: KstTimeOrNull,
  reinspection_due: KstTimeOrNull,
  insurance: Nullable(Type.Object({ insurance_start: Type.String(), insurance_end: NullableText })),
  links: Type.Object({
    checkout_url: NullableText,
    contract_url: NullableText,
    reinspection_url: NullableText,
  }),
  images: Type.Array(
    Type.Object({
      id: uuid,
      role: ImageRole,
      round: Type.Integer(),
      position: Type.Integer(),
      width: Type.Integer(),
      height: Type.Integer(),
      taken_at: KstTimeOrNull,
      checks: Stored(Nullable(PhotoChecks)),
      url: ImageUrl.properties.url,
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      id: uuid,
      round: Type.Integer(),
      result: Type.Integer({ description: '0 approved, 1 re-inspection, 2 rejected.' }),
      body: Stored(JsonObject),
      inspector_id: Nullable(uuid),
      decided_at: KstTimeOrNull,
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      at: KstTimeOrNull,
      action: Type.String(),
      actor: Type.String(),
      actor_id: NullableText,
      from_status: Nullable(Type.Integer()),
      to_status: Nullable(Type.Integer()),
      note: NullableText,
    }),
  ),
  deliveries: Type.Array(ContractDelivery),
  notifications: Type.Array(ContractNotification),
  updated_at: KstTimeOrNull,
});

export const DecisionAnswer = Type.Object({
  decision_id: uuid,
  webhook_id: Type.String(),
  status,
  webhook: JsonObject,
});
