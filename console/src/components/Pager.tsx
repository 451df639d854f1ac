import { useT } from '../i18n';
import { formatNumber } from '../lib/format';

interface PagerProps {
  total: number;
  offset: number;
  limit: number;
  onChange: (offset: number) => void;
  label: string;
}

/** Previous / next over limit-offset pages, with "1–50 of 5,000". */
export function Pager({ total, offset, limit, onChange, label }: PagerProps) {
  const t = useT();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('pager.previous')}
      </button>
      <span aria-live="polite">
        {t('pager.range', {
          first: formatNumber(first),
          last: formatNumber(last),
          total: formatNumber(total),
        })}
      </span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
