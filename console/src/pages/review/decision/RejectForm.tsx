import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormField } from '../../../components/FormField';
import { Notice } from '../../../components/Notice';
import { useI18n } from '../../../i18n';
import type { DecisionBody } from './decision-types';
import { REJECT_TYPES } from './reasons';

/** Rejection: a documented reason code and the message the customer is told. */
export function RejectForm({ onReview }: { onReview: (body: DecisionBody) => void }) {
  const { t, lang } = useI18n();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState('');
  const [messageEdited, setMessageEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const changeCode = (value: string) => {
    setCode(value);
    const type = REJECT_TYPES.find((item) => String(item.code) === value);
    if (!messageEdited && type) setMessage(type.message);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code === '') return setError(t('decide.needRejectType'));
    if (!message.trim()) return setError(t('decide.needMessage'));
    setError(null);
    onReview({ result: 2, reject_type: Number(code), msg: message.trim() });
  };

  return (
    <form className="decision-form" onSubmit={submit} noValidate>
      {error && <Notice kind="error">{error}</Notice>}
      <FormField id="reject-type" label={t('decide.rejectType')}>
        <select ref={first} value={code} onChange={(event) => changeCode(event.target.value)}>
          <option value="">{t('decide.chooseReason')}</option>
          {REJECT_TYPES.map((type) => (
            <option key={type.code} value={String(type.code)}>
              {type.code} {lang === 'ko' ? type.ko : `${type.en} (${type.ko})`}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="reject-message" label={t('decide.message')}>
        <textarea
          rows={3}
          maxLength={500}
          required
          value={message}
          onChange={(event) => {
            setMessageEdited(true);
            setMessage(event.target.value);
          }}
        />
      </FormField>
      <button type="submit" className="danger">
        {t('decide.reviewReject')}
      </button>
    </form>
  );
}
