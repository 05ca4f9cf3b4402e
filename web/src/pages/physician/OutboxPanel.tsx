import { useState } from 'react';
import { actionsColumn, type Column, DataTable, RowButton } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { fmtClock, fmtDateTime } from '../../lib/format';
import { outbox, outboxErrorText, useOutbox, useOutboxProgress } from '../../recording/outbox';
import { deleteRecording, type OutboxRecording } from '../../recording/outboxStore';

/**
 * Recordings on this device that the server does not have yet (encrypted until sent): send,
 * open to continue, or delete. Queued ones go by themselves when the network is back.
 */
export function OutboxPanel({
  userId,
  exclude,
  onOpen,
  canOpen,
}: {
  userId: string;
  /** The recording open in the recorder (shown there, not here). */
  exclude: string | null;
  onOpen: (r: OutboxRecording) => void;
  canOpen: boolean;
}) {
  const { items } = useOutbox(userId);
  const progress = useOutboxProgress();
  const [toDelete, setToDelete] = useState<OutboxRecording | null>(null);
  const list = items.filter((r) => r.id !== exclude && r.takes.some((t) => t.chunks > 0));
  if (!list.length) return null;
  const columns: Column<OutboxRecording>[] = [
    {
      header: 'Patient',
      cell: (r) => (
        <>
          <strong>{who(r)}</strong>
          {r.meta.patient && <span className="muted small"> MRN {r.meta.patient.mrn}</span>}
        </>
      ),
    },
    { header: 'Work type', cell: (r) => r.meta.workTypeName ?? r.meta.workType },
    { header: 'Length', cell: (r) => fmtClock(r.durationSec) },
    { header: 'Recorded', cell: (r) => fmtDateTime(r.createdAt) },
    { header: 'State', cell: (r) => <SendState r={r} progress={progress.get(r.id)} /> },
    actionsColumn((r) => {
      const ready = !!r.meta.patient && !!r.meta.workType;
      if (r.status === 'recording' || progress.get(r.id) !== undefined) return null;
      return (
        <>
          <RowButton
            className="primary"
            label={`Send recording for ${who(r)}`}
            disabled={!ready}
            title={ready ? undefined : 'Open it and choose the patient and work type first'}
            onClick={() => void outbox.send(r.id)}
          >
            Send
          </RowButton>
          {r.status === 'draft' && (
            <RowButton label={`Open recording for ${who(r)}`} disabled={!canOpen} onClick={() => onOpen(r)}>
              Open
            </RowButton>
          )}
          <RowButton label={`Delete recording for ${who(r)}`} onClick={() => setToDelete(r)}>
            Delete
          </RowButton>
        </>
      );
    }),
  ];
  return (
    <section className="panel outbox-panel" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox: not sent yet ({list.length})</h2>
      <p className="muted small">
        Kept on this device, encrypted, until the server has them; then they are removed from the device.
      </p>
      <DataTable
        variant="cards"
        caption="Recordings on this device that have not been sent"
        columns={columns}
        rows={list}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'aria-label': `Unsent recording for ${who(r)}` })}
      />
      <ConfirmDialog
        open={!!toDelete}
        title="Delete this recording?"
        confirmLabel="Delete recording"
        danger
        onConfirm={() => {
          const r = toDelete;
          setToDelete(null);
          if (r) void deleteRecording(r.id);
        }}
        onCancel={() => setToDelete(null)}
      >
        <p>
          The recording for <strong>{toDelete?.meta.patient?.name ?? 'no patient'}</strong> (
          {fmtClock(toDelete?.durationSec)}) has not been sent. Deleting it cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}

const who = (r: OutboxRecording) => r.meta.patient?.name ?? 'No patient chosen';

function SendState({ r, progress }: { r: OutboxRecording; progress: number | undefined }) {
  if (progress !== undefined) return <span role="status">Sending {Math.round(progress * 100)}%</span>;
  if (r.status === 'queued') return <span>{outboxErrorText(r.lastError) ?? 'Waiting to send'}</span>;
  if (r.status === 'recording') return <span>Recording in another window</span>;
  return (
    <span>
      {r.interrupted ? 'Interrupted, not sent' : 'Not sent'}
      {r.lastError && <span className="muted small"> · {outboxErrorText(r.lastError)}</span>}
    </span>
  );
}
