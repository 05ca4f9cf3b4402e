import type { Readable } from 'node:stream';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';
import { auditDictationRead } from './audit-dictation-read';

export interface AudioResponse {
  status: 200 | 206;
  stream: Readable;
  contentType: string;
  contentLength: number;
  contentRange?: string;
}

/** Parses a single `bytes=` range; null means "send it all" (absent or multi-range header). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, a, b] = match;
  let start: number;
  let end: number;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) throw unsatisfiable(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) throw unsatisfiable(size);
  return { start, end };
}

const unsatisfiable = (size: number) =>
  Object.assign(new AppError('VALIDATION_FAILED', 'range not satisfiable'), { status: 416, size });

export async function streamDictationAudio(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  rangeHeader: string | undefined,
): Promise<AudioResponse> {
  const d = await findVisibleDictation(ctx, actor, id);
  if (!d.audioKey || d.audioPurgedAt)
    throw new AppError('NOT_FOUND', 'the audio was purged under the retention policy');
  const info = await ctx.store.stat(d.audioKey);
  if (!info) throw notFound('audio');
  const range = parseRange(rangeHeader, info.sizeBytes);
  const stream = await ctx.store.get(d.audioKey, range ?? undefined);
  await auditDictationRead(
    ctx,
    actor,
    'dictation.audio_streamed',
    d,
    range ? { start: range.start, end: range.end } : { full: true },
  );
  if (!range) return { status: 200, stream, contentType: d.audioContentType, contentLength: info.sizeBytes };
  return {
    status: 206,
    stream,
    contentType: d.audioContentType,
    contentLength: range.end - range.start + 1,
    contentRange: `bytes ${range.start}-${range.end}/${info.sizeBytes}`,
  };
}
