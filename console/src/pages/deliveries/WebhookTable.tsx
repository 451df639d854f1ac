import type { DeliveryRow } from '../../api/types';
import { DeliveryBadge } from '../../components/StatusBadge';
import { useT } from '../../i18n';
import { Link } from '../../router';

const RESENDABLE = new Set(['dead', 'partner_error']);

interface WebhookTableProps {
  items: DeliveryRow[];
  canResend: boolean;
  onResend: (id: string) => void;
}

export function WebhookTable({ items, canResend, onResend }: WebhookTableProps) {
  const t = useT();
  if (items.length === 0) return <p className="empty">{t('deliveries.none')}</p>;
  return (
    <table className="table">
      <caption className="sr-only">{t('deliveries.webhooks')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deliveries.status')}</th>
          <th scope="col">{t('deliveries.type')}</th>
          <th scope="col">{t('deliveries.contract')}</th>
          <th scope="col">{t('deliveries.attempts')}</th>
          <th scope="col">{t('deliveries.lastError')}</th>
          <th scope="col">{t('deliveries.createdAt')}</th>
          <th scope="col">{t('deliveries.finishedAt')}</th>
          {canResend && <th scope="col">{t('deliveries.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((row) => {
          const failed = RESENDABLE.has(row.status);
          return (
            <tr key={row.id} className={failed ? 'row-failed' : undefined}>
              <td>
                <DeliveryBadge status={row.status} />
              </td>
              <td>{row.type}</td>
              <td>
                <Link to={`/contracts/${row.contract_id}`}>
                  <code>{row.contract_id.slice(0, 8)}</code>
                  <span className="sr-only"> {t('deliveries.openContract')}</span>
                </Link>
              </td>
              <td>{row.attempts}</td>
              <td className="error-text">{row.last_error ?? ''}</td>
              <td className="nowrap">{row.created_at}</td>
              <td className="nowrap">
                {row.finished_at ??
                  (row.next_attempt_at ? t('deliveries.nextAttempt', { at: row.next_attempt_at }) : '')}
              </td>
              {canResend && (
                <td>
                  {failed && (
                    <button type="button" onClick={() => onResend(row.id)}>
                      {t('deliveries.resend')}
                      <span className="sr-only"> {row.id}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
