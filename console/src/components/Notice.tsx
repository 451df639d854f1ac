import type { ReactNode } from 'react';
import { type ApiError, NETWORK_ERROR } from '../api/client';
import { useT } from '../i18n';

type Kind = 'error' | 'success' | 'info' | 'warning';

export function Notice({ kind, children }: { kind: Kind; children: ReactNode }) {
  // Errors and warnings interrupt (alert); the rest is announced politely (status).
  const role = kind === 'error' || kind === 'warning' ? 'alert' : 'status';
  return (
    <div className={`notice notice-${kind}`} role={role}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: ApiError | null }) {
  const t = useT();
  if (!error) return null;
  const text =
    error.status === 403
      ? t('error.forbidden')
      : error.code === NETWORK_ERROR
        ? t('error.network')
        : `${error.message} (${error.code})`;
  return <Notice kind="error">{text}</Notice>;
}

export function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
