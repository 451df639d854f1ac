import type { DossierImage } from '../../api/types';
import { type MessageKey, useT } from '../../i18n';
import { checkLines } from './photos';

/** Each automated check of one photo, with the reason the check gave. */
export function PhotoChecksList({ photo }: { photo: DossierImage }) {
  const t = useT();
  const lines = checkLines(photo.checks);
  if (lines.length === 0) return <p className="muted">{t('review.noChecks')}</p>;
  return (
    <ul className="check-list">
      {lines.map((line) => (
        <li key={line.name} className={line.passed ? 'check-ok' : 'check-bad'}>
          <span className="check-verdict">
            <span aria-hidden="true">{line.passed ? '✓' : '⚠'}</span>{' '}
            <strong>{t(`check.${line.name}` as MessageKey)}</strong>:{' '}
            {t(line.passed ? 'checks.ok' : 'checks.flagged')}
          </span>
          {line.name === 'qr' && photo.checks?.qr && (
            <span className="check-reason">
              {t(photo.checks.qr.found ? 'check.qrFound' : 'check.qrNotFound')}
              {photo.checks.qr.mirrored ? ` · ${t('check.qrMirrored')}` : ''}
            </span>
          )}
          {line.reason && <span className="check-reason">{line.reason}</span>}
        </li>
      ))}
    </ul>
  );
}
