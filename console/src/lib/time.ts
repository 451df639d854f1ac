/**
 * Korean time (Asia/Seoul, UTC+9 all year, no daylight saving), as the API speaks it:
 * "YYYY-MM-DD HH:mm:ss" and "YYYY-MM-DD". These mirror src/core/time.ts on the server.
 */
const KST_OFFSET_MS = 9 * 3_600_000;
const pad = (value: number) => String(value).padStart(2, '0');

function shifted(date: Date) {
  return new Date(date.getTime() + KST_OFFSET_MS);
}

export function kstDate(date: Date): string {
  const d = shifted(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function kstDateTime(date: Date): string {
  const d = shifted(date);
  return `${kstDate(date)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** An ISO 8601 instant (some admin answers use them) shown as Korean "YYYY-MM-DD HH:mm". */
export function isoToKst(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : kstDateTime(date).slice(0, 16);
}

/** Calendar arithmetic on "YYYY-MM-DD", clamping to the month's last day, as the server does. */
export function addCalendar(day: string, { years = 0, months = 0, days = 0 }): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, lastDay) + days))
    .toISOString()
    .slice(0, 10);
}

export function isWireDate(input: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input)) return false;
  const date = new Date(`${input}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(input);
}

/** "YYYY-MM-DD HH:mm:ss" in Korean time → the instant; null unless it is a real time. */
export function parseWireDateTime(input: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(input.trim());
  if (!match?.[1] || !isWireDate(match[1])) return null;
  if (Number(match[2]) > 23 || Number(match[3]) > 59 || Number(match[4]) > 59) return null;
  const date = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}+09:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The default insurance period of an approval: from tomorrow (Korean time) for a year less a day. */
export function defaultInsurance(now: Date) {
  const start = addCalendar(kstDate(now), { days: 1 });
  return { start, end: insuranceEnd(start) };
}

export function insuranceEnd(start: string): string {
  return addCalendar(start, { years: 1, days: -1 });
}

export const REINSPECTION_HOURS = 48;

export function defaultReinspectionDue(now: Date): string {
  return kstDateTime(new Date(now.getTime() + REINSPECTION_HOURS * 3_600_000));
}
