import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { lmTokens } from '@dictum/core/capability/asr/model/build-model';
import { buildChannelModel } from '@dictum/core/capability/asr/model/channel-model';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { synthesizeSpeech } from '../../../tests/support/synthesize-speech';

// Acoustic adaptation per author (issue 17, measured only): commercial systems adapt the acoustic
// model to each speaker from their own finalized dictations (audio + final text). Here an author's
// finalized dictations are sections of their older notes — never an evaluation dictation — read by
// the author's voice, and the adaptation is the channel model's own (MLLR then MAP,
// core/src/capability/asr/model/channel-model.ts) with the speaker as the "channel".

/** The acoustic model adapted to one author, built once into `outDir` (delete it to rebuild). */
export async function authorAcousticModel(p: {
  outDir: string;
  voice: string;
  /** The author's notes in spoken form, oldest first: each "new paragraph" section is one dictation. */
  notes: string[];
  utterances: number;
  /** A dictionary with the author's words (the author's language model's). */
  dict: string;
  log?: (m: string) => void;
}): Promise<string> {
  if (existsSync(path.join(p.outDir, 'channel.json'))) return p.outDir;
  const known = new Set(
    (await readFile(p.dict, 'utf8'))
      .split('\n')
      .map((l) => l.slice(0, l.indexOf(' ')).replace(/\(\d+\)$/, '')),
  );
  const sections = p.notes
    .flatMap((n) => n.split(' new paragraph '))
    .map((text) => ({ text, words: lmTokens(text) }))
    .filter((s) => s.words.every((w) => known.has(w)))
    .slice(0, p.utterances);
  const audioDir = `${p.outDir}.audio`;
  await mkdir(audioDir, { recursive: true });
  const utterances: { wav: string; words: string[] }[] = [];
  for (const [i, s] of sections.entries()) {
    const wav = path.join(audioDir, `u${i}.wav`);
    if (!existsSync(wav))
      await normalizeAudio(await synthesizeSpeech(s.text, { format: 'wav', voice: p.voice }), wav, 'ffmpeg');
    utterances.push({ wav, words: s.words });
  }
  await buildChannelModel({
    outDir: p.outDir,
    channel: `speaker:${p.voice}`,
    utterances,
    dict: p.dict,
    log: p.log,
  });
  return p.outDir;
}
