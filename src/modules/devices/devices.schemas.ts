import { type Static, Type } from 'typebox';

export const DeviceOsSchema = Type.Union([Type.Literal('ios'), Type.Literal('aos')], {
  description: '`ios` or `aos` (Android).',
});

export const CandidateDevice = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String({ description: 'Marketing name, e.g. "삼성 갤럭시 노트 10".' }),
    model_name: Type.String({
      description: 'Android Build.MODEL or iOS machine identifier, e.g. "SM-N971N".',
    }),
    os: DeviceOsSchema,
    premium_lump_sum: Type.Integer({ description: 'Extension: yearly premium paid at once, KRW.' }),
    premium_monthly: Type.Integer({ description: 'Extension: monthly premium, KRW.' }),
  },
  { description: 'A device of the catalog.' },
);

export const CandidateList = Type.Object({ device_list: Type.Array(CandidateDevice) });

export const AvailabilityQuery = Type.Object({
  os: DeviceOsSchema,
  device_name: Type.String({
    minLength: 1,
    maxLength: 100,
    pattern: '\\S',
    description: 'What the phone reports: Build.MODEL ("SM-N981N") or the iOS identifier ("iPhone8,4").',
  }),
});

export const Availability = Type.Object({
  available: Type.Boolean(),
  device: Type.Union([CandidateDevice, Type.Null()], {
    description: 'Extension: the catalog entry the name matched, eligible or not.',
  }),
});

export type AvailabilityQuery = Static<typeof AvailabilityQuery>;
