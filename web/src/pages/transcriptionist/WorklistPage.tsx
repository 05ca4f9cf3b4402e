import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Dictation } from '../../api/types';
import { useSession } from '../../auth/session';
import { PriorityBadge, StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { fmtClock, timeLeft } from '../../lib/format';
import { navigate, useSearch } from '../../lib/router';

/** Claim a job (unless it is already mine) and open it in the editor. */
export async function claimAndOpen(d: Dictation, myId: string): Promise<void> {
  if (!(d.status === 'IN_EDIT' && d.assignee?.id === myId)) await api.claim(d.id);
  navigate(`/edit/${d.id}`);
}

export function WorklistPage() {
  const { user } = useSession();
  const search = useSearch();
  const flash = search.get('msg');
  const list = useAsync(
    async () => {
      const items: Dictation[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const p = await api.worklist(cursor);
        items.push(...p.items);
        cursor = p.nextCursor;
        if (!cursor) break;
      }
      return items;
    },
    [],
    15000,
  );
  const [prio, setPrio] = useState<'' | 'STAT' | 'ROUTINE'>('');
  const [kind, setKind] = useState<'' | 'draft' | 'manual' | 'mine'>('');
  const [workType, setWorkType] = useState('');
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    const t = window.setInterval(() => setTick((x) => x + 1), 30000);
    return () => clearInterval(t);
  }, []);

  const all = list.data ?? [];
  const workTypes = useMemo(() => {
    const m = new Map<string, string>();
    for (const d of all) m.set(d.workType.code, d.workType.name);
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all]);

  const items = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return all
      .filter((d) => !prio || d.priority === prio)
      .filter((d) => !workType || d.workType.code === workType)
      .filter((d) =>
        !kind
          ? true
          : kind === 'manual'
            ? d.status === 'TRANSCRIPTION_FAILED'
            : kind === 'draft'
              ? d.status === 'DRAFT_READY'
              : d.status === 'IN_EDIT' && d.assignee?.id === user?.id,
      )
      .filter(
        (d) =>
          !needle ||
          d.patient.name.toLowerCase().includes(needle) ||
          d.patient.mrn.toLowerCase().includes(needle) ||
          d.author.username.toLowerCase().includes(needle) ||
          (d.author.displayName ?? '').toLowerCase().includes(needle),
      )
      .sort(
        (a, b) =>
          (a.priority === 'STAT' ? 0 : 1) - (b.priority === 'STAT' ? 0 : 1) ||
          new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime(),
      );
  }, [all, prio, kind, workType, q, user?.id]);

  async function claim(d: Dictation) {
    setBusy(d.id);
    setError(null);
    try {
      await claimAndOpen(d, user!.id);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ALREADY_CLAIMED') {
        setError(`Someone else has just claimed the dictation for ${d.patient.name}.`);
        void list.reload();
      } else setError(`Could not claim: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="page worklist-page">
      <div className="page-head">
        <h1>Worklist</h1>
        <span className="muted">
          {items.length} of {all.length} jobs
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!items.length || !!busy}
          onClick={() => items[0] && void claim(items[0])}
        >
          Claim next job
        </button>
      </div>
      {flash && (
        <p className="notice" role="status">
          {flash}
        </p>
      )}
      <search className="filters" aria-label="Filter the worklist">
        <label>
          Priority{' '}
          <select value={prio} onChange={(e) => setPrio(e.target.value as typeof prio)}>
            <option value="">All</option>
            <option value="STAT">STAT</option>
            <option value="ROUTINE">Routine</option>
          </select>
        </label>
        <label>
          Job{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">All</option>
            <option value="draft">Drafts to correct</option>
            <option value="manual">Manual transcription</option>
            <option value="mine">Claimed by me</option>
          </select>
        </label>
        <label>
          Work type{' '}
          <select value={workType} onChange={(e) => setWorkType(e.target.value)}>
            <option value="">All</option>
            {workTypes.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search{' '}
          <input
            type="search"
            placeholder="Patient, MRN or author"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
      </search>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list.error ? (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <table className="table worklist">
        <caption className="sr-only">Jobs, STAT first, then by turnaround deadline</caption>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Time left</th>
            <th scope="col">Patient</th>
            <th scope="col">Author</th>
            <th scope="col">Work type</th>
            <th scope="col">Length</th>
            <th scope="col">Job</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={list.loading}>
          {items.map((d) => {
            const tl = timeLeft(d.dueAt);
            const mine = d.status === 'IN_EDIT' && d.assignee?.id === user?.id;
            return (
              <tr
                key={d.id}
                className={d.priority === 'STAT' ? 'stat' : ''}
                onDoubleClick={() => void claim(d)}
              >
                <td>
                  <PriorityBadge priority={d.priority} />
                </td>
                <td
                  className={tl.overdue ? 'overdue' : tl.urgent ? 'urgent' : ''}
                  title={new Date(d.dueAt).toLocaleString()}
                >
                  {tl.text}
                </td>
                <td>
                  <strong>{d.patient.name}</strong> <span className="muted small">MRN {d.patient.mrn}</span>
                </td>
                <td>{d.author.displayName || d.author.username}</td>
                <td>{d.workType.name}</td>
                <td>{fmtClock(d.durationSec)}</td>
                <td>
                  <StatusBadge status={d.status} reason={d.statusReason} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="small primary"
                    disabled={busy === d.id}
                    onClick={() => void claim(d)}
                    aria-label={`${mine ? 'Continue' : 'Claim'} dictation for ${d.patient.name}`}
                  >
                    {mine ? 'Continue' : 'Claim'}
                  </button>
                </td>
              </tr>
            );
          })}
          {!list.loading && items.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                {all.length ? 'No job matches the filters.' : 'The worklist is empty.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
