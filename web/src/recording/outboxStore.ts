// The device's store of recordings that have not reached the server yet: each recording's takes
// are written chunk by chunk while the microphone runs (MediaRecorder delivers one every second),
// so a reload, a crash or a closed tab keeps everything captured up to the last second.
// A recording is removed as soon as the server has it (no patient audio lingers on the device).
import type { Priority } from '../api/types';
import { CHUNKS, RECORDINGS, reqP, type Sealed, seal, sealJson, tx, unseal, unsealJson } from './secureStore';
import { type TakeOp, timelineLength } from './timeline';

export interface RecordingMeta {
  patient: { mrn: string; name: string } | null;
  encounter?: string;
  workType: string;
  workTypeName?: string;
  priority: Priority;
}

/** recording: the microphone is (or was, until the page went away) writing to it; draft: stopped,
 * not sent; queued: the physician pressed Send, the outbox uploads it until the server has it. */
export type RecordingStatus = 'recording' | 'draft' | 'queued';

export interface Take {
  id: string;
  mime: string;
  /** Seconds captured so far (kept up to date with each chunk, so a crash loses at most one). */
  durationSec: number;
  chunks: number;
}

interface Row {
  id: string;
  userId: string;
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  status: RecordingStatus;
  takes: Take[];
  ops: TakeOp[];
  durationSec: number;
  attempts: number;
  /** A code-like reason (never patient data). */
  lastError?: string;
  /** The page went away while the microphone was on. */
  interrupted?: boolean;
  meta: Sealed;
}

export type OutboxRecording = Omit<Row, 'meta'> & { meta: RecordingMeta };

const changeListeners = new Set<() => void>();
/** Called after any change (the outbox panel and the header badge re-read). */
export function onOutboxChange(l: () => void): () => void {
  changeListeners.add(l);
  return () => changeListeners.delete(l);
}
function changed() {
  for (const l of changeListeners) l();
}

async function open(row: Row): Promise<OutboxRecording> {
  return { ...row, meta: await unsealJson<RecordingMeta>(row.meta) };
}

export async function createRecording(
  id: string,
  userId: string,
  idempotencyKey: string,
  meta: RecordingMeta,
): Promise<OutboxRecording> {
  const now = new Date().toISOString();
  const row: Row = {
    id,
    userId,
    idempotencyKey,
    createdAt: now,
    updatedAt: now,
    status: 'recording',
    takes: [],
    ops: [],
    durationSec: 0,
    attempts: 0,
    meta: await sealJson(meta),
  };
  await tx([RECORDINGS], 'readwrite', (t) => reqP(t.objectStore(RECORDINGS).add(row)));
  changed();
  return { ...row, meta };
}

async function update(id: string, fn: (row: Row) => void): Promise<Row | null> {
  const row = await tx([RECORDINGS], 'readwrite', async (t) => {
    const s = t.objectStore(RECORDINGS);
    const r = (await reqP(s.get(id))) as Row | undefined;
    if (!r) return null;
    fn(r);
    r.updatedAt = new Date().toISOString();
    r.durationSec = timelineLength(r.ops, new Map(r.takes.map((k) => [k.id, k.durationSec])));
    await reqP(s.put(r));
    return r;
  });
  changed();
  return row;
}

export async function saveMeta(id: string, meta: RecordingMeta) {
  const sealed = await sealJson(meta);
  await update(id, (r) => {
    r.meta = sealed;
  });
}

/** A new take laid on the timeline at `op.at` in `op.mode`. */
export async function startTake(id: string, take: { id: string; mime: string }, op: TakeOp) {
  await update(id, (r) => {
    r.takes.push({ id: take.id, mime: take.mime, durationSec: 0, chunks: 0 });
    r.ops.push(op);
    r.status = 'recording';
  });
}

/** One MediaRecorder chunk, encrypted, and the take's length so far. */
export async function appendChunk(id: string, takeId: string, seq: number, chunk: Blob, takeSec: number) {
  const sealed = await seal(new Uint8Array(await chunk.arrayBuffer()));
  await tx([CHUNKS, RECORDINGS], 'readwrite', async (t) => {
    const s = t.objectStore(RECORDINGS);
    const r = (await reqP(s.get(id))) as Row | undefined;
    // Deleted (or sent) meanwhile: keep no orphan audio.
    if (!r) return;
    await reqP(t.objectStore(CHUNKS).put(sealed, [id, takeId, seq]));
    const take = r.takes.find((k) => k.id === takeId);
    if (take) {
      take.chunks = Math.max(take.chunks, seq + 1);
      take.durationSec = Math.max(take.durationSec, takeSec);
    }
    r.durationSec = timelineLength(r.ops, new Map(r.takes.map((k) => [k.id, k.durationSec])));
    r.updatedAt = new Date().toISOString();
    await reqP(s.put(r));
  });
  changed();
}

export async function setTakeDuration(id: string, takeId: string, sec: number) {
  await update(id, (r) => {
    const take = r.takes.find((k) => k.id === takeId);
    if (take) take.durationSec = sec;
  });
}

export async function setStatus(
  id: string,
  status: RecordingStatus,
  patch: Partial<Pick<Row, 'lastError' | 'attempts' | 'interrupted'>> = {},
) {
  await update(id, (r) => {
    r.status = status;
    Object.assign(r, patch);
  });
}

export async function getRecording(id: string): Promise<OutboxRecording | null> {
  const row = (await tx([RECORDINGS], 'readonly', (t) => reqP(t.objectStore(RECORDINGS).get(id)))) as
    | Row
    | undefined;
  return row ? open(row) : null;
}

/** This user's recordings on this device, oldest first. */
export async function listRecordings(userId: string): Promise<OutboxRecording[]> {
  const rows = (await tx([RECORDINGS], 'readonly', (t) => reqP(t.objectStore(RECORDINGS).getAll()))) as Row[];
  const mine = rows.filter((r) => r.userId === userId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return Promise.all(mine.map(open));
}

/** The take's audio: its chunks decrypted and joined in order (a playable file of its type). */
export async function takeBlob(id: string, take: Take): Promise<Blob> {
  const sealed = (await tx([CHUNKS], 'readonly', (t) =>
    reqP(
      t
        .objectStore(CHUNKS)
        .getAll(IDBKeyRange.bound([id, take.id, 0], [id, take.id, Number.MAX_SAFE_INTEGER])),
    ),
  )) as Sealed[];
  const parts = await Promise.all(sealed.map(unseal));
  return new Blob(parts, { type: take.mime });
}

export async function deleteRecording(id: string) {
  await tx([CHUNKS, RECORDINGS], 'readwrite', async (t) => {
    // [id] sorts before every [id, take, seq]; [id, []] after them (arrays sort after strings).
    await reqP(t.objectStore(CHUNKS).delete(IDBKeyRange.bound([id], [id, []])));
    await reqP(t.objectStore(RECORDINGS).delete(id));
  });
  changed();
}

/** The Web Lock a tab holds while its microphone writes to a recording (released when the tab goes). */
export const liveLockName = (id: string) => `dictum-recording-${id}`;

interface LockManagerLike {
  request(name: string, cb: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}
function locks(): LockManagerLike | null {
  return ((navigator as unknown as { locks?: LockManagerLike }).locks ?? null) as LockManagerLike | null;
}

/** Hold the recording's live lock until the returned function is called. */
export function holdLiveLock(id: string): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  void locks()
    ?.request(liveLockName(id), () => held)
    .catch(() => {});
  return release;
}

/**
 * After a reload or crash: recordings still marked "recording" that no open tab is writing to
 * (nobody holds their Web Lock; without Web Locks, no chunk for a few seconds) become drafts in
 * the outbox, flagged as interrupted.
 */
export async function recoverInterrupted(userId: string, staleMs = 4000): Promise<number> {
  const rows = await listRecordings(userId);
  const lm = locks();
  const held = lm ? new Set(((await lm.query()).held ?? []).map((l) => l.name)) : null;
  let n = 0;
  for (const r of rows) {
    if (r.status !== 'recording') continue;
    const live = held ? held.has(liveLockName(r.id)) : Date.now() - Date.parse(r.updatedAt) <= staleMs;
    if (!live) {
      await setStatus(r.id, 'draft', { interrupted: true });
      n++;
    }
  }
  return n;
}
