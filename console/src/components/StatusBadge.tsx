import { type MessageKey, useT } from '../i18n';

export function statusKey(status: number): MessageKey {
  return `status.${status}` as MessageKey;
}

export function StatusBadge({ status }: { status: number }) {
  const t = useT();
  return <span className={`badge status-${status}`}>{t(statusKey(status))}</span>;
}

/** Webhook and alimtalk states: failures stand out. */
export function DeliveryBadge({ status }: { status: string }) {
  const t = useT();
  const bad = status === 'dead' || status === 'partner_error' || status === 'failed';
  const good = status === 'delivered' || status === 'sent';
  const tone = bad ? 'badge-bad' : good ? 'badge-good' : 'badge-neutral';
  const key = `delivery.${status}` as MessageKey;
  const text = t(key);
  return <span className={`badge ${tone}`}>{text === key ? status : text}</span>;
}
