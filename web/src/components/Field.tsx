import { type FormEvent, type InputHTMLAttributes, type ReactNode, useCallback, useState } from 'react';
import { ErrorNotice } from './Notice';

/** A labelled control in a form row: the label wraps the control, so it needs no id. */
export function Field({
  label,
  className,
  children,
}: {
  label: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children
    <label className={className ? `field ${className}` : 'field'}>
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

/** A label above its control (dialogs), with an optional hint the control is described by. */
export function StackedField({
  id,
  label,
  help,
  children,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {help && (
        <p id={`${id}-help`} className="muted small">
          {help}
        </p>
      )}
    </>
  );
}

type InputAttributes = InputHTMLAttributes<HTMLInputElement>;

/** A StackedField whose control is an input of the same id, described by the hint when there is one. */
export function StackedInput({
  id,
  label,
  help,
  ...input
}: InputAttributes & { id: string; label: ReactNode; help?: ReactNode }) {
  return (
    <StackedField id={id} label={label} help={help}>
      <input id={id} aria-describedby={help ? `${id}-help` : undefined} {...input} />
    </StackedField>
  );
}

/** One plain input of a form, as data: its key in the form, its label, the input's own attributes. */
export type InputSpec<K extends string> = Omit<InputAttributes, 'name' | 'value' | 'onChange'> & {
  name: K;
  label: string;
};

/** A form's plain inputs from a list, each in a Field, bound to useForm's values. */
export function InputFields<K extends string>({
  fields,
  form,
  set,
}: {
  fields: readonly InputSpec<K>[];
  form: Record<K, string>;
  set: (k: K) => (e: { target: { value: string } }) => void;
}) {
  return fields.map(({ name, label, ...input }) => (
    <Field key={name} label={label}>
      <input {...input} value={form[name]} onChange={set(name)} />
    </Field>
  ));
}

/** A checkbox with its label after it. */
export function Checkbox({
  checked,
  onChange,
  className,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
    </label>
  );
}

/** A form's values, with an onChange maker per field: `<input value={form.name} onChange={set('name')} />`. */
export function useForm<T extends object>(initial: T) {
  const [form, setForm] = useState(initial);
  const set = useCallback(
    (k: keyof T) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    [],
  );
  return { form, setForm, set };
}

/** A report's options: edited in the form, applied (and fetched) on submit. */
export function useAppliedForm<T extends object>(initial: T) {
  const { form, setForm, set } = useForm(initial);
  const [applied, setApplied] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A copy: submitting the same options again fetches again.
    setApplied({ ...form });
  };
  return { form, setForm, set, applied, setApplied, submit };
}

/** From and To dates of a report's filters. */
export function DateRangeFields({
  from,
  to,
  set,
  required,
}: {
  from: string;
  to: string;
  set: (k: 'from' | 'to') => (e: { target: { value: string } }) => void;
  required?: boolean;
}) {
  return (
    <>
      <label>
        From
        <input type="date" value={from} onChange={set('from')} required={required} />
      </label>
      <label>
        To
        <input type="date" value={to} onChange={set('to')} required={required} />
      </label>
    </>
  );
}

/**
 * A form's submit button (or, with onConfirm, a plain action button): disabled and saying what it
 * does while busy ("Saving…").
 */
export function BusyButton({
  busy,
  label,
  busyLabel,
  disabled,
  className = 'primary',
  autoFocus,
  onConfirm,
}: {
  busy: boolean;
  label: string;
  busyLabel: string;
  disabled?: boolean;
  className?: string;
  autoFocus?: boolean;
  onConfirm?: () => void;
}) {
  return (
    <button
      type={onConfirm ? 'button' : 'submit'}
      className={className}
      disabled={busy || disabled}
      onClick={onConfirm}
      // biome-ignore lint/a11y/noAutofocus: only where the action is the expected next key press
      autoFocus={autoFocus}
    >
      {busy ? busyLabel : label}
    </button>
  );
}

/** A page form's end: the error of the last try (of action), then its submit button. */
export function FormEnd({
  action,
  label,
  busyLabel,
}: {
  action: { busy: boolean; error: string | null };
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      <ErrorNotice error={action.error} />
      <div className="form-actions">
        <BusyButton busy={action.busy} label={label} busyLabel={busyLabel} />
      </div>
    </>
  );
}

/** The radio buttons of one choice, each labelled; the caller wraps them in a fieldset with a legend. */
export function RadioOptions<T extends string>({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return options.map((o) => (
    <label key={o.value}>
      <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />{' '}
      {o.label}
    </label>
  ));
}
