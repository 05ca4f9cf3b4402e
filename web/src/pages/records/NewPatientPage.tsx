import { useState } from 'react';
import { recordsApi } from '../../api/records';
import type { Patient } from '../../api/types';
import { Field, FormEnd, InputFields, type InputSpec, useForm } from '../../components/Field';
import { Link } from '../../components/Link';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { isoDay } from '../../lib/report-format';

const EMPTY = { mrn: '', name: '', birthDate: '', sex: '' };

const PATIENT_FIELDS: InputSpec<keyof typeof EMPTY>[] = [
  {
    name: 'mrn',
    label: 'MRN',
    required: true,
    maxLength: 64,
    pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*',
    title: 'Letters, digits, dot, dash, underscore',
    autoComplete: 'off',
  },
  {
    name: 'name',
    label: 'Name',
    required: true,
    maxLength: 200,
    placeholder: 'Family, Given',
    autoComplete: 'off',
  },
];

/** POST /patients: MRN, name (one display string), birth date, sex. */
export function NewPatientPage() {
  const { form, setForm, set } = useForm(EMPTY);
  const [created, setCreated] = useState<Patient | null>(null);
  const create = useAction();

  const submit = create.submit(async () => {
    setCreated(null);
    const p = await recordsApi.createPatient({
      mrn: form.mrn.trim(),
      name: form.name.trim(),
      birthDate: form.birthDate,
      sex: form.sex as Patient['sex'],
    });
    setCreated(p);
    setForm(EMPTY);
  });

  return (
    <div className="page narrow-page">
      <h1>New patient</h1>
      <Notice kind="ok">
        {created && (
          <>
            Patient {created.name} (MRN {created.mrn}) created.{' '}
            <Link href={`/records/patients?mrn=${encodeURIComponent(created.mrn)}`}>Open patient record</Link>
          </>
        )}
      </Notice>
      <form className="panel stacked-form" onSubmit={submit}>
        <InputFields
          fields={[
            ...PATIENT_FIELDS,
            { name: 'birthDate', label: 'Birth date', type: 'date', required: true, max: isoDay(new Date()) },
          ]}
          form={form}
          set={set}
        />
        <Field label="Sex">
          <select value={form.sex} onChange={set('sex')} required>
            <option value="" disabled>
              Choose…
            </option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="other">Other</option>
            <option value="unknown">Unknown</option>
          </select>
        </Field>
        <FormEnd action={create} label="Create patient" busyLabel="Creating…" />
      </form>
    </div>
  );
}
