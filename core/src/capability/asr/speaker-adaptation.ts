import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readWavHead, readWavInfo, wavHeader } from '../audio/wav-header';
import { frontEndArgs } from './decoder-args';
import type { RecognizedWord } from './engine';
import { baumWelchArgs, featParams, prepareTrainingFiles, run } from './model/channel-model';

// Adapting to the speaker of each dictation (issue 17): the first pass's words are taken as the
// transcript of the recording, sphinxtrain's bw aligns them to the audio with the acoustic model in
// use, and mllr_solve estimates one linear map of the model's means (MLLR) for this voice and room;
// the decoder then runs again with it (`-mllr`). Unsupervised: first-pass errors become training
// errors, which one global transform tolerates (it moves every Gaussian the same way). No text or
// audio leaves the job's own work folder, which the engine removes after the decode.

/** Fewer first-pass words than this estimate nothing useful (a transform has 39 × 40 parameters per stream). */
export const MIN_ADAPTATION_WORDS = 20;
/** bw aligns one utterance: the first this-many seconds are plenty for one transform and keep it fast. */
const MAX_ADAPTATION_SEC = 120;

/**
 * Estimates an MLLR transform for this recording from its first-pass `words`, in `work` (created
 * here, removed by the caller); returns the transform's path, or null when there is too little speech.
 */
export async function estimateSpeakerTransform(o: {
  wav: string;
  words: RecognizedWord[];
  hmm: string;
  dict: string;
  work: string;
  sphinxtrainDir?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<string | null> {
  // Only the words inside the first stretch, cut between two words.
  const inside = o.words.filter((w) => w.end <= MAX_ADAPTATION_SEC);
  if (inside.length < MIN_ADAPTATION_WORDS) return null;
  const last = inside.at(-1)!;
  const next = o.words[inside.length];
  const cutSec = next ? (last.end + next.start) / 2 : Number.POSITIVE_INFINITY;
  const st = o.sphinxtrainDir ?? '/usr/lib/sphinxtrain';
  const w = (f: string) => path.join(o.work, f);
  await mkdir(w('wav'), { recursive: true });
  await prepareTrainingFiles(o.hmm, o.work);
  await copyHead(o.wav, w('wav/u0.wav'), cutSec);
  await writeFile(w('ids.ctl'), 'u0\n');
  await writeFile(w('ids.lsn'), `<s> ${inside.map((x) => x.text.toLowerCase()).join(' ')} </s> (u0)\n`);
  const fe = await featParams(o.hmm);
  await run(
    'sphinx_fe',
    [
      ...frontEndArgs(fe),
      ...['-samprate', '16000', '-c', w('ids.ctl'), '-di', w('wav'), '-do', w('wav')],
      ...['-ei', 'wav', '-eo', 'mfc', '-mswav', 'yes'],
    ],
    o.timeoutMs,
    o.signal,
  );
  await mkdir(w('acc'));
  await run(
    path.join(st, 'bw'),
    baumWelchArgs({ work: o.work, hmmDir: o.work, acc: w('acc'), dict: o.dict, fe }),
    o.timeoutMs,
    o.signal,
  );
  await run(
    path.join(st, 'mllr_solve'),
    [
      ...['-meanfn', w('means'), '-varfn', w('variances')],
      ...['-outmllrfn', w('mllr_matrix'), '-accumdir', w('acc')],
    ],
    o.timeoutMs,
    o.signal,
  );
  return w('mllr_matrix');
}

/** The first `seconds` of a 16-bit mono WAV as a canonical WAV. */
async function copyHead(input: string, output: string, seconds: number): Promise<void> {
  const info = await readWavInfo(input);
  const data = await readWavHead(input, info, seconds);
  await writeFile(output, Buffer.concat([wavHeader(data.length, info.sampleRate, 1), data]));
}
