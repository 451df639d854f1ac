import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormField } from '../../../components/FormField';
import { Notice } from '../../../components/Notice';
import { useT } from '../../../i18n';
import { defaultInsurance, insuranceEnd, isWireDate } from '../../../lib/time';
import type { DecisionBody } from './decision-types';

/** Approval: the insurance period, prefilled from tomorrow (Korean time) for a year less a day. */
export function ApproveForm({ onReview }: { onReview: (body: DecisionBody) => void }) {
  const t = useT();
  const [initial] = useState(() => defaultInsurance(new Date()));
  const [start, setStart] = useState(initial.start);
  const [end, setEnd] = useState(initial.end);
  const [endEdited, setEndEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => submitRef.current?.focus(), []);

  const changeStart = (value: string) => {
    setStart(value);
    if (!endEdited && isWireDate(value)) setEnd(insuranceEnd(value));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isWireDate(start)) return setError(t('decide.badStart'));
    if (!isWireDate(end) || end <= start) return setError(t('decide.badEnd'));
    setError(null);
    onReview({ result: 0, insurance: { insurance_start: start, insurance_end: end } });
  };

  return (
    <form className="decision-form" onSubmit={submit} noValidate>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="field-row">
        <FormField id="insurance-start" label={t('decide.insuranceStart')}>
          <input type="date" required value={start} onChange={(event) => changeStart(event.target.value)} />
        </FormField>
        <FormField id="insurance-end" label={t('decide.insuranceEnd')}>
          <input
            type="date"
            required
            value={end}
            onChange={(event) => {
              setEndEdited(true);
              setEnd(event.target.value);
            }}
          />
        </FormField>
      </div>
      <p className="hint">{t('decide.insuranceHint')}</p>
      <button ref={submitRef} type="submit" className="primary">
        {t('decide.reviewApprove')}
      </button>
    </form>
  );
}
