import { useState } from 'react';
import { api } from '../../api/client';
import type { InspectorRecord } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { isoToKst } from '../../lib/time';
import { errorOf, useApi } from '../../lib/use-api';
import { useSession } from '../../session';
import { NewInspectorForm } from './NewInspectorForm';

/** Admins: inspector and admin accounts; create, deactivate (which ends their sessions). */
export function InspectorsPage() {
  const t = useT();
  const session = useSession();
  const list = useApi((signal) => api.get<{ inspectors: InspectorRecord[] }>('/inspectors', { signal }), []);
  const [target, setTarget] = useState<InspectorRecord | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const deactivate = async (inspector: InspectorRecord) => {
    setTarget(null);
    try {
      await api.post(`/inspectors/${encodeURIComponent(inspector.id)}/deactivate`, {});
      setNotice({ kind: 'success', text: t('inspectors.deactivated', { email: inspector.email }) });
      await list.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: errorOf(error).message });
    }
  };

  return (
    <section className="page" aria-labelledby="inspectors-title">
      <h1 id="inspectors-title">{t('inspectors.title')}</h1>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <ErrorNotice error={list.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && (
        <table className="table">
          <caption className="sr-only">{t('inspectors.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inspectors.email')}</th>
              <th scope="col">{t('inspectors.name')}</th>
              <th scope="col">{t('inspectors.role')}</th>
              <th scope="col">{t('inspectors.state')}</th>
              <th scope="col">{t('inspectors.created')}</th>
              <th scope="col">{t('deliveries.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.inspectors.map((inspector) => (
              <tr key={inspector.id} className={inspector.active ? undefined : 'row-muted'}>
                <td>{inspector.email}</td>
                <td>{inspector.name ?? '—'}</td>
                <td>{t(inspector.role === 'admin' ? 'role.admin' : 'role.inspector')}</td>
                <td>{t(inspector.active ? 'inspectors.active' : 'inspectors.inactive')}</td>
                <td className="nowrap">{isoToKst(inspector.created_at)}</td>
                <td>
                  {inspector.active && inspector.id !== session.inspector.id && (
                    <button type="button" className="danger-outline" onClick={() => setTarget(inspector)}>
                      {t('inspectors.deactivate')}
                      <span className="sr-only"> {inspector.email}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewInspectorForm
        onCreated={(email) => {
          setNotice({ kind: 'success', text: t('inspectors.createdNotice', { email }) });
          void list.reload();
        }}
      />
      <Dialog open={target !== null} title={t('inspectors.deactivateTitle')} onClose={() => setTarget(null)}>
        <p>{t('inspectors.deactivateBody', { email: target?.email ?? '' })}</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => setTarget(null)} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => target && void deactivate(target)}>
            {t('inspectors.deactivate')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
