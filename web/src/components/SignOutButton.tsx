import { useState } from 'react';
import { useSession } from '../auth/session';
import { stopActiveRecorder } from '../recording/activeRecorder';
import { outbox } from '../recording/outbox';
import { listRecordings } from '../recording/outboxStore';
import { Dialog } from './Dialog';

/**
 * Sign out, without losing work: unsaved transcript text asks first, and unsent recordings on this
 * device are offered for sending before the session ends (the upload needs the session).
 */
export function SignOutButton() {
  const { user, signOut } = useSession();
  const [unsent, setUnsent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  async function start() {
    // Unsaved editor text lives in this browser until saved; signing out removes it.
    const pending = (window as unknown as { __dictumUnsaved?: () => boolean }).__dictumUnsaved?.();
    if (
      pending &&
      !window.confirm('You have unsaved transcript text. Sign out anyway? The unsaved text will be removed.')
    )
      return;
    await stopActiveRecorder().catch(() => {});
    const mine = user ? await listRecordings(user.id).catch(() => []) : [];
    const n = mine.filter((r) => r.takes.some((t) => t.chunks > 0)).length;
    if (n === 0) return finish();
    setNote(null);
    setUnsent(n);
  }

  async function finish() {
    setUnsent(0);
    outbox.stop();
    await signOut();
  }

  async function sendThenSignOut() {
    if (!user) return;
    setBusy(true);
    try {
      const mine = await listRecordings(user.id);
      const left: string[] = [];
      for (const r of mine) {
        if (!r.takes.some((t) => t.chunks > 0)) continue;
        if (!r.meta.patient || !r.meta.workType) {
          left.push('a recording without a patient');
          continue;
        }
        const res = await outbox.send(r.id);
        if (!res.ok) left.push(r.meta.patient.name);
      }
      if (left.length === 0) return await finish();
      setNote(
        `${left.length === 1 ? 'One recording was' : `${left.length} recordings were`} not sent (${left.join(', ')}). They stay on this device, encrypted, and are sent after you next sign in here.`,
      );
      setUnsent(left.length);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="link-button" onClick={() => void start()}>
        Sign out
      </button>
      <Dialog open={unsent > 0} title="Send your recordings first?" onClose={() => setUnsent(0)}>
        <p>
          {unsent === 1
            ? 'One dictation recorded on this device has'
            : `${unsent} dictations recorded on this device have`}{' '}
          not been sent. Send {unsent === 1 ? 'it' : 'them'} before signing out?
        </p>
        {note && (
          <p className="warn" role="alert">
            {note}
          </p>
        )}
        <div className="dialog-actions wrap">
          <button type="button" onClick={() => setUnsent(0)} disabled={busy}>
            Cancel
          </button>
          <button type="button" onClick={() => void finish()} disabled={busy}>
            Sign out, keep on this device
          </button>
          <button type="button" className="primary" onClick={() => void sendThenSignOut()} disabled={busy}>
            {busy ? 'Sending…' : 'Send and sign out'}
          </button>
        </div>
      </Dialog>
    </>
  );
}
