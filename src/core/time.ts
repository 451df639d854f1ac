/**
 * Times on the wire are the spec's: "YYYY-MM-DD HH:mm:ss" and "YYYY-MM-DD" in Korean time
 * (Asia/Seoul, UTC+9 all year: Korea has no daylight saving). Requests may also send ISO 8601 with
 * an offset. Inside, times are Date / timestamptz.
 */
const KST_OFFSET_MS = 9 * 3_600_000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function kstParts(date: Date) {
  const shifted = new Date(date.getTime() + KST_OFFSET_MS);
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
  };
}

export function formatKstDateTime(date: Date): string {
  const { date: day, time } = kstParts(date);
  return `${day} ${time}`;
}

/** The wire form of an optional timestamp column. */
export function formatKstOrNull(date: Date | string | null): string | null {
  return date ? formatKstDateTime(new Date(date)) : null;
}

export function formatKstDate(date: Date): string {
  return kstParts(date).date;
}

const WIRE_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$/;

/** "2020-12-13 09:22:22" (Korean time) or ISO 8601 with an offset; null when it is neither or not a real time. */
export function parseWireDateTime(input: string): Date | null {
  const match = WIRE_DATE_TIME.exec(input.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
  const offset = zone ? (zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '+09:00';
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 2020-02-30 over to March; a real calendar date must survive the round trip.
  const local = zone ? null : kstParts(date);
  if (local && local.date !== `${year}-${month}-${day}`) return null;
  return date;
}

/** "2020-12-15" as a calendar date; null unless it is a real date. */
export function parseWireDate(input: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (!match) return null;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(match[0]) ? match[0] : null;
}

/** Calendar arithmetic on "YYYY-MM-DD", clamping to the month's last day (Jan 31 + 1 month = Feb 28). */
export function addCalendar(day: string, { years = 0, months = 0, days = 0 }): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const targetMonth = new Date(Date.UTC(y + years, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(targetMonth.getUTCFullYear(), targetMonth.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const result = new Date(
    Date.UTC(targetMonth.getUTCFullYear(), targetMonth.getUTCMonth(), Math.min(d, lastDay) + days),
  );
  return result.toISOString().slice(0, 10);
}
