import type { TimelineEvent } from '../../api/types';
import { statusKey } from '../../components/StatusBadge';
import { type MessageKey, useT } from '../../i18n';

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const t = useT();
  const actionText = (action: string) => {
    const key = `action.${action}` as MessageKey;
    const text = t(key);
    return text === key ? action : text;
  };
  const statusText = (status: number | null) => (status === null ? '' : t(statusKey(status)));
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('review.timeline')}</h2>
      <ol className="timeline">
        {events.map((event, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: timeline rows have no id and never reorder.
          <li key={i}>
            <time>{event.at}</time> <strong>{actionText(event.action)}</strong>{' '}
            <span className="muted">
              {event.from_status === null ? '' : `${statusText(event.from_status)} → `}
              {statusText(event.to_status)} · {t(`actor.${event.actor}` as MessageKey)}
            </span>
            {event.note && <div className="muted">{event.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
