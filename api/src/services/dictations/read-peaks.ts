import { peaksObjectKey } from '@dictum/core/capability/audio/peaks-key';
import { AppError } from '@dictum/core/errors';
import { ObjectNotFoundError } from '@dictum/core/infra/storage/object-store';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';

/** Waveform peaks the worker computed, so the browser never decodes long audio itself. */
export async function readPeaks(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  try {
    const stream = await ctx.store.get(peaksObjectKey(d.id, d.audioVersion));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { durationSec: number; peaks: number[] };
  } catch (error) {
    if (error instanceof ObjectNotFoundError)
      throw new AppError('NOT_FOUND', 'no waveform yet', { code: 'NO_PEAKS' });
    throw error;
  }
}
