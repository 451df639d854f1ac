import type { Translate } from '../i18n';

/** "2시간 5분" / "2 h 5 min": minutes are the grain inspectors care about. */
export function formatDuration(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined) return '—';
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return t('duration.dh', { d: days, h: hours });
  if (hours > 0) return t('duration.hm', { h: hours, m: minutes });
  if (minutes > 0) return t('duration.m', { m: minutes });
  return t('duration.s', { s: total });
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('ko-KR');
}

export function formatWon(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toLocaleString('ko-KR')}원`;
}
