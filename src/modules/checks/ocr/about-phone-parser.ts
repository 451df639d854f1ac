/**
 * Pulls IMEIs, the serial number and the model number out of the OCR text of an "About phone"
 * screen (Samsung One UI 휴대전화 정보, iOS 정보, and their English versions). Pure: text in, fields out.
 */
import { isValidImei } from './luhn.js';

export interface AboutPhoneFields {
  imeis: string[];
  serial: string | null;
  model: string | null;
}

// Labels are matched on the line with spaces removed, so `일련 번호` and `일련번호` are one label.
const SERIAL_LABEL = /^(?:일련번호|시리얼번호|serialnumber|serialno\.?|serial)[:：]?/i;
const MODEL_NUMBER_LABEL = /^(?:모델번호|modelnumber|modelno\.?)[:：]?/i;
const MODEL_NAME_LABEL = /^(?:모델명|모델이름|modelname)[:：]?/i;
// Lines whose numbers are never an IMEI, even when one happens to be 15 digits and Luhn-valid.
const NOT_IMEI_LABEL = /^(?:imei\s*sv|meid|iccid|eid|seid|전화번호|phonenumber|mynumber|imsi)/i;

// Characters OCR puts in place of digits; mapped only inside runs that then make a Luhn-valid IMEI.
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
  S: '5',
  B: '8',
};
const DIGITISH_TOKEN = /^[0-9OoDIl|SB]+$/;
// A label digit (`IMEI 1`, `IMEI 2`) or stray mark may sit before or after the number in the same run.
const MAX_DROPPED_TOKEN = 2;

/** Extracts the fields from OCR text (a string with line breaks, or its lines). */
export function parseAboutPhone(input: string | readonly string[]): AboutPhoneFields {
  const lines = (typeof input === 'string' ? input.split(/\r?\n/) : input)
    .map((l) =>
      l
        .normalize('NFKC')
        .replace(/[‐-―−]/g, '-')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((l) => l.length > 0);
  return { imeis: findImeis(lines), serial: findSerial(lines), model: findModel(lines) };
}

function compact(line: string): string {
  return line.replace(/\s+/g, '');
}

/** The text after `label` on the same line, or else the whole next line (One UI puts values under labels). */
function valueAfter(lines: readonly string[], i: number, label: RegExp): string | null {
  const line = lines[i] as string;
  const m = label.exec(compact(line));
  if (!m) return null;
  // Map the match length back onto the spaced line: consume that many non-space characters.
  let seen = 0;
  let cut = 0;
  while (cut < line.length && seen < m[0].length) {
    if (!/\s/.test(line[cut] as string)) seen++;
    cut++;
  }
  const rest = line.slice(cut).trim();
  if (rest) return rest;
  const next = lines[i + 1];
  return next !== undefined && !isLabel(next) ? next : null;
}

function isLabel(line: string): boolean {
  const c = compact(line);
  return [SERIAL_LABEL, MODEL_NUMBER_LABEL, MODEL_NAME_LABEL, NOT_IMEI_LABEL, /^imei/i].some((re) =>
    re.test(c),
  );
}

function findSerial(lines: readonly string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    const value = valueAfter(lines, i, SERIAL_LABEL);
    const serial = value === null ? null : normaliseSerial(value);
    if (serial) return serial;
  }
  return null;
}

/** A serial number as read, or null when it cannot be one (8–14 letters and digits). */
export function normaliseSerial(value: string): string | null {
  // Serial alphabets (Apple's documented one, and Samsung's as far as seen) leave out I and O,
  // so OCR's I, l and O here can only be 1 and 0.
  const serial = compact(value).replace(/l/g, '1').toUpperCase().replace(/I/g, '1').replace(/O/g, '0');
  return /^[A-Z0-9]{8,14}$/.test(serial) ? serial : null;
}

/**
 * Merges readings of one serial, least trusted first (page pass, then line passes). Where two differ at
 * a position and only one has a digit, the digit wins: on the fixture set every pass misread digits as
 * look-alike letters (1→T, 8→S, 6→G, 0→Q) and never the other way round. Otherwise the later one wins;
 * readings of another length replace the merge so far, as a dropped or extra character shifts the rest.
 */
export function mergeSerialReadings(...readings: (string | null)[]): string | null {
  return readings.reduce<string | null>((merged, next) => {
    if (!merged || !next || merged.length !== next.length) return next ?? merged;
    let out = '';
    for (let i = 0; i < next.length; i++) {
      const [m, n] = [merged[i] as string, next[i] as string];
      out += m === n || /\d/.test(n) || !/\d/.test(m) ? n : m;
    }
    return out;
  }, null);
}

export type LabelledField = 'serial' | 'model';

/**
 * Where the value of a labelled field sits: on the label's own line (iOS: label left, value right)
 * or on the line under it (One UI). Lets an OCR adapter re-read just that value.
 */
export function locateValue(
  lines: readonly string[],
  field: LabelledField,
): { line: number; besideLabel: boolean } | null {
  const label = field === 'serial' ? SERIAL_LABEL : MODEL_NUMBER_LABEL;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).normalize('NFKC').trim();
    const m = label.exec(compact(line));
    if (!m) continue;
    if (compact(line).length > m[0].length) return { line: i, besideLabel: true };
    const next = lines[i + 1];
    return next !== undefined && !isLabel(next) ? { line: i + 1, besideLabel: false } : null;
  }
  return null;
}

function findModel(lines: readonly string[]): string | null {
  let name: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const number = valueAfter(lines, i, MODEL_NUMBER_LABEL);
    if (number !== null) {
      const code = normaliseModelCode(number);
      if (code) return code;
    }
    name ??= valueAfter(lines, i, MODEL_NAME_LABEL);
  }
  // Without a model-number row, a model code anywhere wins over a marketing name such as "iPhone 13".
  for (const line of lines) {
    for (const word of line.split(' ')) {
      const code = normaliseModelCode(word);
      if (code) return code;
    }
  }
  return name ? (normaliseModelCode(name) ?? name) : null;
}

/** Returns the value as a model code (`SM-N981N`, `A2221`, `MWLT2KH/A`) when it reads as one. */
function normaliseModelCode(value: string): string | null {
  const v = compact(value).toUpperCase();
  // Samsung codes: OCR may read the S as 5 or drop the dash; the three digits may come as look-alikes.
  const samsung = /^SM-?([A-Z])([0-9OISBZ]{3})([A-Z0-9]{0,3})$/.exec(v.replace(/^5M/, 'SM'));
  if (samsung) return `SM-${samsung[1]}${digitsOf(samsung[2] as string)}${samsung[3]}`;
  const aNumber = /^A([0-9OISBZ]{4})$/.exec(v);
  if (aNumber) return `A${digitsOf(aNumber[1] as string)}`;
  // Apple part numbers share the serials' alphabet without I and O.
  const part = /^([A-Z0-9]{4,5})([A-Z]{1,2}\/A)$/.exec(v);
  return part ? `${(part[1] as string).replace(/O/g, '0').replace(/I/g, '1')}${part[2]}` : null;
}

function digitsOf(s: string): string {
  return s.replace(/[OISBZ]/g, (c) => ({ O: '0', I: '1', S: '5', B: '8', Z: '2' })[c] as string);
}

/** A line that holds 13–16 digits yet no valid IMEI and no excluded label: probably a misread IMEI. */
export function looksLikeMisreadImei(line: string): boolean {
  const digits = line.replace(/[^0-9]/g, '').length;
  return (
    digits >= 13 && digits <= 16 && !NOT_IMEI_LABEL.test(compact(line)) && imeisInLine(line).length === 0
  );
}

function findImeis(lines: readonly string[]): string[] {
  const found: string[] = [];
  let skipNext = false;
  for (const line of lines) {
    const excluded = NOT_IMEI_LABEL.test(compact(line));
    // A value line under an excluded label (One UI layout) belongs to that label.
    const skip = excluded || (skipNext && !isLabel(line));
    skipNext = excluded && !/\d{6}/.test(line);
    if (skip) continue;
    for (const imei of imeisInLine(line)) if (!found.includes(imei)) found.push(imei);
  }
  return found;
}

/** Luhn-valid 15-digit numbers in one line, allowing spaces or dashes between digit groups. */
export function imeisInLine(line: string): string[] {
  const tokens = line.split(/[\s-]+/).map((t) => t.replace(/^[^0-9A-Za-z|]+|[^0-9A-Za-z|]+$/g, ''));
  const imeis: string[] = [];
  let run: string[] = [];
  const flush = () => {
    const imei = imeiInRun(run);
    if (imei) imeis.push(imei);
    run = [];
  };
  for (const token of tokens) {
    if (DIGITISH_TOKEN.test(token)) run.push(token);
    else flush();
  }
  flush();
  return imeis;
}

function imeiInRun(run: readonly string[]): string | null {
  // Try the whole run first, then with short label-like tokens dropped from either end.
  for (let start = 0; start < run.length; start++) {
    for (let end = run.length; end > start; end--) {
      const dropped = [...run.slice(0, start), ...run.slice(end)];
      if (dropped.some((t) => t.length > MAX_DROPPED_TOKEN)) continue;
      const raw = run.slice(start, end).join('');
      // Lookalike letters only count when most of the run is real digits (so words are not numbers).
      if (raw.length !== 15 || raw.replace(/\D/g, '').length < 12) continue;
      const digits = raw.replace(/\D/g, (c) => DIGIT_LOOKALIKES[c] ?? c);
      if (isValidImei(digits)) return digits;
    }
  }
  return null;
}
