// The recording as a dictation device sees it: one timeline built from takes (one microphone
// session each) laid down in order at a position, in insert or overwrite mode. Pure functions,
// shared by the on-screen length (seconds) and the rendered audio (samples).

export type EditMode = 'insert' | 'overwrite';

/** One take laid down on the timeline: `at` seconds from the start, as it was when recorded. */
export interface TakeOp {
  takeId: string;
  at: number;
  mode: EditMode;
}

/**
 * The timeline's length after laying `added` seconds at `at` (clamped to the current length):
 * insert adds everything; overwrite replaces what was there and only grows the timeline by what
 * runs past its end.
 */
export function lengthAfter(length: number, at: number, added: number, mode: EditMode): number {
  const pos = Math.min(Math.max(0, at), length);
  if (mode === 'insert') return length + added;
  return Math.max(length, pos + added);
}

/** The timeline's length for a list of ops and each take's duration (seconds). */
export function timelineLength(ops: readonly TakeOp[], durations: ReadonlyMap<string, number>): number {
  let len = 0;
  for (const op of ops) len = lengthAfter(len, op.at, durations.get(op.takeId) ?? 0, op.mode);
  return len;
}

/** Lay `add` into `base` at sample `at` (clamped), in insert or overwrite mode. */
export function spliceSamples(
  base: Float32Array,
  add: Float32Array,
  at: number,
  mode: EditMode,
): Float32Array {
  const pos = Math.min(Math.max(0, Math.round(at)), base.length);
  const total = mode === 'insert' ? base.length + add.length : Math.max(base.length, pos + add.length);
  const out = new Float32Array(total);
  out.set(base.subarray(0, pos), 0);
  out.set(add, pos);
  const restFrom = mode === 'insert' ? pos : pos + add.length;
  if (restFrom < base.length) out.set(base.subarray(restFrom), pos + add.length);
  return out;
}

/** The whole timeline as samples at `sampleRate`, from each take's decoded samples. */
export function renderTimeline(
  ops: readonly TakeOp[],
  takes: ReadonlyMap<string, Float32Array>,
  sampleRate: number,
): Float32Array {
  let out: Float32Array = new Float32Array(0);
  for (const op of ops) {
    const add = takes.get(op.takeId);
    if (!add) continue;
    out = spliceSamples(out, add, op.at * sampleRate, op.mode);
  }
  return out;
}
