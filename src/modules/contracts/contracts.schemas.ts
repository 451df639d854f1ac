import { Type } from 'typebox';
import { ModeSchema, Stored } from '../../core/http/openapi.js';
import { DeviceOsSchema } from '../devices/devices.schemas.js';
import { PolicyView } from '../policies/policies.schemas.js';
import { DEFAULT_SANDBOX_OUTCOME, SANDBOX_DELAY_NOTE, SANDBOX_OUTCOMES } from './sandbox-outcome.js';
import { TEST_IMEIS } from './test-imeis.js';

/** Wire schemas of the contract endpoints: they validate requests, type handlers and make the OpenAPI document. */
const Id = Type.String({ maxLength: 64 });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const Extra = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);
const Coordinate = Type.Union([Type.String({ maxLength: 32 }), Type.Number()]);

export const Location = Type.Object(
  { lat: Coordinate, lng: Coordinate },
  { description: 'Where the customer was; strings or numbers, latitude −90…90, longitude −180…180.' },
);

export const ContractParams = Type.Object({ contract_id: Id });

export const CreateContractBody = Type.Object({
  customer: Type.Object({
    name: Text(50, 'Full name.'),
    ssn: Text(20, 'Resident registration number, 13 digits with or without a dash.'),
    cellphone: Text(20, 'Korean mobile number (010…), with or without dashes.'),
    email: Text(254),
    extra_1: Type.Optional(Extra),
    extra_2: Type.Optional(Extra),
    extra_3: Type.Optional(Extra),
  }),
  device: Type.Object({
    os: DeviceOsSchema,
    name: Text(100, 'What the phone reports: Build.MODEL or the iOS identifier.'),
  }),
  affiliate_uid: Text(100, "The partner's id of its user."),
  affiliate_cid: Text(100, "The partner's id of this contract: unique per partner and mode."),
  sandbox_outcome: Type.Optional(
    Type.String({
      maxLength: 32,
      description: `Extension, test-mode keys only (ignored in live mode): how the sandbox decides this contract ${SANDBOX_DELAY_NOTE} ${Object.entries(
        SANDBOX_OUTCOMES,
      )
        .map(([outcome, effect]) => `\`${outcome}\`: ${effect}`)
        .join('; ')}. Default \`${DEFAULT_SANDBOX_OUTCOME}\`.`,
    }),
  ),
});

export const StatusFields = {
  status: Type.Integer({ minimum: 0, maximum: 9, description: 'Extension: the contract status (0–9).' }),
  status_name: Type.String({ description: 'Extension: the status in words.' }),
};

export const CreatedContract = Type.Object({
  contract_id: Type.String({ format: 'uuid' }),
  affiliate_uid: Type.String(),
  affiliate_cid: Type.String(),
  ...StatusFields,
});

export const Step1Body = Type.Object({
  device_info: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
    description: `The app's own device information, a free key/value map (imei, serial, model… are compared). Test mode: an \`imei\` from the sandbox's test list skips the OCR (samples at /docs/samples/): ${Object.values(
      TEST_IMEIS,
    )
      .map(({ imei, behaviour }) => `\`${imei}\` ${behaviour}`)
      .join('; ')}.`,
    maxProperties: 100,
  }),
  device_info_image: Id,
  location: Location,
});

const Inspection = Type.Object({ result: Type.Boolean(), msg: Type.String() });
export const Step1Result = Type.Object({
  ocr: Type.Object({
    result: Type.Boolean(),
    imei: Type.Union([Type.String(), Type.Null()]),
    sn: Type.Union([Type.String(), Type.Null()]),
  }),
  inspection: Inspection,
  insepection: Type.Object(Inspection.properties, {
    description: 'The same as `inspection`, under the key the spec\'s example spells "insepection".',
  }),
  qr: Type.Union([Type.Object({ key: Type.String() }), Type.Null()], {
    description:
      'Extension: the key the phone must show as a QR code in the front photos (null until step-1 passes).',
  }),
  ...StatusFields,
});

const ImageIds = Type.Array(Id, { minItems: 3, maxItems: 3 });
export const Step2Body = Type.Object({
  front_image: ImageIds,
  rear_image: ImageIds,
  location: Location,
  checkout_url: Text(2000, 'The partner payment deep link sent to the customer (https in live mode).'),
});
export const Step2UpdateBody = Type.Object({
  front_image: ImageIds,
  rear_image: ImageIds,
  location: Location,
});

const CheckResult = Type.Object({ result: Type.Boolean(), reason: Type.String() });
export const PhotoChecks = Type.Object(
  {
    image_id: Type.String(),
    role: Type.String(),
    qr: Type.Union([
      Type.Object({ found: Type.Boolean(), matched: Type.Boolean(), mirrored: Type.Boolean() }),
      Type.Null(),
    ]),
    duplicate: CheckResult,
    capture_time: CheckResult,
    not_screenshot: CheckResult,
    exposure: CheckResult,
    sharpness: CheckResult,
  },
  { description: 'The automated checks of one photo; they inform the inspector and never decide alone.' },
);
export const ChecksSummary = Type.Object({
  qr_matched: Type.Integer({ description: 'Front photos whose QR code matched the contract key (of 3).' }),
  flagged: Type.Integer({ description: 'Photos with at least one check that failed.' }),
  photos: Type.Array(PhotoChecks),
});

export const Step2Result = Type.Object({
  checkout: Type.Object({ due_datetime: Type.String({ description: 'Payment deadline, Korean time.' }) }),
  checks: ChecksSummary,
  ...StatusFields,
});

export const CheckoutBody = Type.Object({
  type: Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal(0), Type.Literal(1)], {
    description: '"0" lump sum, "1" monthly.',
  }),
  amount: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'KRW.' }),
  datetime: Text(40, 'When the payment was made, "YYYY-MM-DD HH:mm:ss" Korean time or ISO 8601.'),
});
export const CancelBody = Type.Object({ datetime: Text(40) });
export const ResultTrue = Type.Object({ result: Type.Boolean(), ...StatusFields });

export const ContractListQuery = Type.Object({
  affiliate_uid: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  created_from: Type.Optional(Type.String({ maxLength: 40 })),
  created_to: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  starting_after: Type.Optional(Id),
});

const Kst = Type.Union([Type.String({ description: 'Korean time, "YYYY-MM-DD HH:mm:ss".' }), Type.Null()]);
const TextOrNull = Type.Union([Type.String(), Type.Null()]);
const Listed = {
  contract_id: Type.String(),
  affiliate_uid: Type.String(),
  affiliate_cid: Type.String(),
  ...StatusFields,
};

export const ContractListPage = Type.Object({
  contracts: Type.Array(Type.Object({ ...Listed, created_at: Type.String(), updated_at: Type.String() })),
  has_more: Type.Boolean({
    description: 'More contracts follow: pass the last contract_id as starting_after.',
  }),
});

/** 계약정보 조회's answer: the contract as its partner may see it (masked, images with 15-second links). */
export const ContractView = Type.Object({
  ...Listed,
  mode: ModeSchema,
  customer: Type.Union(
    [
      Type.Object({
        name: TextOrNull,
        ssn: Type.Union([Type.String({ description: 'Masked: 860906-1******.' }), Type.Null()]),
        cellphone: TextOrNull,
        email: TextOrNull,
        extra_1: TextOrNull,
        extra_2: TextOrNull,
        extra_3: TextOrNull,
      }),
      Type.Null(),
    ],
    { description: 'Masked; null once the personal data has been erased.' },
  ),
  device: Type.Object({
    os: DeviceOsSchema,
    name: Type.String({ description: 'What the phone reported at create.' }),
    model_name: TextOrNull,
    marketing_name: TextOrNull,
  }),
  ocr: Type.Union([
    Type.Object({ result: Type.Boolean(), imei: TextOrNull, sn: TextOrNull, model: TextOrNull }),
    Type.Null(),
  ]),
  images: Type.Array(
    Type.Object({
      id: Type.String(),
      role: Type.String({ description: 'device_info, front or rear.' }),
      round: Type.Integer({ description: '0 for the step-1 screenshot, then the inspection round.' }),
      checks: Stored(Type.Union([PhotoChecks, Type.Null()])),
      url: Type.String({ description: 'Signed link, valid for 15 seconds.' }),
    }),
  ),
  checkout: Type.Object({
    due_datetime: Kst,
    type: Type.Union([Type.String({ description: '"0" lump sum, "1" monthly.' }), Type.Null()]),
    amount: Type.Union([Type.Integer(), Type.Null()]),
    datetime: Kst,
    checkout_url: TextOrNull,
  }),
  inspection_round: Type.Integer(),
  reinspection: Type.Object({ due_datetime: Kst, reinspection_url: TextOrNull }),
  insurance: Type.Union([
    Type.Object({ insurance_start: Type.String(), insurance_end: Type.String() }),
    Type.Null(),
  ]),
  contract_url: TextOrNull,
  policy: PolicyView,
  cancelled_at: Kst,
  created_at: Kst,
  updated_at: Kst,
  timeline: Type.Array(
    Type.Object({
      at: Kst,
      action: Type.String(),
      actor: Type.String({ description: 'partner, inspector, scheduler, sandbox…' }),
      from_status: Type.Union([Type.Integer(), Type.Null()]),
      to_status: Type.Union([Type.Integer(), Type.Null()]),
      note: TextOrNull,
    }),
  ),
});
