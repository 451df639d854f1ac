import type { QueueItem } from '../../api/types';
import { useT } from '../../i18n';
import { formatDuration } from '../../lib/format';
import { Link, navigate } from '../../router';
import { CheckChips } from './CheckChips';

interface QueueTableProps {
  items: QueueItem[];
  /** Seconds since the answer arrived, so ages keep counting between refreshes. */
  elapsed: number;
  slaSeconds: number;
  selected: string | null;
  onSelect: (contractId: string) => void;
}

export function QueueTable({ items, elapsed, slaSeconds, selected, onSelect }: QueueTableProps) {
  const t = useT();
  return (
    <table className="table queue-table">
      <caption className="sr-only">{t('queue.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('queue.age')}</th>
          <th scope="col">{t('queue.device')}</th>
          <th scope="col">{t('queue.partner')}</th>
          <th scope="col">{t('queue.round')}</th>
          <th scope="col">{t('queue.checks')}</th>
          <th scope="col">{t('queue.queuedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const age = item.age_seconds + elapsed;
          const late = age > slaSeconds;
          const isSelected = item.contract_id === selected;
          return (
            <tr
              key={item.contract_id}
              data-contract-id={item.contract_id}
              className={isSelected ? 'selected' : undefined}
              aria-current={isSelected ? 'true' : undefined}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a')) return;
                onSelect(item.contract_id);
                navigate(`/contracts/${item.contract_id}`);
              }}
            >
              <td className={late ? 'age age-late' : 'age'}>
                {formatDuration(age, t)}
                {late && <span className="late-tag">{t('queue.overSla')}</span>}
              </td>
              <td>
                <Link
                  to={`/contracts/${item.contract_id}`}
                  className="row-link"
                  onFocus={() => onSelect(item.contract_id)}
                >
                  {item.device.name}
                </Link>
                <div className="muted">{item.device.model_name}</div>
              </td>
              <td>
                {item.affiliate.name}
                {item.mode === 'test' && (
                  <span className="badge badge-neutral mode-tag">{t('mode.test')}</span>
                )}
              </td>
              <td>
                {item.reinspection ? (
                  <span className="badge badge-warn">{t('queue.reinspection', { n: item.round })}</span>
                ) : (
                  <span className="badge badge-neutral">{t('queue.firstInspection')}</span>
                )}
              </td>
              <td>
                <CheckChips checks={item.checks} />
              </td>
              <td className="nowrap">{item.queued_at ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
