import type { Dossier } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { useT } from '../../i18n';
import { formatWon } from '../../lib/format';

/** Who and what: the customer as the API gives it (resident number already masked), partner, payment. */
export function ContractSummary({ dossier }: { dossier: Dossier }) {
  const t = useT();
  const { customer, affiliate, payment, device } = dossier;
  return (
    <section className="summary card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('review.contract')}</h2>
      <dl className="facts">
        <dt>{t('review.status')}</dt>
        <dd>
          <StatusBadge status={dossier.status} />
        </dd>
        <dt>{t('queue.round')}</dt>
        <dd>
          {dossier.round > 1 ? t('queue.reinspection', { n: dossier.round }) : t('queue.firstInspection')}
        </dd>
        <dt>{t('queue.partner')}</dt>
        <dd>
          {affiliate.name}
          {dossier.mode === 'test' && <span className="badge badge-neutral mode-tag">{t('mode.test')}</span>}
        </dd>
        <dt>{t('review.customer')}</dt>
        <dd>{customer ? customer.name : t('review.erased')}</dd>
        {customer?.ssn && (
          <>
            <dt>{t('review.ssn')}</dt>
            <dd>
              <code>{customer.ssn}</code>
            </dd>
          </>
        )}
        {customer?.cellphone && (
          <>
            <dt>{t('review.phone')}</dt>
            <dd>{customer.cellphone}</dd>
          </>
        )}
        <dt>{t('review.device')}</dt>
        <dd>
          {device.name} <span className="muted">({device.model_name})</span>
        </dd>
        <dt>{t('review.premium')}</dt>
        <dd>
          {t('review.premiumValue', {
            monthly: formatWon(device.premium_monthly),
            lump: formatWon(device.premium_lump_sum),
          })}
        </dd>
        <dt>{t('review.payment')}</dt>
        <dd>
          {payment.type === '1' ? t('review.paymentMonthly') : payment.type ? t('review.paymentLump') : '—'}{' '}
          {formatWon(payment.amount)} {payment.paid_at && <span className="muted">({payment.paid_at})</span>}
        </dd>
        <dt>{t('queue.queuedAt')}</dt>
        <dd>{dossier.queued_at ?? '—'}</dd>
        {dossier.reinspection_due && (
          <>
            <dt>{t('review.reinspectionDue')}</dt>
            <dd>{dossier.reinspection_due}</dd>
          </>
        )}
        {dossier.insurance && (
          <>
            <dt>{t('review.insurance')}</dt>
            <dd>
              {dossier.insurance.insurance_start} ~ {dossier.insurance.insurance_end}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
