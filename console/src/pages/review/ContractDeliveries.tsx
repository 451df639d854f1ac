import type { ContractDelivery, ContractNotification } from '../../api/types';
import { DeliveryBadge } from '../../components/StatusBadge';
import { type MessageKey, useT } from '../../i18n';

/** This contract's webhooks (with every attempt) and alimtalk messages. */
export function ContractDeliveries({
  deliveries,
  notifications,
}: {
  deliveries: ContractDelivery[];
  notifications: ContractNotification[];
}) {
  const t = useT();
  return (
    <section aria-labelledby="contract-deliveries-title">
      <h2 id="contract-deliveries-title">{t('deliveries.title')}</h2>
      <h3>{t('deliveries.webhooks')}</h3>
      {deliveries.length === 0 && <p className="muted">{t('deliveries.none')}</p>}
      {deliveries.map((delivery) => (
        <details
          key={delivery.id}
          className={
            delivery.status === 'dead' || delivery.status === 'partner_error' ? 'delivery failed' : 'delivery'
          }
        >
          <summary>
            <DeliveryBadge status={delivery.status} /> {delivery.type}{' '}
            <span className="muted">
              {delivery.created_at} · {t('deliveries.attemptsN', { n: delivery.attempts.length })}
            </span>
          </summary>
          {delivery.last_error && <p className="error-text">{delivery.last_error}</p>}
          {delivery.next_attempt_at && delivery.status === 'pending' && (
            <p className="muted">{t('deliveries.nextAttempt', { at: delivery.next_attempt_at })}</p>
          )}
          {delivery.attempts.length > 0 && (
            <table className="table compact">
              <caption className="sr-only">{t('deliveries.attempts')}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('deliveries.at')}</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">{t('deliveries.latency')}</th>
                  <th scope="col">{t('deliveries.error')}</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td>{attempt.attempt}</td>
                    <td className="nowrap">{attempt.at}</td>
                    <td>{attempt.http_status ?? '—'}</td>
                    <td>{attempt.latency_ms === null ? '—' : `${attempt.latency_ms} ms`}</td>
                    <td>{attempt.error ?? attempt.response_excerpt ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <pre className="json">{JSON.stringify(delivery.body, null, 2)}</pre>
        </details>
      ))}
      <h3>{t('deliveries.alimtalk')}</h3>
      {notifications.length === 0 && <p className="muted">{t('deliveries.none')}</p>}
      {notifications.map((message) => (
        <details key={message.id} className={message.status === 'failed' ? 'delivery failed' : 'delivery'}>
          <summary>
            <DeliveryBadge status={message.status} /> {t(`kind.${message.kind}` as MessageKey)}{' '}
            <span className="muted">
              {message.created_at} · {t('deliveries.attemptsN', { n: message.attempts })}
            </span>
          </summary>
          {message.last_error && <p className="error-text">{message.last_error}</p>}
          {message.rendered && <pre className="alimtalk">{message.rendered.text}</pre>}
        </details>
      ))}
    </section>
  );
}
