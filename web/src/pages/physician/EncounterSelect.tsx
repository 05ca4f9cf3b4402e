import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Encounter } from '../../api/types';

/** The visit the dictation belongs to: the patient's encounters, newest first (optional). */
export function EncounterSelect({
  mrn,
  value,
  onChange,
}: {
  mrn: string | null;
  value: string;
  onChange: (visitNumber: string) => void;
}) {
  const [items, setItems] = useState<Encounter[]>([]);
  useEffect(() => {
    setItems([]);
    if (!mrn) return;
    let live = true;
    api
      .encounters(mrn)
      .then((e) => live && setItems(e))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [mrn]);
  if (!mrn) return null;
  return (
    <div className="field">
      <label htmlFor="dictate-encounter" className="field-label">
        Visit
      </label>
      <select id="dictate-encounter" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{items.length ? 'No particular visit' : 'No visits on record'}</option>
        {items.map((e) => (
          <option key={e.visitNumber} value={e.visitNumber}>
            {[
              e.visitNumber,
              e.date ? new Date(e.date).toLocaleDateString(undefined, { dateStyle: 'medium' }) : null,
              e.location,
            ]
              .filter(Boolean)
              .join(' · ')}
          </option>
        ))}
      </select>
    </div>
  );
}
