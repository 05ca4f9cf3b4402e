import { useState } from 'react';
import { recordsApi } from '../../api/records';
import type { Patient } from '../../api/types';
import { ErrorText } from '../../components/ErrorText';
import { BusyButton, Field, useForm } from '../../components/Field';
import { Link } from '../../components/Link';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { isoDay } from '../../lib/report-format';

const EMPTY = { mrn: '', name: '', birthDate: '', sex: '' };

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
        <Field label="MRN">
          <input
            value={form.mrn}
            onChange={set('mrn')}
            required
            maxLength={64}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            title="Letters, digits, dot, dash, underscore"
            autoComplete="off"
          />
        </Field>
        <Field label="Name">
          <input
            value={form.name}
            onChange={set('name')}
            required
            maxLength={200}
            placeholder="Family, Given"
            autoComplete="off"
          />
        </Field>
        <Field label="Birth date">
          <input
            type="date"
            value={form.birthDate}
            onChange={set('birthDate')}
            required
            max={isoDay(new Date())}
          />
        </Field>
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
        <ErrorText message={create.error} />
        <div className="form-actions">
          <BusyButton busy={create.busy} label="Create patient" busyLabel="Creating…" />
        </div>
      </form>
    </div>
  );
}
