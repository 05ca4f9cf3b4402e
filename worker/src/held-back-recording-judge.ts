import { createWriteStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { localEngineWithMedicalModel } from '@dictum/core/capability/asr/create-engine';
import type { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import type {
  HeldBackRecording,
  RecordingJudge,
} from '@dictum/core/capability/asr/model/held-back-recordings';
import { readAsrModel } from '@dictum/core/capability/asr/model/model-files';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { readWavInfo } from '@dictum/core/capability/audio/wav-header';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import type { WorkerContext } from './context';

/**
 * The per-author refresh's judge in the worker: a held-back note's recording is its dictation's
 * audio from storage, normalized as the transcription job does, and decoded by the configured
 * local engine with the model under test as the medical model. Audio that was purged or cannot be
 * read is skipped (the refresh falls back to perplexity when too little is left), and so is a
 * recording either model fails to decode (compareOnRecordings). Files go to `workDir`, which the
 * caller removes.
 */
export function heldBackRecordingJudge(ctx: WorkerContext, workDir: string): RecordingJudge {
  const engines = new Map<string, LocalPocketsphinxEngine>();
  const drafts = new Map<string, string>();
  return {
    async recordings(notes, maxSeconds) {
      const ids = notes.flatMap((n) => (n.dictationId ? [n.dictationId] : []));
      const rows = await ctx.db.dictation.findMany({
        where: { id: { in: ids }, audioKey: { not: null }, audioPurgedAt: null, durationSec: { gt: 0 } },
        select: { id: true, audioKey: true, durationSec: true },
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const out: HeldBackRecording[] = [];
      let seconds = 0;
      for (const note of notes) {
        const row = note.dictationId ? byId.get(note.dictationId) : undefined;
        if (!row?.audioKey || !row.durationSec || seconds + row.durationSec > maxSeconds) continue;
        // An amended note is a newer document of the same dictation: the newest (first) is the reference.
        byId.delete(row.id);
        const original = path.join(workDir, `${row.id}.audio`);
        const wavPath = path.join(workDir, `${row.id}.wav`);
        let durationSec: number;
        try {
          // The global refresh and the author's may both judge on this recording: fetched once.
          if (!existsSync(wavPath))
            await fetchNormalized(
              ctx,
              { audioKey: row.audioKey, durationSec: row.durationSec },
              original,
              wavPath,
            );
          // The decoded length, not the row's: it sizes the budget and the engine's deadline.
          durationSec = (await readWavInfo(wavPath)).durationSec;
        } catch {
          continue;
        }
        if (seconds + durationSec > maxSeconds) continue;
        seconds += durationSec;
        out.push({ wavPath, finalText: note.text, durationSec });
      }
      return out;
    },
    async draft(modelDir, recording) {
      // The same model on the same recording drafts the same: an author's baseline is often the
      // global model the global refresh has just decoded with.
      const modelId = (await readAsrModel(modelDir))?.manifest.id ?? modelDir;
      const key = `${modelId}\n${recording.wavPath}`;
      const known = drafts.get(key);
      if (known !== undefined) return known;
      let engine = engines.get(modelDir);
      if (!engine) {
        engine = localEngineWithMedicalModel(ctx.config.transcription, modelDir);
        engines.set(modelDir, engine);
      }
      const transcription = await engine.transcribe(recording.wavPath, {
        durationSec: recording.durationSec,
      });
      const draft = formatDraft(transcription.words).text;
      drafts.set(key, draft);
      return draft;
    },
  };
}

async function fetchNormalized(
  ctx: WorkerContext,
  row: { audioKey: string; durationSec: number },
  original: string,
  wavPath: string,
) {
  await pipeline(await ctx.store.get(row.audioKey), createWriteStream(original));
  // Renamed when complete: a half-written WAV of a failed attempt is never taken for the recording.
  const partial = `${wavPath}.part.wav`;
  await normalizeAudio(original, partial, ctx.config.audio.ffmpegBin, {
    durationSec: row.durationSec,
    maxDurationSec: ctx.config.upload.maxDurationSec,
  });
  await rename(partial, wavPath);
}
