import { type FormEvent, useEffect, useRef, useState } from 'react';
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
      <div className="field">
        <label htmlFor="reject-type">{t('decide.rejectType')}</label>
        <select
          ref={first}
          id="reject-type"
          value={code}
          onChange={(event) => changeCode(event.target.value)}
        >
          <option value="">{t('decide.chooseReason')}</option>
          {REJECT_TYPES.map((type) => (
            <option key={type.code} value={String(type.code)}>
              {type.code} {lang === 'ko' ? type.ko : `${type.en} (${type.ko})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="reject-message">{t('decide.message')}</label>
        <textarea
          id="reject-message"
          rows={3}
          maxLength={500}
          required
          value={message}
          onChange={(event) => {
            setMessageEdited(true);
            setMessage(event.target.value);
          }}
        />
      </div>
      <button type="submit" className="danger">
        {t('decide.reviewReject')}
      </button>
    </form>
  );
}
