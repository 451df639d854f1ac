import { FormField } from '../../../components/FormField';
import { type MessageKey, useI18n } from '../../../i18n';
import type { Reason } from './reasons';

export interface SideState {
  pass: boolean;
  /** An index into the reasons, 'custom' for typed text, '' for none chosen yet. */
  choice: string;
  custom: string;
}

export const NEW_SIDE: SideState = { pass: true, choice: '', custom: '' };

/** The Korean text sent for a failing side, or null when none is chosen or typed. */
export function sideReason(state: SideState, reasons: Reason[]): string | null {
  if (state.pass) return null;
  if (state.choice === 'custom') return state.custom.trim() || null;
  const reason = reasons[Number(state.choice)];
  return state.choice !== '' && reason ? reason.ko : null;
}

interface SideFieldsProps {
  side: 'front' | 'rear';
  reasons: Reason[];
  value: SideState;
  onChange: (next: SideState) => void;
  firstRef?: React.Ref<HTMLInputElement>;
}

export function SideFields({ side, reasons, value, onChange, firstRef }: SideFieldsProps) {
  const { t, lang } = useI18n();
  const id = `reinspect-${side}`;
  return (
    <fieldset className="side">
      <legend>{t(`decide.side.${side}` as MessageKey)}</legend>
      <div className="radios">
        <label>
          <input
            ref={firstRef}
            type="radio"
            name={`${id}-result`}
            checked={value.pass}
            onChange={() => onChange({ ...value, pass: true })}
          />{' '}
          {t('decide.pass')}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-result`}
            checked={!value.pass}
            onChange={() => onChange({ ...value, pass: false })}
          />{' '}
          {t('decide.fail')}
        </label>
      </div>
      {!value.pass && (
        <FormField
          id={`${id}-reason`}
          label={t('decide.reason')}
          after={
            value.choice === 'custom' && (
              <FormField id={`${id}-custom`} label={t('decide.customReasonLabel')} layout="bare">
                <input
                  type="text"
                  maxLength={300}
                  value={value.custom}
                  onChange={(event) => onChange({ ...value, custom: event.target.value })}
                />
              </FormField>
            )
          }
        >
          <select
            value={value.choice}
            onChange={(event) => onChange({ ...value, choice: event.target.value })}
          >
            <option value="">{t('decide.chooseReason')}</option>
            {reasons.map((reason, index) => (
              <option key={reason.ko} value={String(index)}>
                {lang === 'ko' ? reason.ko : `${reason.en} (${reason.ko})`}
              </option>
            ))}
            <option value="custom">{t('decide.customReason')}</option>
          </select>
        </FormField>
      )}
    </fieldset>
  );
}
