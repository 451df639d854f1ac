import { useState } from 'react';
import { api } from '../../api/client';
import type { AuditItem } from '../../api/types';
import { FormField } from '../../components/FormField';
import { ErrorNotice, Loading } from '../../components/Notice';
import { useT } from '../../i18n';
import { useApi } from '../../lib/use-api';

const LIMITS = [50, 100, 200, 500];

/** Admins: who did what and when, newest first. */
export function AuditPage() {
  const t = useT();
  const [limit, setLimit] = useState(100);
  const audit = useApi(
    (signal) => api.get<{ items: AuditItem[] }>('/audit', { query: { limit }, signal }),
    [limit],
  );
  return (
    <section className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <FormField id="audit-limit" label={t('audit.limit')} layout="inline">
          <select value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
            {LIMITS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <ErrorNotice error={audit.error} />
      {!audit.data && audit.loading && <Loading />}
      {audit.data && (
        <table className="table">
          <caption className="sr-only">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: audit rows carry no id; the list is replaced whole.
              <tr key={index}>
                <td className="nowrap">{item.at}</td>
                <td>{item.inspector_email ?? '—'}</td>
                <td>
                  <code>{item.action}</code>
                </td>
                <td>
                  <code>{item.target}</code>
                </td>
                <td>
                  <code className="details">{item.details ? JSON.stringify(item.details) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
