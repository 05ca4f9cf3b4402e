import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { reviewApi } from '../../api/review';
import type { DocumentSummary } from '../../api/types';
import { actionsColumn, type Column, DataTable } from '../../components/DataTable';
import { Link } from '../../components/Link';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { SignDialog } from '../../components/SignDialog';
import { useAsync } from '../../components/useAsync';
import { daysWaiting } from '../../lib/age';
import { fmtDateTime } from '../../lib/format';

const KIND: Record<string, string> = { ORIGINAL: 'Note', ADDENDUM: 'Addendum', REPLACEMENT: 'Replacement' };

/**
 * The physician's "to sign" list: their notes and the amendments records staff wrote to them, oldest
 * first, with the reason of each amendment. Several can be signed at once after one confirmation.
 */
export function ToSignPage() {
  const list = useAsync(() => reviewApi.toSign(), []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const chosen = items.filter((d) => selected.has(d.id));

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function signAll(password: string) {
    setBusy(true);
    setError(null);
    let signed = 0;
    const failed: string[] = [];
    for (const d of chosen) {
      try {
        await reviewApi.sign(d.id, password ? { password } : {});
        signed++;
      } catch (e) {
        failed.push(`${d.patient.name}: ${errorMessage(e)}`);
        // A wrong or missing password fails every one alike: stop and ask again.
        if (signed === 0) break;
      }
    }
    setBusy(false);
    if (signed === 0 && failed.length) {
      setError(failed[0] ?? null);
      return;
    }
    setConfirming(false);
    setSelected(new Set());
    setMsg(
      `Signed ${signed} ${signed === 1 ? 'note' : 'notes'}.${failed.length ? ` Not signed: ${failed.join('; ')}` : ''}`,
    );
    await list.reload();
  }

  const columns: Column<DocumentSummary>[] = [
    {
      header: (
        <input
          type="checkbox"
          aria-label="Select all"
          checked={chosen.length === items.length}
          onChange={(e) => setSelected(e.target.checked ? new Set(items.map((d) => d.id)) : new Set())}
        />
      ),
      cell: (d) => (
        <input
          type="checkbox"
          checked={selected.has(d.id)}
          onChange={() => toggle(d.id)}
          aria-label={`Select ${d.workType.name} for ${d.patient.name}`}
        />
      ),
    },
    {
      header: 'Patient',
      cell: (d) => (
        <>
          {d.patient.name} <span className="muted">MRN {d.patient.mrn}</span>
        </>
      ),
    },
    {
      header: 'Note',
      cell: (d) => (
        <>
          {d.workType.name} · {KIND[d.kind] ?? d.kind} {d.number}
          {d.reason && <div className="small">Reason: {d.reason}</div>}
        </>
      ),
    },
    {
      header: 'Waiting',
      cellTitle: (d) => fmtDateTime(d.finalizedAt),
      cell: (d) => {
        const days = daysWaiting(d.finalizedAt);
        return days === 0 ? 'today' : `${days} d`;
      },
    },
    actionsColumn((d) => (
      <Link href={`/review/doc/${d.id}`} className="button small">
        Review
      </Link>
    )),
  ];

  return (
    <div className="page to-sign-page">
      <PageHead
        title="To sign"
        actions={
          <button
            type="button"
            className="primary"
            disabled={chosen.length === 0}
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
          >
            Sign selected ({chosen.length})
          </button>
        }
      />
      <Notice kind="ok">{msg}</Notice>
      <ErrorNotice error={list.error} />
      {list.data && items.length === 0 && <p className="muted">Nothing is waiting for your signature.</p>}
      {items.length > 0 && <DataTable columns={columns} rows={items} rowKey={(d) => d.id} />}
      <SignDialog
        key={confirming ? 'open' : 'closed'}
        open={confirming}
        title={`Sign ${chosen.length} ${chosen.length === 1 ? 'note' : 'notes'}?`}
        confirmLabel={`Sign ${chosen.length}`}
        busy={busy}
        error={error}
        onCancel={() => setConfirming(false)}
        onConfirm={(password) => void signAll(password)}
      >
        <p>You confirm that you have reviewed each of these notes and that they are accurate:</p>
        <ul>
          {chosen.map((d) => (
            <li key={d.id}>
              {d.workType.name} — {d.patient.name} ({d.number})
            </li>
          ))}
        </ul>
      </SignDialog>
    </div>
  );
}
