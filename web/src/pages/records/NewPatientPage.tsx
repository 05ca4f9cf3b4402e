import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import type { Patient } from '../../api/types';
import { ErrorText } from '../../components/ErrorText';
import { Link } from '../../components/Link';
import { isoDay } from '../../lib/report-format';

const EMPTY = { mrn: '', name: '', birthDate: '', sex: '' };

/** POST /patients: MRN, name (one display string), birth date, sex. */
export function NewPatientPage() {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Patient | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const p = await recordsApi.createPatient({
        mrn: form.mrn.trim(),
        name: form.name.trim(),
        birthDate: form.birthDate,
        sex: form.sex as Patient['sex'],
      });
      setCreated(p);
      setForm(EMPTY);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <div className="page narrow-page">
      <h1>New patient</h1>
      {created && (
        <p className="notice" role="status">
          Patient {created.name} (MRN {created.mrn}) created.{' '}
          <Link href={`/records/patients?mrn=${encodeURIComponent(created.mrn)}`}>Open patient record</Link>
        </p>
      )}
      <form className="panel stacked-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">MRN</span>
          <input
            value={form.mrn}
            onChange={set('mrn')}
            required
            maxLength={64}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            title="Letters, digits, dot, dash, underscore"
            autoComplete="off"
          />
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            value={form.name}
            onChange={set('name')}
            required
            maxLength={200}
            placeholder="Family, Given"
            autoComplete="off"
          />
        </label>
        <label className="field">
          <span className="field-label">Birth date</span>
          <input
            type="date"
            value={form.birthDate}
            onChange={set('birthDate')}
            required
            max={isoDay(new Date())}
          />
        </label>
        <label className="field">
          <span className="field-label">Sex</span>
          <select value={form.sex} onChange={set('sex')} required>
            <option value="" disabled>
              Choose…
            </option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="other">Other</option>
            <option value="unknown">Unknown</option>
          </select>
        </label>
        <ErrorText message={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create patient'}
          </button>
        </div>
      </form>
    </div>
  );
}
