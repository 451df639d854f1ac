import { type Static, Type } from 'typebox';
import { IsoTime, Nullable } from '../../core/http/openapi.js';

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

/** A catalog entry as the admin API lists it: eligible or not, with its release date. */
const { id, os, name, model_name, premium_lump_sum, premium_monthly } = CandidateDevice.properties;
const catalogFields = {
  id,
  os,
  name,
  model_name,
  eligible: Type.Boolean(),
  premium_lump_sum,
  premium_monthly,
  release_date: Nullable(Type.String({ description: 'YYYY-MM-DD.' })),
};
export const CatalogPage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object(catalogFields)),
});

export const UpdatedDevice = Type.Object({ ...catalogFields, created_at: IsoTime, updated_at: IsoTime });

export const CatalogImport = Type.Object({
  inserted: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'Well-formed rows that name no insurable phone (tablets, watches, unmapped names).',
  }),
});
