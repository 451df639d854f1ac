import type { Dashboard } from '../../api/types';
import { useT } from '../../i18n';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format';
import { decisionRates } from './dashboard-charts';

/** The dashboard's numbers in words: what the charts draw, readable and testable. */
export function DashboardSummary({ data }: { data: Dashboard }) {
  const t = useT();
  const rates = decisionRates(data);
  const contracts = data.funnel.reduce((sum, row) => sum + row.count, 0);
  const stat = (id: string, label: string, value: string, detail?: string) => (
    <div className="stat" data-stat={id}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {detail && <span className="stat-detail">{detail}</span>}
      </dd>
    </div>
  );
  return (
    <dl className="stats" aria-label={t('dash.summary')}>
      {stat('contracts', t('dash.contracts'), formatNumber(contracts))}
      {stat('decisions', t('dash.decisions'), formatNumber(rates.total))}
      {stat(
        'approved',
        t('dash.approvalRate'),
        formatPercent(rates.approved),
        t('dash.count', { n: data.decisions.approved }),
      )}
      {stat(
        'reinspection',
        t('dash.reinspectionRate'),
        formatPercent(rates.reinspection),
        t('dash.count', { n: data.decisions.reinspection }),
      )}
      {stat(
        'rejected',
        t('dash.rejectionRate'),
        formatPercent(rates.rejected),
        t('dash.count', { n: data.decisions.rejected }),
      )}
      {stat(
        'turnaround',
        t('dash.turnaround'),
        `${formatDuration(data.turnaround.median_seconds, t)} / ${formatDuration(data.turnaround.p90_seconds, t)}`,
        t('dash.turnaroundDetail', { n: data.turnaround.count }),
      )}
      {stat(
        'webhooks',
        t('dash.webhookSuccess'),
        formatPercent(data.webhooks.success_rate),
        t('dash.webhookDetail', {
          delivered: data.webhooks.delivered,
          failed: data.webhooks.failed,
          pending: data.webhooks.pending,
        }),
      )}
    </dl>
  );
}
