import { androidPriceClass, isAndroidNonPhone, omdModelCode, referenceModelName } from './android-models.js';
import type { DeviceOs } from './catalog-device.js';
import { curatedDevices } from './curated-devices.js';
import { DeviceCsvError } from './device-csv-error.js';
import { normaliseDeviceCode } from './device-matching.js';
import {
  iphoneGenerationFromSalesCode,
  iphoneGenerationOf,
  iphoneIdentifiers,
  iphonePriceClass,
  koreanIphoneName,
} from './iphone-models.js';
import type { Premium, PriceClass } from './premium-rule.js';

export const REFERENCE_COLUMNS = [
  'sheet',
  'manufacturer',
  'representative_name',
  'model_name',
  'model_code',
  'release_date',
  'phone_safe_plans',
] as const;
export const EXTRA_COLUMNS = [
  'os',
  'name',
  'identifiers',
  'premium_lump_sum',
  'premium_monthly',
  'eligible',
] as const;
export type DeviceCsvColumn = (typeof REFERENCE_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number];
export type DeviceCsvRow = Partial<Record<DeviceCsvColumn, string>>;

/** What one CSV row says about one phone model; rows of the same model are merged afterwards. */
export interface RowDevice {
  os: DeviceOs;
  /** Normalised; the first is the model's representative code. */
  identifiers: string[];
  name: string;
  /** The row's `name` column was filled in (it then beats derived names of sibling rows). */
  namedByOperator: boolean;
  priceClass: PriceClass;
  releaseDate: string | null;
  eligible: boolean;
  premium: Premium | null;
}
export type RowOutcome = { device: RowDevice } | { skipped: string };

const APPLE_MAKERS = new Set(['애플', 'apple', 'iphone', 'ipad']);
const IPHONE_SALES_CODE = /^(RE_)?IPHONE/i;
const ANDROID_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const ELIGIBLE_VALUES: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  o: true,
  x: false,
  '1': true,
  '0': false,
};

const curatedAndroidNames = new Map(
  curatedDevices()
    .filter((device) => device.os === 'aos')
    .flatMap((device) => device.identifiers.map((id) => [id, device.name] as const)),
);

/** Interprets one data row; throws DeviceCsvError for a value that is malformed. */
export function readRow(row: DeviceCsvRow, line: number): RowOutcome {
  const modelName = row.model_name ?? '';
  const explicitIds = (row.identifiers ?? '')
    .split(';')
    .map((id) => id.trim())
    .filter(Boolean);
  // The reference sheet has rows like "LTE,애플,0,,,," left over from its spreadsheet.
  if (
    explicitIds.length === 0 &&
    !modelName &&
    !row.model_code &&
    !row.release_date &&
    !row.phone_safe_plans
  ) {
    return { skipped: 'empty placeholder row' };
  }
  const os = readOs(row, explicitIds, line);
  const model =
    explicitIds.length > 0 ? explicitModel(os, explicitIds, row) : derivedModel(os, modelName, row);
  if ('skipped' in model) return model;
  return {
    device: {
      ...model,
      name: row.name || model.name,
      namedByOperator: Boolean(row.name),
      releaseDate: readDate(row.release_date, line),
      eligible: readEligible(row, line),
      premium: readPremium(row, line),
    },
  };
}

type Model = Pick<RowDevice, 'os' | 'identifiers' | 'name' | 'priceClass'>;

function readOs(row: DeviceCsvRow, explicitIds: string[], line: number): DeviceOs {
  const os = row.os?.toLowerCase();
  if (os === 'ios' || os === 'aos') return os;
  if (os) throw new DeviceCsvError(line, `os "${row.os}" must be ios or aos`);
  const apple =
    APPLE_MAKERS.has((row.manufacturer ?? '').toLowerCase()) ||
    IPHONE_SALES_CODE.test(row.model_name ?? '') ||
    /^iphone\s*\d/i.test(explicitIds[0] ?? '');
  return apple ? 'ios' : 'aos';
}

function explicitModel(os: DeviceOs, explicitIds: string[], row: DeviceCsvRow): Model {
  const identifiers = [...new Set(explicitIds.map((id) => normaliseDeviceCode(os, id)))];
  const first = identifiers[0] ?? '';
  if (os === 'aos') {
    return { os, identifiers, name: androidName(first, row), priceClass: androidPriceClass(first) };
  }
  const generation = iphoneGenerationOf(first);
  return {
    os,
    identifiers,
    name: generation ? koreanIphoneName(generation) : first,
    priceClass: generation ? iphonePriceClass(generation) : 'flagship',
  };
}

function derivedModel(os: DeviceOs, modelName: string, row: DeviceCsvRow): Model | { skipped: string } {
  if (os === 'ios') {
    // iPads and Apple Watches share the Apple sheets; the product insures phones only.
    if (!IPHONE_SALES_CODE.test(modelName)) return { skipped: `not a phone: "${modelName}"` };
    const generation = iphoneGenerationFromSalesCode(modelName);
    if (!generation) return { skipped: `unknown iPhone model "${modelName}" (add an identifiers column)` };
    return {
      os,
      identifiers: iphoneIdentifiers(generation),
      name: koreanIphoneName(generation),
      priceClass: iphonePriceClass(generation),
    };
  }
  if (row.sheet === 'OMD' || /^OMD\s/i.test(modelName)) {
    const code = omdModelCode(modelName);
    if (!code)
      return {
        skipped: `OMD model "${modelName}" is not mapped to a Build.MODEL (add an identifiers column)`,
      };
    return androidModel(code, row);
  }
  const code = normaliseDeviceCode('aos', modelName.replace(/^\([^)]*\)/, '').split('_')[0] ?? '');
  if (!ANDROID_CODE.test(code)) {
    return { skipped: `no Android model code in "${modelName}" (add an identifiers column)` };
  }
  return androidModel(code, row);
}

function androidModel(code: string, row: DeviceCsvRow): Model | { skipped: string } {
  if (isAndroidNonPhone(code)) return { skipped: `not a phone: ${code}` };
  return {
    os: 'aos',
    identifiers: [code],
    name: androidName(code, row),
    priceClass: androidPriceClass(code),
  };
}

function androidName(code: string, row: DeviceCsvRow): string {
  const known = curatedAndroidNames.get(code) ?? referenceModelName(code);
  if (known) return known;
  const maker = row.manufacturer || (code.startsWith('SM-') ? '삼성' : /^(LM|LGM?)-/.test(code) ? 'LG' : '');
  return maker ? `${maker} ${code}` : code;
}

function readDate(value: string | undefined, line: number): string | null {
  if (!value) return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(value)
  ) {
    throw new DeviceCsvError(line, `release_date "${value}" is not a YYYY-MM-DD date`);
  }
  return value;
}

// An explicit `eligible` wins; otherwise the reference rule: `X` in phone_safe_plans means not
// eligible, anything else (a plan list, or the refurbished sheet's remark) means eligible.
function readEligible(row: DeviceCsvRow, line: number): boolean {
  if (row.eligible) {
    const eligible = ELIGIBLE_VALUES[row.eligible.toLowerCase()];
    if (eligible === undefined) {
      throw new DeviceCsvError(line, `eligible "${row.eligible}" must be true/false, y/n, o/x or 1/0`);
    }
    return eligible;
  }
  if (!row.phone_safe_plans) {
    throw new DeviceCsvError(
      line,
      'phone_safe_plans is empty (X for not eligible) and there is no eligible value',
    );
  }
  return row.phone_safe_plans.toUpperCase() !== 'X';
}

function readPremium(row: DeviceCsvRow, line: number): Premium | null {
  const lumpSum = row.premium_lump_sum;
  const monthly = row.premium_monthly;
  if (!lumpSum && !monthly) return null;
  if (!lumpSum || !monthly) {
    throw new DeviceCsvError(line, 'premium_lump_sum and premium_monthly must be given together');
  }
  return {
    premiumLumpSum: readKrw('premium_lump_sum', lumpSum, line),
    premiumMonthly: readKrw('premium_monthly', monthly, line),
  };
}

function readKrw(column: string, value: string, line: number): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) {
    throw new DeviceCsvError(line, `${column} "${value}" must be a whole number of KRW above 0`);
  }
  return Number(value);
}
