import type { ChartConfiguration } from 'chart.js';
import type { Dashboard } from '../../api/types';
import type { MessageKey, Translate } from '../../i18n';
import { addCalendar } from '../../lib/time';

/** Colour-blind-safe hues (Okabe–Ito), dark enough on white. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#7F7F7F',
  '#000000',
];
const GOOD = '#0B7A3B';
const WARN = '#B45309';
const BAD = '#B42318';
const NEUTRAL = '#6B7280';

export function funnelChart(data: Dashboard, t: Translate): ChartConfiguration {
  const counts = new Map(data.funnel.map((row) => [row.status, row.count]));
  const statuses = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  return {
    type: 'bar',
    data: {
      labels: statuses.map((status) => t(`status.${status}` as MessageKey)),
      datasets: [
        {
          label: t('dash.contracts'),
          data: statuses.map((status) => counts.get(status) ?? 0),
          backgroundColor: PALETTE[0],
        },
      ],
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

/** Every day of the period, one stacked series per partner. */
export function dailyChart(data: Dashboard, from: string, to: string): ChartConfiguration {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 400; day = addCalendar(day, { days: 1 })) days.push(day);
  const partners = [...new Set(data.daily.map((row) => row.affiliate_name))].sort();
  const counts = new Map(data.daily.map((row) => [`${row.date}|${row.affiliate_name}`, row.count]));
  return {
    type: 'bar',
    data: {
      labels: days.map((day) => day.slice(5)),
      datasets: partners.map((partner, index) => ({
        label: partner,
        data: days.map((day) => counts.get(`${day}|${partner}`) ?? 0),
        backgroundColor: PALETTE[index % PALETTE.length],
      })),
    },
    options: {
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

/** Median and p90 in the unit that suits them: seconds, minutes or hours. */
export function turnaroundChart(data: Dashboard, t: Translate): ChartConfiguration {
  const p90 = data.turnaround.p90_seconds ?? 0;
  const [divisor, unit]: [number, MessageKey] =
    p90 < 120 ? [1, 'dash.seconds'] : p90 < 7200 ? [60, 'dash.minutes'] : [3600, 'dash.hours'];
  const scaled = (seconds: number | null) =>
    seconds === null ? 0 : Math.round((seconds / divisor) * 10) / 10;
  return {
    type: 'bar',
    data: {
      labels: [t('dash.median'), t('dash.p90')],
      datasets: [
        {
          label: t(unit),
          data: [scaled(data.turnaround.median_seconds), scaled(data.turnaround.p90_seconds)],
          backgroundColor: [PALETTE[0] as string, PALETTE[1] as string],
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, title: { display: true, text: t(unit) } } },
    },
  };
}

export function decisionsChart(data: Dashboard, t: Translate): ChartConfiguration {
  const { approved, reinspection, rejected } = data.decisions;
  return {
    type: 'doughnut',
    data: {
      labels: [t('dash.approved'), t('dash.reinspection'), t('dash.rejected')],
      datasets: [{ data: [approved, reinspection, rejected], backgroundColor: [GOOD, WARN, BAD] }],
    },
    options: { maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
  };
}

export function webhooksChart(data: Dashboard, t: Translate): ChartConfiguration {
  const { delivered, failed, pending } = data.webhooks;
  return {
    type: 'doughnut',
    data: {
      labels: [t('dash.delivered'), t('dash.failed'), t('dash.pending')],
      datasets: [{ data: [delivered, failed, pending], backgroundColor: [GOOD, BAD, NEUTRAL] }],
    },
    options: { maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
  };
}

/** Shares of all decisions; null when there were none. */
export function decisionRates(data: Dashboard) {
  const { approved, reinspection, rejected } = data.decisions;
  const total = approved + reinspection + rejected;
  const share = (n: number) => (total === 0 ? null : n / total);
  return { total, approved: share(approved), reinspection: share(reinspection), rejected: share(rejected) };
}
