// The outbox: uploads the physician's queued recordings, one at a time, whenever the network is
// there (at start, on the browser's `online` event, and on a backing-off timer), always with the
// recording's own Idempotency-Key, so a retry after a lost response never makes a second
// dictation. What the server has is removed from the device at once.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import {
  deleteRecording,
  getRecording,
  listRecordings,
  type OutboxRecording,
  onOutboxChange,
  recoverInterrupted,
  setStatus,
} from './outboxStore';
import { renderRecording } from './render';

/** Failures worth retrying by themselves: no network, server trouble, rate limit, expired session. */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500;
}

/** Seconds until the next automatic attempt after `attempts` failures: 5, 10, 20, 40, then 60. */
export function retryDelaySec(attempts: number): number {
  return Math.min(60, 5 * 2 ** Math.max(0, attempts - 1));
}

export type SendResult = { ok: true; dictationId: string } | { ok: false; code: string; retrying: boolean };

type ProgressListener = () => void;

class Outbox {
  private userId: string | null = null;
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: number | undefined;
  private results = new Map<string, SendResult>();
  readonly progress = new Map<string, number>();
  private progressListeners = new Set<ProgressListener>();
  private unsent = 0;
  private stopFns: (() => void)[] = [];

  /** Start for the signed-in physician: recover interrupted recordings, then send what is queued. */
  start(userId: string) {
    if (this.userId === userId) return;
    this.stop();
    this.userId = userId;
    const online = () => void this.flush();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (this.unsent > 0) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    const off = onOutboxChange(() => void this.count());
    this.stopFns = [
      () => window.removeEventListener('online', online),
      () => window.removeEventListener('beforeunload', beforeUnload),
      off,
    ];
    void recoverInterrupted(userId)
      .then(() => this.count())
      .then(() => this.flush())
      .catch(() => {});
  }

  stop() {
    for (const f of this.stopFns) f();
    this.stopFns = [];
    clearTimeout(this.timer);
    this.userId = null;
    this.unsent = 0;
  }

  private async count() {
    if (!this.userId) return;
    this.unsent = (await listRecordings(this.userId)).length;
  }

  onProgress(l: ProgressListener): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  private setProgress(id: string, p: number | null) {
    if (p === null) this.progress.delete(id);
    else this.progress.set(id, p);
    for (const l of this.progressListeners) l();
  }

  /** Queue a recording and send it now; resolves with what happened to it. */
  async send(id: string): Promise<SendResult> {
    this.results.delete(id);
    await setStatus(id, 'queued', { lastError: undefined });
    await this.flush();
    return this.results.get(id) ?? { ok: false, code: 'NOT_SENT', retrying: true };
  }

  /** Send every queued recording of this user (one flush at a time; a request during one runs after). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.sendQueued();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendQueued() {
    const userId = this.userId;
    if (!userId) return;
    clearTimeout(this.timer);
    const queued = (await listRecordings(userId)).filter((r) => r.status === 'queued');
    let retryIn = 0;
    for (const r of queued) {
      const result = await this.upload(r);
      this.results.set(r.id, result);
      if (!result.ok && result.retrying) retryIn = Math.max(retryIn, retryDelaySec(r.attempts + 1));
    }
    if (retryIn && this.userId === userId)
      this.timer = window.setTimeout(() => void this.flush(), retryIn * 1000);
  }

  private async upload(r: OutboxRecording): Promise<SendResult> {
    const meta = r.meta;
    if (!meta.patient || !meta.workType) {
      await setStatus(r.id, 'draft', { lastError: 'DETAILS_MISSING' });
      return { ok: false, code: 'DETAILS_MISSING', retrying: false };
    }
    this.setProgress(r.id, 0);
    try {
      const file = await renderRecording(r);
      const res = await api.uploadDictation(
        {
          patientMrn: meta.patient.mrn,
          workType: meta.workType,
          priority: meta.priority,
          encounter: meta.encounter || undefined,
          dictatedAt: r.createdAt,
        },
        file.blob,
        file.filename,
        (p) => this.setProgress(r.id, p),
        r.idempotencyKey,
      ).promise;
      // The server has it: nothing of the patient's stays on this device.
      await deleteRecording(r.id);
      return { ok: true, dictationId: res.id };
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'RENDER_FAILED';
      const retrying = isRetryable(e);
      // Still there? (It may have been deleted meanwhile.)
      if (await getRecording(r.id)) {
        await setStatus(r.id, retrying ? 'queued' : 'draft', { lastError: code, attempts: r.attempts + 1 });
      }
      return { ok: false, code, retrying };
    } finally {
      this.setProgress(r.id, null);
    }
  }
}

export const outbox = new Outbox();

/** This user's recordings on the device, kept current. */
export function useOutbox(userId: string | undefined): { items: OutboxRecording[]; loaded: boolean } {
  const [state, setState] = useState<{ items: OutboxRecording[]; loaded: boolean }>({
    items: [],
    loaded: false,
  });
  useEffect(() => {
    if (!userId) return;
    let live = true;
    let pending = false;
    let dirty = false;
    const read = async () => {
      if (pending) {
        dirty = true;
        return;
      }
      pending = true;
      try {
        do {
          dirty = false;
          const items = await listRecordings(userId);
          if (live) setState({ items, loaded: true });
        } while (dirty && live);
      } catch {
        if (live) setState((s) => ({ ...s, loaded: true }));
      } finally {
        pending = false;
      }
    };
    void read();
    const off = onOutboxChange(() => void read());
    return () => {
      live = false;
      off();
    };
  }, [userId]);
  return state;
}

export function useOutboxProgress(): ReadonlyMap<string, number> {
  const [, setTick] = useState(0);
  useEffect(() => outbox.onProgress(() => setTick((x) => x + 1)), []);
  return outbox.progress;
}

/** Human words for an outbox error code. */
export function outboxErrorText(code: string | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case 'NETWORK':
      return 'No connection: it will be sent when the network is back.';
    case 'DETAILS_MISSING':
      return 'Choose the patient and work type, then send.';
    case 'UNAUTHENTICATED':
    case 'HTTP_401':
      return 'Sign in again to send it.';
    case 'RENDER_FAILED':
      return 'The recording could not be prepared for sending.';
    default:
      return `Not sent (${code}).`;
  }
}
