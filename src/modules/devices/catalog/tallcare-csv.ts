import { parse } from 'csv-parse/sync';
import type { CatalogDevice } from './catalog-device.js';
import { DeviceCsvError } from './device-csv-error.js';
import { premiumFor } from './premium-rule.js';
import {
  type DeviceCsvColumn,
  type DeviceCsvRow,
  EXTRA_COLUMNS,
  REFERENCE_COLUMNS,
  type RowDevice,
  readRow,
} from './tallcare-row.js';

export { DeviceCsvError } from './device-csv-error.js';

export interface SkippedRow {
  line: number;
  reason: string;
}

export interface DeviceCsvResult {
  devices: CatalogDevice[];
  /** Rows that are well-formed but name no insurable phone (iPads, watches, unmapped names). */
  skipped: SkippedRow[];
}

interface Group {
  device: RowDevice;
  firstLine: number;
  premiumLine: number | null;
}

/**
 * Reads a device list in the shape of the carrier's reference CSV (one row per storage/colour variant)
 * plus the optional operator columns os, name, identifiers (`;`-separated), premium_lump_sum,
 * premium_monthly and eligible. Variant rows of one model become one device: Android rows by their
 * Build.MODEL, iPhone rows by their machine identifiers. A model is eligible when any of its rows is
 * (a phone reports its model, never the storage, colour or demo variant it was sold as), dates keep
 * the earliest launch, and premiums not given come from premium-rule.ts.
 * Throws DeviceCsvError naming the line for anything malformed.
 */
export function readDeviceCsv(text: string): DeviceCsvResult {
  const [header, ...records] = parseRecords(text);
  if (!header) throw new DeviceCsvError(1, 'the file is empty; expected a header row');
  const columns = readHeader(header.record);

  const groups: Group[] = [];
  const owners = new Map<string, Group>();
  const skipped: SkippedRow[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const row: DeviceCsvRow = Object.fromEntries(columns.map((column, i) => [column, record[i] ?? '']));
    const outcome = readRow(row, line);
    if ('skipped' in outcome) {
      skipped.push({ line, reason: outcome.skipped });
      continue;
    }
    const { device } = outcome;
    // A row joins the model that already owns any of its codes; codes owned by two models are an error.
    const matches = new Set(device.identifiers.flatMap((id) => owners.get(`${device.os}:${id}`) ?? []));
    const [group, other] = matches;
    if (group && other) {
      throw new DeviceCsvError(
        line,
        `the row's codes belong to two models: ${describe(group)} and ${describe(other)}`,
      );
    }
    const target = group ?? newGroup(device, line);
    if (group) mergeInto(group, device, line);
    else groups.push(target);
    for (const id of target.device.identifiers) owners.set(`${device.os}:${id}`, target);
  }
  return { devices: groups.map(toCatalogDevice), skipped };
}

export function parseDeviceCsv(text: string): CatalogDevice[] {
  return readDeviceCsv(text).devices;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function parseRecords(text: string): ParsedRecord[] {
  try {
    // With `info` csv-parse returns { record, info } pairs; its typings only describe plain records.
    return parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message.replace(/ on line \d+$/, '') : String(error);
    throw new DeviceCsvError(typeof line === 'number' ? line : 1, `malformed CSV: ${message}`);
  }
}

const KNOWN_COLUMNS: readonly string[] = [...REFERENCE_COLUMNS, ...EXTRA_COLUMNS];

function readHeader(header: string[]): DeviceCsvColumn[] {
  const columns = header.map((column) => column.toLowerCase());
  for (const [i, column] of columns.entries()) {
    if (!KNOWN_COLUMNS.includes(column)) {
      throw new DeviceCsvError(
        1,
        `unknown column "${header[i]}"; known columns: ${KNOWN_COLUMNS.join(', ')}`,
      );
    }
    if (columns.indexOf(column) !== i) throw new DeviceCsvError(1, `column "${column}" appears twice`);
  }
  const missing = REFERENCE_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new DeviceCsvError(1, `missing column(s): ${missing.join(', ')}`);
  return columns as DeviceCsvColumn[];
}

function newGroup(device: RowDevice, line: number): Group {
  return { device: { ...device }, firstLine: line, premiumLine: device.premium ? line : null };
}

function mergeInto(group: Group, row: RowDevice, line: number): void {
  const current = group.device;
  if (row.premium && current.premium) {
    const same =
      row.premium.premiumLumpSum === current.premium.premiumLumpSum &&
      row.premium.premiumMonthly === current.premium.premiumMonthly;
    if (!same)
      throw new DeviceCsvError(
        line,
        `premiums differ from line ${group.premiumLine} for ${current.identifiers[0]}`,
      );
  }
  if (row.premium && !current.premium) group.premiumLine = line;
  if (row.namedByOperator && !current.namedByOperator) current.name = row.name;
  current.namedByOperator ||= row.namedByOperator;
  current.identifiers = [...new Set([...current.identifiers, ...row.identifiers])];
  current.releaseDate = earliest(current.releaseDate, row.releaseDate);
  current.eligible ||= row.eligible;
  current.premium ??= row.premium;
}

function describe(group: Group): string {
  return `${group.device.identifiers[0]} (line ${group.firstLine})`;
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function toCatalogDevice({ device }: Group): CatalogDevice {
  const releaseYear = device.releaseDate ? Number(device.releaseDate.slice(0, 4)) : null;
  return {
    os: device.os,
    name: device.name,
    modelName: device.identifiers[0] ?? '',
    identifiers: device.identifiers,
    releaseDate: device.releaseDate,
    eligible: device.eligible,
    ...(device.premium ?? premiumFor(device.priceClass, releaseYear)),
  };
}
