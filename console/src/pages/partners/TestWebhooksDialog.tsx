import type { TestWebhookRun } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { useT } from '../../i18n';

/** What the partner's test-mode endpoint answered to a signed example of each result. */
export function TestWebhooksDialog({ run, onClose }: { run: TestWebhookRun | null; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog
      open={run !== null}
      title={t('partners.testWebhooksTitle', { url: run?.url ?? '' })}
      onClose={onClose}
    >
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('partners.testExample')}</th>
            <th scope="col">{t('partners.testStatus')}</th>
            <th scope="col">{t('partners.testLatency')}</th>
            <th scope="col">{t('partners.testVerdict')}</th>
          </tr>
        </thead>
        <tbody>
          {run?.results.map((result) => (
            <tr key={result.webhook_id}>
              <td>
                <code>{result.example}</code>
              </td>
              <td>{result.http_status ?? t('partners.noAnswer')}</td>
              <td className="nowrap">{result.latency_ms} ms</td>
              <td>{result.acknowledged ? t('partners.testAcknowledged') : result.problem}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
