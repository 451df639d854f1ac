import type { NotificationRow } from '../../api/types';
import { DeliveryBadge } from '../../components/StatusBadge';
import { type MessageKey, useT } from '../../i18n';
import { Link } from '../../router';

export function AlimtalkTable({ items }: { items: NotificationRow[] }) {
  const t = useT();
  if (items.length === 0) return <p className="empty">{t('deliveries.none')}</p>;
  return (
    <table className="table">
      <caption className="sr-only">{t('deliveries.alimtalk')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deliveries.status')}</th>
          <th scope="col">{t('deliveries.kind')}</th>
          <th scope="col">{t('deliveries.contract')}</th>
          <th scope="col">{t('deliveries.attempts')}</th>
          <th scope="col">{t('deliveries.lastError')}</th>
          <th scope="col">{t('deliveries.createdAt')}</th>
          <th scope="col">{t('deliveries.sentAt')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((row) => (
          <tr key={row.id} className={row.status === 'failed' ? 'row-failed' : undefined}>
            <td>
              <DeliveryBadge status={row.status} />
            </td>
            <td>
              <details>
                <summary>{t(`kind.${row.kind}` as MessageKey)}</summary>
                {row.rendered && (
                  <pre className="alimtalk" lang="ko">
                    {row.rendered.text}
                  </pre>
                )}
              </details>
            </td>
            <td>
              {row.contract_id ? (
                <Link to={`/contracts/${row.contract_id}`}>
                  <code>{row.contract_id.slice(0, 8)}</code>
                  <span className="sr-only"> {t('deliveries.openContract')}</span>
                </Link>
              ) : (
                '—'
              )}
            </td>
            <td>{row.attempts}</td>
            <td className="error-text">{row.last_error ?? ''}</td>
            <td className="nowrap">{row.created_at}</td>
            <td className="nowrap">{row.sent_at ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
