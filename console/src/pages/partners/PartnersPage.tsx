import { useState } from 'react';
import { api } from '../../api/client';
import type { Affiliate, ApiKey, EnabledEndpoint, NewKey, TestWebhookRun } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { isoToKst } from '../../lib/time';
import { errorOf, useApi } from '../../lib/use-api';
import { NewKeyDialog } from './NewKeyDialog';
import { TestWebhooksDialog } from './TestWebhooksDialog';
import { type WebhookEndpoint, WebhookEndpointItem } from './WebhookEndpointItem';

/** Admins: partners, their keys (prefix and last use, never the key) and webhook URLs. */
export function PartnersPage() {
  const t = useT();
  const affiliates = useApi((signal) => api.get<Affiliate[]>('/affiliates', { signal }), []);
  const [created, setCreated] = useState<NewKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [testRun, setTestRun] = useState<TestWebhookRun | null>(null);
  const [testing, setTesting] = useState<string | null>(null);

  const issue = async (affiliate: Affiliate, mode: 'live' | 'test') => {
    setNotice(null);
    try {
      setCreated(await api.post<NewKey>(`/affiliates/${encodeURIComponent(affiliate.id)}/keys`, { mode }));
      await affiliates.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    }
  };
  const sendTestWebhooks = async (affiliate: Affiliate) => {
    setNotice(null);
    setTesting(affiliate.id);
    try {
      setTestRun(
        await api.post<TestWebhookRun>(`/affiliates/${encodeURIComponent(affiliate.id)}/webhook-test`, {}),
      );
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    } finally {
      setTesting(null);
    }
  };
  const enableEndpoint = async (hook: WebhookEndpoint) => {
    setNotice(null);
    try {
      const path = `/affiliates/${encodeURIComponent(hook.affiliate_id)}/webhooks/${hook.mode}/enable`;
      const { released } = await api.post<EnabledEndpoint>(path, {});
      setNotice({
        kind: 'success',
        text: t('partners.endpointEnabled', { mode: t(`mode.${hook.mode}`), released }),
      });
      await affiliates.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    }
  };
  const revoke = async (key: ApiKey) => {
    setRevoking(null);
    try {
      await api.post(`/keys/${encodeURIComponent(key.id)}/revoke`, {});
      setNotice({ kind: 'success', text: t('partners.revoked', { prefix: key.prefix }) });
      await affiliates.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    }
  };

  return (
    <section className="page" aria-labelledby="partners-title">
      <h1 id="partners-title">{t('partners.title')}</h1>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <ErrorNotice error={affiliates.error} />
      {!affiliates.data && affiliates.loading && <Loading />}
      {affiliates.data?.map((affiliate) => (
        <section key={affiliate.id} className="card partner" aria-labelledby={`partner-${affiliate.id}`}>
          <h2 id={`partner-${affiliate.id}`}>
            {affiliate.name} <span className="muted">· {isoToKst(affiliate.created_at)}</span>
          </h2>
          <h3>{t('partners.webhooks')}</h3>
          <ul className="plain">
            {affiliate.webhooks.map((hook) => (
              <WebhookEndpointItem
                key={hook.mode}
                hook={hook}
                testing={testing === affiliate.id}
                onTest={() => void sendTestWebhooks(affiliate)}
                onEnable={() => void enableEndpoint(hook)}
              />
            ))}
          </ul>
          <h3>{t('partners.keys')}</h3>
          <table className="table compact">
            <caption className="sr-only">{t('partners.keysOf', { name: affiliate.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('partners.prefix')}</th>
                <th scope="col">{t('partners.mode')}</th>
                <th scope="col">{t('partners.created')}</th>
                <th scope="col">{t('partners.lastUsed')}</th>
                <th scope="col">{t('partners.state')}</th>
                <th scope="col">{t('deliveries.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {affiliate.keys.map((key) => (
                <tr key={key.id} className={key.revoked_at ? 'row-muted' : undefined}>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{t(`mode.${key.mode}`)}</td>
                  <td className="nowrap">{isoToKst(key.created_at)}</td>
                  <td className="nowrap">{isoToKst(key.last_used_at) || '—'}</td>
                  <td>
                    {key.revoked_at
                      ? t('partners.revokedAt', { at: isoToKst(key.revoked_at) })
                      : t('partners.active')}
                  </td>
                  <td>
                    {!key.revoked_at && (
                      <button type="button" className="danger-outline" onClick={() => setRevoking(key)}>
                        {t('partners.revoke')}
                        <span className="sr-only"> {key.prefix}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" onClick={() => void issue(affiliate, 'test')}>
              {t('partners.newTestKey')}
            </button>
            <button type="button" onClick={() => void issue(affiliate, 'live')}>
              {t('partners.newLiveKey')}
            </button>
          </div>
        </section>
      ))}
      <NewKeyDialog created={created} onClose={() => setCreated(null)} />
      <TestWebhooksDialog run={testRun} onClose={() => setTestRun(null)} />
      <Dialog open={revoking !== null} title={t('partners.revokeTitle')} onClose={() => setRevoking(null)}>
        <p>{t('partners.revokeBody', { prefix: revoking?.prefix ?? '' })}</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => setRevoking(null)} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => revoking && void revoke(revoking)}>
            {t('partners.revoke')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
