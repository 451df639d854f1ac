import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { DeviceList } from '../../api/types';
import { FormField } from '../../components/FormField';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { Pager } from '../../components/Pager';
import { useT } from '../../i18n';
import { useApi } from '../../lib/use-api';
import { CsvImport } from './CsvImport';
import { DeviceRow } from './DeviceRow';

const LIMIT = 50;

/** Admins: search the catalog, switch eligibility, edit premiums, import a CSV. */
export function DevicesPage() {
  const t = useT();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const devices = useApi(
    (signal) => api.get<DeviceList>('/devices', { query: { q, limit: LIMIT, offset }, signal }),
    [q, offset],
  );
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQ(text.trim());
      setOffset(0);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <section className="page" aria-labelledby="devices-title">
      <h1 id="devices-title">{t('devices.title')}</h1>
      <search className="filters">
        <FormField id="device-q" label={t('devices.search')}>
          <input type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </FormField>
      </search>
      <CsvImport onImported={() => void devices.reload()} />
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <ErrorNotice error={devices.error} />
      {!devices.data && devices.loading && <Loading />}
      {devices.data && (
        <>
          <table className="table">
            <caption className="sr-only">{t('devices.title')}</caption>
            <thead>
              <tr>
                <th scope="col">OS</th>
                <th scope="col">{t('devices.name')}</th>
                <th scope="col">{t('devices.model')}</th>
                <th scope="col">{t('devices.release')}</th>
                <th scope="col">{t('devices.eligible')}</th>
                <th scope="col">{t('devices.lump')}</th>
                <th scope="col">{t('devices.monthly')}</th>
                <th scope="col">{t('deliveries.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.data.items.map((device) => (
                <DeviceRow
                  key={`${device.id}:${device.premium_lump_sum}:${device.premium_monthly}`}
                  device={device}
                  onSaved={() => {
                    setMessage({ kind: 'success', text: t('devices.saved', { device: device.name }) });
                    void devices.reload();
                  }}
                  onError={(text) => setMessage({ kind: 'error', text })}
                />
              ))}
            </tbody>
          </table>
          <Pager
            total={devices.data.total}
            offset={offset}
            limit={LIMIT}
            onChange={setOffset}
            label={t('devices.pages')}
          />
        </>
      )}
    </section>
  );
}
