import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormField } from '../../../components/FormField';
import { Notice } from '../../../components/Notice';
import { useT } from '../../../i18n';
import { defaultReinspectionDue, parseWireDateTime } from '../../../lib/time';
import type { DecisionBody } from './decision-types';
import { FRONT_REASONS, REAR_REASONS } from './reasons';
import { NEW_SIDE, SideFields, type SideState, sideReason } from './SideFields';

const DEFAULT_MESSAGE = '재촬영이 필요합니다.';

function composedMessage(front: string | null, rear: string | null): string {
  const parts = [front && `전면: ${front}`, rear && `후면: ${rear}`].filter(Boolean);
  return parts.length ? parts.join(' / ') : DEFAULT_MESSAGE;
}

/** Re-inspection: a verdict and reason per side, a message for the customer, a deadline (now + 48 h). */
export function ReinspectionForm({ onReview }: { onReview: (body: DecisionBody) => void }) {
  const t = useT();
  const [front, setFront] = useState<SideState>({ ...NEW_SIDE, pass: false });
  const [rear, setRear] = useState<SideState>(NEW_SIDE);
  const [message, setMessage] = useState('');
  const [messageEdited, setMessageEdited] = useState(false);
  const [due, setDue] = useState(() => defaultReinspectionDue(new Date()));
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const frontReason = sideReason(front, FRONT_REASONS);
  const rearReason = sideReason(rear, REAR_REASONS);
  const shownMessage = messageEdited ? message : composedMessage(frontReason, rearReason);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (front.pass && rear.pass) return setError(t('decide.needFailingSide'));
    if ((!front.pass && !frontReason) || (!rear.pass && !rearReason)) return setError(t('decide.needReason'));
    const deadline = parseWireDateTime(due);
    if (!deadline || deadline.getTime() <= Date.now()) return setError(t('decide.badDue'));
    if (!shownMessage.trim()) return setError(t('decide.needMessage'));
    setError(null);
    onReview({
      result: 1,
      due_datetime: due.trim(),
      detail: {
        front: { result: front.pass, msg: frontReason },
        rear: { result: rear.pass, msg: rearReason },
      },
      msg: shownMessage.trim(),
    });
  };

  return (
    <form className="decision-form" onSubmit={submit} noValidate>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="sides">
        <SideFields side="front" reasons={FRONT_REASONS} value={front} onChange={setFront} firstRef={first} />
        <SideFields side="rear" reasons={REAR_REASONS} value={rear} onChange={setRear} />
      </div>
      <FormField id="reinspect-message" label={t('decide.message')}>
        <textarea
          rows={3}
          maxLength={500}
          value={shownMessage}
          onChange={(event) => {
            setMessageEdited(true);
            setMessage(event.target.value);
          }}
        />
      </FormField>
      <FormField id="reinspect-due" label={t('decide.due')} hint={t('decide.dueHint')}>
        <input
          type="text"
          inputMode="numeric"
          pattern="\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
          value={due}
          onChange={(event) => setDue(event.target.value)}
        />
      </FormField>
      <button type="submit" className="primary">
        {t('decide.reviewReinspect')}
      </button>
    </form>
  );
}
