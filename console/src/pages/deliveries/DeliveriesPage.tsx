import { useState } from 'react';
import { api } from '../../api/client';
import type { DeliveryRow, NotificationRow } from '../../api/types';
import { FormField } from '../../components/FormField';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { errorOf, useApi } from '../../lib/use-api';
import { useSession } from '../../session';
import { AlimtalkTable } from './AlimtalkTable';
import { WebhookTable } from './WebhookTable';

const FILTERS = ['', 'failed', 'pending', 'delivered', 'partner_error', 'dead', 'cancelled'] as const;
const LIMIT = 100;

/** Every webhook delivery and alimtalk, newest first; failures stand out; admins can resend. */
export function DeliveriesPage() {
  const t = useT();
  const session = useSession();
  const [status, setStatus] = useState<(typeof FILTERS)[number]>('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const webhooks = useApi(
    (signal) => api.get<{ items: DeliveryRow[] }>('/deliveries', { query: { status, limit: LIMIT }, signal }),
    [status],
  );
  const messages = useApi(
    (signal) =>
      api.get<{ items: NotificationRow[] }>('/notifications', {
        // Alimtalk has no partner_error or dead: "failed" is its failure.
        query: {
          status: status === 'failed' || status === 'pending' || status === 'cancelled' ? status : '',
          limit: LIMIT,
        },
        signal,
      }),
    [status],
  );

  const resend = async (id: string) => {
    setNotice(null);
    try {
      await api.post(`/deliveries/${encodeURIComponent(id)}/resend`, {});
      setNotice({ kind: 'success', text: t('deliveries.resent', { id }) });
      await webhooks.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    }
  };

  return (
    <section className="page" aria-labelledby="deliveries-title">
      <div className="page-head">
        <h1 id="deliveries-title">{t('deliveries.title')}</h1>
        <FormField id="delivery-status" label={t('deliveries.filter')} layout="inline">
          <select
            value={status}
            onChange={(event) => setStatus(event.target.value as (typeof FILTERS)[number])}
          >
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {value ? t(`delivery.${value}`) : t('deliveries.all')}
              </option>
            ))}
          </select>
        </FormField>
        <button
          type="button"
          onClick={() => {
            void webhooks.reload();
            void messages.reload();
          }}
        >
          {t('common.refresh')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <h2>{t('deliveries.webhooks')}</h2>
      <ErrorNotice error={webhooks.error} />
      {webhooks.data ? (
        <WebhookTable items={webhooks.data.items} canResend={session.isAdmin} onResend={resend} />
      ) : (
        webhooks.loading && <Loading />
      )}
      <h2>{t('deliveries.alimtalk')}</h2>
      <ErrorNotice error={messages.error} />
      {messages.data ? <AlimtalkTable items={messages.data.items} /> : messages.loading && <Loading />}
    </section>
  );
}
