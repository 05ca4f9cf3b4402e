import { useState } from 'react';
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
  return (
    <section className="panel outbox-panel" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox: not sent yet ({list.length})</h2>
      <p className="muted small">
        Kept on this device, encrypted, until the server has them; then they are removed from the device.
      </p>
      <table className="table cards">
        <caption className="sr-only">Recordings on this device that have not been sent</caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Work type</th>
            <th scope="col">Length</th>
            <th scope="col">Recorded</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => {
            const p = progress.get(r.id);
            const who = r.meta.patient?.name ?? 'No patient chosen';
            const ready = !!r.meta.patient && !!r.meta.workType;
            return (
              <tr key={r.id} aria-label={`Unsent recording for ${who}`}>
                <td>
                  <strong>{who}</strong>
                  {r.meta.patient && <span className="muted small"> MRN {r.meta.patient.mrn}</span>}
                </td>
                <td>{r.meta.workTypeName ?? r.meta.workType}</td>
                <td>{fmtClock(r.durationSec)}</td>
                <td>{fmtDateTime(r.createdAt)}</td>
                <td>
                  {p !== undefined ? (
                    <span role="status">Sending {Math.round(p * 100)}%</span>
                  ) : r.status === 'queued' ? (
                    <span>{outboxErrorText(r.lastError) ?? 'Waiting to send'}</span>
                  ) : r.status === 'recording' ? (
                    <span>Recording in another window</span>
                  ) : (
                    <span>
                      {r.interrupted ? 'Interrupted, not sent' : 'Not sent'}
                      {r.lastError && <span className="muted small"> · {outboxErrorText(r.lastError)}</span>}
                    </span>
                  )}
                </td>
                <td className="actions">
                  {r.status !== 'recording' && p === undefined && (
                    <>
                      <button
                        type="button"
                        className="small primary"
                        disabled={!ready}
                        title={ready ? undefined : 'Open it and choose the patient and work type first'}
                        onClick={() => void outbox.send(r.id)}
                        aria-label={`Send recording for ${who}`}
                      >
                        Send
                      </button>
                      {r.status === 'draft' && (
                        <button
                          type="button"
                          className="small"
                          disabled={!canOpen}
                          onClick={() => onOpen(r)}
                          aria-label={`Open recording for ${who}`}
                        >
                          Open
                        </button>
                      )}
                      <button
                        type="button"
                        className="small"
                        onClick={() => setToDelete(r)}
                        aria-label={`Delete recording for ${who}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
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
