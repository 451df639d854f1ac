import { useEffect, useState } from 'react';
import { FormField } from '../../components/FormField';
import { useT } from '../../i18n';

interface QueueFiltersProps {
  partners: { id: string; name: string }[];
  partner: string;
  device: string;
  onChange: (next: { partner?: string; device?: string }) => void;
}

const TYPING_PAUSE_MS = 300;

export function QueueFilters({ partners, partner, device, onChange }: QueueFiltersProps) {
  const t = useT();
  const [text, setText] = useState(device);
  useEffect(() => setText(device), [device]);
  useEffect(() => {
    if (text === device) return;
    const timer = window.setTimeout(() => onChange({ device: text.trim() }), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text, device, onChange]);

  return (
    <search>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <FormField id="queue-partner" label={t('queue.filterPartner')}>
          <select value={partner} onChange={(event) => onChange({ partner: event.target.value })}>
            <option value="">{t('queue.allPartners')}</option>
            {partners.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="queue-device" label={t('queue.filterDevice')}>
          <input
            type="search"
            value={text}
            placeholder={t('queue.devicePlaceholder')}
            onChange={(event) => setText(event.target.value)}
          />
        </FormField>
      </form>
    </search>
  );
}
