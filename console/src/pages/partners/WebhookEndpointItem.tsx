import type { Affiliate } from '../../api/types';
import { useT } from '../../i18n';
import { isoToKst } from '../../lib/time';

export type WebhookEndpoint = Affiliate['webhooks'][number];

/**
 * One of a partner's webhook endpoints: its URL, and its health. A disabled endpoint (every attempt
 * failed for days) holds its webhooks until an admin re-enables it here.
 */
export function WebhookEndpointItem({
  hook,
  testing,
  onTest,
  onEnable,
}: {
  hook: WebhookEndpoint;
  testing: boolean;
  onTest: () => void;
  onEnable: () => void;
}) {
  const t = useT();
  return (
    <li>
      <span className="badge badge-neutral">{t(`mode.${hook.mode}`)}</span>{' '}
      {hook.url ? <code>{hook.url}</code> : <span className="muted">{t('partners.noUrl')}</span>}
      {hook.mode === 'test' && hook.url && (
        <>
          {' '}
          <button type="button" disabled={testing} onClick={onTest}>
            {t('partners.testWebhooks')}
          </button>
        </>
      )}
      {hook.disabled_at ? (
        <div className="endpoint-health" role="status">
          <span className="badge badge-bad">
            {t('partners.endpointDisabled', {
              at: isoToKst(hook.disabled_at),
              reason: hook.disabled_reason ?? '',
            })}
          </span>{' '}
          <span className="muted">{t('partners.endpointDisabledHelp')}</span>{' '}
          <button type="button" className="primary" onClick={onEnable}>
            {t('partners.enableEndpoint')}
            <span className="sr-only"> {t(`mode.${hook.mode}`)}</span>
          </button>
        </div>
      ) : (
        hook.failing_since && (
          <div className="endpoint-health">
            <span className="badge badge-warn">
              {t('partners.endpointFailing', { at: isoToKst(hook.failing_since) })}
            </span>
          </div>
        )
      )}
    </li>
  );
}
