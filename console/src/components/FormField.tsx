import { cloneElement, type ReactElement, type ReactNode } from 'react';

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
}

interface FormFieldProps {
  /** The control's id: the label names it (`htmlFor`), so `getByLabel` and screen readers find it. */
  id: string;
  label: ReactNode;
  /** The one control (input, select or textarea); it is given `id`, and `aria-describedby` for a hint. */
  children: ReactElement<ControlProps>;
  /** A hint under the control (`${id}-hint`), read out with it. */
  hint?: ReactNode;
  /** More inside the field after the control, e.g. a follow-up field. */
  after?: ReactNode;
  /**
   * `stacked` (default): label above the control in a `.field`; `inline`: side by side (toolbars);
   * `bare`: label and control alone, in a container that lays out its own column.
   */
  layout?: 'stacked' | 'inline' | 'bare';
}

/** A form field: its label, its control, and an optional hint, the same markup on every page. */
export function FormField({ id, label, children, hint, after, layout = 'stacked' }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const content = (
    <>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, ...(hintId ? { 'aria-describedby': hintId } : {}) })}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {after}
    </>
  );
  if (layout === 'bare') return content;
  return <div className={layout === 'inline' ? 'field inline' : 'field'}>{content}</div>;
}
