import { useState } from 'react';
import type { NewKey } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { FormField } from '../../components/FormField';
import { Notice } from '../../components/Notice';
import { useT } from '../../i18n';

/** A new key, shown this once: it is stored only as a hash and cannot be shown again. */
export function NewKeyDialog({ created, onClose }: { created: NewKey | null; onClose: () => void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Dialog open={created !== null} title={t('partners.newKeyTitle')} onClose={close}>
      <Notice kind="warning">{t('partners.newKeyOnce')}</Notice>
      <FormField id="new-api-key" label={t('partners.apiKey')} layout="bare">
        <input className="mono" readOnly value={created?.api_key ?? ''} onFocus={(e) => e.target.select()} />
      </FormField>
      <div className="dialog-actions">
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(created?.api_key ?? '').catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? t('partners.copied') : t('partners.copy')}
        </button>
        <button type="button" className="primary" onClick={close} data-autofocus>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
