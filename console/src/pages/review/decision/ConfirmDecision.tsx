import type { Dossier } from '../../../api/types';
import { Dialog } from '../../../components/Dialog';
import { type MessageKey, useT } from '../../../i18n';
import { alimtalkPreview, webhookPreview } from './decision-preview';
import type { DecisionBody } from './decision-types';

const TITLES: MessageKey[] = ['confirm.approveTitle', 'confirm.reinspectTitle', 'confirm.rejectTitle'];
const ACTIONS: MessageKey[] = ['confirm.approve', 'confirm.reinspect', 'confirm.reject'];

interface ConfirmDecisionProps {
  dossier: Dossier;
  body: DecisionBody | null;
  sending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** The last look before sending: exactly what the partner and (the gist of) what the customer will receive. */
export function ConfirmDecision({ dossier, body, sending, onCancel, onConfirm }: ConfirmDecisionProps) {
  const t = useT();
  return (
    <Dialog
      open={body !== null}
      title={body ? t(TITLES[body.result] as MessageKey) : ''}
      onClose={onCancel}
      wide
    >
      {body && (
        <Previews dossier={dossier} body={body} sending={sending} onCancel={onCancel} onConfirm={onConfirm} />
      )}
    </Dialog>
  );
}

function Previews({
  dossier,
  body,
  sending,
  onCancel,
  onConfirm,
}: ConfirmDecisionProps & { body: DecisionBody }) {
  const t = useT();
  const webhook = webhookPreview(dossier, body, new Date());
  const message = alimtalkPreview(dossier, body);
  return (
    <>
      <div className="confirm-grid">
        <section>
          <h3>{t('confirm.partner', { partner: dossier.affiliate.name })}</h3>
          <p className="hint">{t('confirm.partnerHint')}</p>
          <pre className="json" data-testid="webhook-preview">
            {JSON.stringify(webhook, null, 2)}
          </pre>
        </section>
        <section>
          <h3>{t('confirm.customer')}</h3>
          <p className="hint">{t('confirm.customerHint')}</p>
          <div className="alimtalk-card" lang="ko">
            <strong>{message.title}</strong>
            <pre className="alimtalk">{message.text}</pre>
            {message.button && <span className="alimtalk-button">{message.button}</span>}
          </div>
        </section>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={sending}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={body.result === 2 ? 'danger' : 'primary'}
          onClick={onConfirm}
          disabled={sending}
          data-autofocus
        >
          {sending ? t('confirm.sending') : t(ACTIONS[body.result] as MessageKey)}
        </button>
      </div>
    </>
  );
}
