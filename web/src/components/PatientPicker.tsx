import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Patient } from '../api/types';

/** Combobox: search patients by MRN or name (debounced), pick with arrows + Enter or the mouse. */
export function PatientPicker({
  value,
  onChange,
  label = 'Patient',
  compact = false,
  id: idProp,
}: {
  value: Patient | null;
  onChange: (p: Patient | null) => void;
  label?: string;
  compact?: boolean;
  id?: string;
}) {
  const autoId = useId();
  const id = idProp ?? `patient-${autoId}`;
  const listId = `${id}-list`;
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Patient[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // Closing on blur waits a moment (so a click on an option lands); coming back cancels it.
  const closeTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    const term = q.trim();
    if (!open || term.length < 2) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const t = window.setTimeout(async () => {
      setLoading(true);
      try {
        const res = await api.patients(term, ctrl.signal);
        setItems(res.slice(0, 20));
        setActive(0);
        setError(null);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e.message : 'Search failed');
      } finally {
        setLoading(false);
      }
    }, 200);
    return () => {
      ctrl.abort();
      clearTimeout(t);
    };
  }, [q, open]);

  function pick(p: Patient) {
    onChange(p);
    setQ('');
    setOpen(false);
  }

  if (value) {
    return (
      <div className={`patient-picker picked ${compact ? 'compact' : ''}`}>
        {!compact && <span className="field-label">{label}</span>}
        <span className="patient-chip">
          <strong>{value.name}</strong> <span className="muted">MRN {value.mrn}</span>
          {!compact && value.birthDate && <span className="muted"> · born {value.birthDate}</span>}
        </span>
        <button
          type="button"
          className="link-button"
          aria-label={`Change patient (${value.name})`}
          onClick={() => {
            onChange(null);
            setTimeout(() => inputRef.current?.focus(), 0);
          }}
        >
          Change
        </button>
      </div>
    );
  }

  return (
    <div className={`patient-picker ${compact ? 'compact' : ''}`}>
      <label htmlFor={id} className={compact ? 'sr-only' : 'field-label'}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
        placeholder="Search by MRN or name"
        autoComplete="off"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => {
          clearTimeout(closeTimer.current);
          setOpen(true);
        }}
        onBlur={() => {
          closeTimer.current = window.setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(items.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && open && items[active]) {
            e.preventDefault();
            pick(items[active]!);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && q.trim().length >= 2 && (
        <div id={listId} role="listbox" className="listbox" aria-label="Matching patients">
          {loading && items.length === 0 && <div className="muted">Searching…</div>}
          {!loading && items.length === 0 && !error && (
            <div className="muted">No patient matches “{q.trim()}”.</div>
          )}
          {error && <div className="error">{error}</div>}
          {items.map((p, i) => (
            <div
              key={p.mrn}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <strong>{p.name}</strong> <span className="muted">MRN {p.mrn}</span>{' '}
              <span className="muted">
                {p.birthDate} · {p.sex}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
