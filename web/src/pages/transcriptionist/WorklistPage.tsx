import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Dictation, ListFilters } from '../../api/types';
import { worklistStats } from '../../api/worklist-stats';
import { useSession } from '../../auth/session';
import { ColumnHeads, LoadMore } from '../../components/DataTable';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PriorityBadge, StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { usePagedList } from '../../components/usePagedList';
import { fmtClock, fmtDateTime, timeLeft } from '../../lib/format';
import { useSearch } from '../../lib/router';
import { Backlog } from './Backlog';
import { claimAndOpen } from './openNextJob';

const WORKLIST_COLUMNS = [
  'Priority',
  'Time left',
  'Dictated',
  'Patient',
  'Author',
  'Work type',
  'Length',
  'Job',
];

/** The worklist's own key: claim the next job (STAT first, then by due time). */
export const CLAIM_NEXT_KEY = 'Alt+C';

/** Colour class for the time left to the due date: overdue, due within the hour, or on time. */
export function agingClass(tl: { overdue: boolean; urgent: boolean }): string {
  return tl.overdue ? 'overdue aging-overdue' : tl.urgent ? 'urgent aging-soon' : 'aging-ok';
}

/**
 * "Waiting for author": a claimed job with a question routed to its author. It stays the
 * transcriptionist's (the claim does not time out) but is not being edited.
 */
export const waiting = (d: Dictation) => d.status === 'IN_EDIT' && (d.questions ?? 0) > 0;

/** Jobs shown per page; "Load more" fetches the next one. */
const PAGE_SIZE = 100;

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The filters' choices: value, then label; '' is all. */
const ALL = ['', 'All'] as const;
const PRIORITIES = [ALL, ['STAT', 'STAT'], ['ROUTINE', 'Routine']] as const;
const JOB_KINDS = [
  ALL,
  ['draft', 'Drafts to correct'],
  ['manual', 'Manual transcription'],
  ['mine', 'Claimed by me'],
  ['waiting', 'Waiting for author'],
] as const;

function FilterSelect<T extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly (readonly [T, string])[];
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function WorklistPage() {
  const { user } = useSession();
  const search = useSearch();
  const flash = search.get('msg');
  const [prio, setPrio] = useState<(typeof PRIORITIES)[number][0]>('');
  const [kind, setKind] = useState<(typeof JOB_KINDS)[number][0]>('');
  const [workType, setWorkType] = useState('');
  const [q, setQ] = useState('');
  const needle = useDebounced(q.trim(), 300);
  // The filters go to the server (GET /worklist?priority=&workType=&status=&q=), which keeps the
  // order: STAT first, then by due time. "Claimed by me": the worklist's only IN_EDIT jobs are mine.
  const filters: ListFilters = {
    priority: prio || undefined,
    workType: workType || undefined,
    q: needle || undefined,
    status:
      kind === 'draft'
        ? 'DRAFT_READY'
        : kind === 'manual'
          ? 'TRANSCRIPTION_FAILED'
          : kind === 'mine' || kind === 'waiting'
            ? 'IN_EDIT'
            : undefined,
  };
  const filterKey = JSON.stringify(filters);
  // Polled; while new filters load, the previous rows stay on screen (marked busy) instead of blinking.
  const list = usePagedList((cursor) => api.worklist(cursor, { ...filters, limit: PAGE_SIZE }), [filterKey], {
    pollMs: 15000,
    keepPrevious: true,
  });
  const workTypeList = useAsync(() => api.workTypes(), []);

  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    const t = window.setInterval(() => setTick((x) => x + 1), 30000);
    return () => clearInterval(t);
  }, []);

  const workTypes = useMemo(
    () =>
      (workTypeList.data ?? [])
        .map((w) => [w.code, w.name] as const)
        .sort((a, b) => a[1].localeCompare(b[1])),
    [workTypeList.data],
  );

  const stale = list.stale;
  const items = useMemo(
    () => (kind === 'waiting' ? list.items.filter(waiting) : list.items),
    [list.items, kind],
  );
  const nextCursor = list.cursor;
  // The backlog figures, and which of the rows on screen are empty drafts (typed by hand).
  const shownIds = items
    .slice(0, 200)
    .map((d) => d.id)
    .join(',');
  const stats = useAsync(() => worklistStats(shownIds ? shownIds.split(',') : undefined), [shownIds], 30000);
  const filtered = !!(prio || kind || workType || needle);
  const manualIds = useMemo(() => new Set(stats.data?.backlog.needsManualIds ?? []), [stats.data]);

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

  // Claim-next hotkey (Alt+C), from anywhere on the page but a text field.
  const claimNext = useRef<() => void>(() => {});
  // The next job to work on: waiting-for-author ones are not (their answer is not in yet).
  const nextJob = items.find((d) => !waiting(d));
  claimNext.current = () => {
    if (nextJob && !busy) void claim(nextJob);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyC') {
        e.preventDefault();
        claimNext.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="page worklist-page">
      <div className="page-head">
        <h1>Worklist</h1>
        <span className="muted" aria-live="polite">
          {items.length}
          {nextCursor ? '+' : ''} {items.length === 1 && !nextCursor ? 'job' : 'jobs'}
          {filtered ? ' match the filters' : ''}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!nextJob || !!busy}
          onClick={() => nextJob && void claim(nextJob)}
          aria-keyshortcuts="Alt+C"
          title={`Claim the next job (${CLAIM_NEXT_KEY})`}
        >
          Claim next job <kbd>{CLAIM_NEXT_KEY}</kbd>
        </button>
      </div>
      {stats.data && <Backlog stats={stats.data} />}
      <Notice kind="ok">{flash}</Notice>
      <search className="filters" aria-label="Filter the worklist">
        <FilterSelect label="Priority" value={prio} onChange={setPrio} options={PRIORITIES} />
        <FilterSelect label="Job" value={kind} onChange={setKind} options={JOB_KINDS} />
        <FilterSelect
          label="Work type"
          value={workType}
          onChange={setWorkType}
          options={[ALL, ...workTypes]}
        />
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
      <ErrorNotice error={error} />
      <ErrorNotice error={list.error} />
      <table className="table worklist">
        <caption className="sr-only">Jobs, STAT first, then by turnaround deadline</caption>
        <ColumnHeads names={WORKLIST_COLUMNS} actions="Actions" />
        <tbody aria-busy={list.loading || stale} className={stale ? 'stale' : undefined}>
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
                <td className={agingClass(tl)} title={new Date(d.dueAt).toLocaleString()}>
                  {tl.text}
                </td>
                <td>{fmtDateTime(d.dictatedAt)}</td>
                <td>
                  <strong>{d.patient.name}</strong> <span className="muted small">MRN {d.patient.mrn}</span>
                </td>
                <td>{d.author.displayName || d.author.username}</td>
                <td>{d.workType.name}</td>
                <td>{fmtClock(d.durationSec)}</td>
                <td>
                  {waiting(d) ? (
                    <span
                      className="badge status-waiting"
                      title="A question is with the author; the claim does not time out while it waits"
                    >
                      Waiting for author
                    </span>
                  ) : (
                    <StatusBadge status={d.status} reason={d.statusReason} />
                  )}
                  {manualIds.has(d.id) && d.status !== 'TRANSCRIPTION_FAILED' && (
                    <span className="badge needs-manual" title="The draft is empty (no speech recognised)">
                      Needs manual transcription
                    </span>
                  )}
                  {!!d.questions && !waiting(d) && (
                    <span className="badge questions" title="A blank is waiting for the author's answer">
                      Question for author
                    </span>
                  )}
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
          {!list.loading && !stale && items.length === 0 && (
            <tr>
              <td colSpan={9} className="empty">
                {filtered ? 'No job matches the filters.' : 'The worklist is empty.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <LoadMore list={list} />
    </div>
  );
}
