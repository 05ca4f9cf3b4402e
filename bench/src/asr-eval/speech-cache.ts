import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { type SpeechFormat, synthesizeSpeech } from '../../../tests/support/synthesize-speech';

/**
 * `text` read by `voice`, encoded as `format` and normalised as an upload would be, cached in
 * `<workDir>/audio` (the duration beside it, written last, marks a complete copy).
 */
export async function cachedSpeech(
  workDir: string,
  text: string,
  voice: string,
  format: SpeechFormat,
): Promise<{ wav: string; durationSec: number }> {
  const key = createHash('sha256')
    .update(JSON.stringify([text, voice, format]))
    .digest('hex')
    .slice(0, 20);
  const wav = path.join(workDir, 'audio', `${key}.wav`);
  const meta = `${wav}.json`;
  if (existsSync(wav) && existsSync(meta))
    return { wav, durationSec: JSON.parse(await readFile(meta, 'utf8')).durationSec as number };
  await mkdir(path.dirname(wav), { recursive: true });
  const encoded = await synthesizeSpeech(text, { format, voice, padSec: 0.3 });
  const { durationSec } = await normalizeAudio(encoded, wav, 'ffmpeg');
  await writeFile(meta, JSON.stringify({ durationSec }));
  return { wav, durationSec };
}
