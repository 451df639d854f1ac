import { useState } from 'react';
import { type ApiError, api } from '../../../api/client';
import type { DecisionAnswer, Dossier } from '../../../api/types';
import { ErrorNotice } from '../../../components/Notice';
import { type MessageKey, useT } from '../../../i18n';
import { errorOf } from '../../../lib/use-api';
import { ApproveForm } from './ApproveForm';
import { ConfirmDecision } from './ConfirmDecision';
import type { DecisionBody, DecisionKind } from './decision-types';
import { ReinspectionForm } from './ReinspectionForm';
import { RejectForm } from './RejectForm';

const KINDS: { kind: DecisionKind; label: MessageKey; key: string; tone: string }[] = [
  { kind: 'approve', label: 'decide.approve', key: 'A', tone: 'primary' },
  { kind: 'reinspect', label: 'decide.reinspect', key: 'R', tone: 'warn' },
  { kind: 'reject', label: 'decide.reject', key: 'X', tone: 'danger' },
];

interface DecisionPanelProps {
  dossier: Dossier;
  kind: DecisionKind | null;
  onKind: (kind: DecisionKind | null) => void;
  onDecided: (answer: DecisionAnswer) => void;
  /** Someone decided first (409): the page shows it and reloads; nothing is overwritten. */
  onConflict: (error: ApiError) => void;
}

export function DecisionPanel({ dossier, kind, onKind, onDecided, onConflict }: DecisionPanelProps) {
  const t = useT();
  const [pending, setPending] = useState<DecisionBody | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async () => {
    if (!pending) return;
    setSending(true);
    setError(null);
    try {
      const answer = await api.post<DecisionAnswer>(
        `/contracts/${encodeURIComponent(dossier.contract_id)}/inspection`,
        pending,
      );
      setPending(null);
      onDecided(answer);
    } catch (caught) {
      const failure = errorOf(caught);
      setPending(null);
      if (failure.isConflict) onConflict(failure);
      else setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="decision card" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('decide.title')}</h2>
      <div className="decision-kinds">
        {KINDS.map((item) => (
          <button
            key={item.kind}
            type="button"
            className={`kind kind-${item.tone}`}
            aria-pressed={kind === item.kind}
            aria-keyshortcuts={item.key}
            onClick={() => onKind(kind === item.kind ? null : item.kind)}
          >
            {t(item.label)} <kbd>{item.key}</kbd>
          </button>
        ))}
      </div>
      <ErrorNotice error={error} />
      {kind === 'approve' && <ApproveForm onReview={setPending} />}
      {kind === 'reinspect' && <ReinspectionForm onReview={setPending} />}
      {kind === 'reject' && <RejectForm onReview={setPending} />}
      {!kind && <p className="hint">{t('decide.hint')}</p>}
      <ConfirmDecision
        dossier={dossier}
        body={pending}
        sending={sending}
        onCancel={() => setPending(null)}
        onConfirm={send}
      />
    </section>
  );
}
