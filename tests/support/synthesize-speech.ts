import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * Real speech for tests, made offline: festival's `text2wave` with the HTS "slt" voice (Debian
 * festival + festvox-us-slt-hts; pocketsphinx recognises it well), then ffmpeg to the format asked.
 *
 *   const wav = await synthesizeSpeech('the patient is a sixty year old man', { format: 'wav' });
 *   const webm = await synthesizeSpeech(text, { format: 'webm', streamed: true }); // like MediaRecorder
 *
 * Files are cached by (text, voice, format, options) under os.tmpdir()/dictum-tts-cache, so repeat
 * runs cost nothing; treat the returned file as read-only (copy it before changing it). `outDir`
 * gets a copy instead of the cached path.
 *
 * Formats: wav = festival's own output (mono 16-bit PCM at the voice's rate, 32 kHz for slt; pass
 * sampleRate: 16000 for the engines' input format), mp3 (libmp3lame), m4a (AAC), ogg and webm (Opus),
 * flac.
 */
export type SpeechFormat = 'wav' | 'mp3' | 'm4a' | 'ogg' | 'webm' | 'flac';

export interface SynthesizeOptions {
  format: SpeechFormat;
  /** A festival voice name, without the `voice_` prefix. Default cmu_us_slt_arctic_hts. */
  voice?: string;
  /** Copy the result here (under a fresh name) instead of returning the cache path. */
  outDir?: string;
  /** Resample to this rate. */
  sampleRate?: number;
  /** Seconds of silence before and after the speech. */
  padSec?: number;
  /**
   * Write as MediaRecorder does (webm/ogg): to a pipe, so the container carries no duration and no
   * seek index.
   */
  streamed?: boolean;
}

export const DEFAULT_VOICE = 'cmu_us_slt_arctic_hts';
const cacheDir = path.join(tmpdir(), 'dictum-tts-cache');

export async function synthesizeSpeech(text: string, options: SynthesizeOptions): Promise<string> {
  const voice = options.voice ?? DEFAULT_VOICE;
  if (!/^[a-z0-9_]+$/i.test(voice)) throw new Error('voice must be a festival voice name');
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        text,
        voice,
        options.format,
        options.sampleRate ?? 0,
        options.padSec ?? 0,
        !!options.streamed,
      ]),
    )
    .digest('hex')
    .slice(0, 24);
  const cached = path.join(cacheDir, `${key}.${options.format}`);
  if (!(await exists(cached))) await produce(text, voice, options, cached);
  if (!options.outDir) return cached;
  await mkdir(options.outDir, { recursive: true });
  const copy = path.join(options.outDir, `speech-${randomUUID().slice(0, 8)}.${options.format}`);
  await copyFile(cached, copy);
  return copy;
}

async function produce(
  text: string,
  voice: string,
  options: SynthesizeOptions,
  target: string,
): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  // Unique scratch names, then an atomic rename: parallel test files may ask for the same speech.
  const scratch = path.join(cacheDir, `tmp-${randomUUID()}`);
  const textFile = `${scratch}.txt`;
  const rawWav = `${scratch}.raw.wav`;
  const out = `${scratch}.${options.format}`;
  try {
    await writeFile(textFile, `${text}\n`);
    await run('text2wave', ['-eval', `(voice_${voice})`, textFile, '-o', rawWav]);
    const filters: string[] = [];
    if (options.padSec) {
      const ms = Math.round(options.padSec * 1000);
      filters.push(`adelay=${ms}:all=1`, `apad=pad_dur=${options.padSec}`);
    }
    const codec: Record<SpeechFormat, string[]> = {
      wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
      mp3: ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
      m4a: ['-c:a', 'aac', '-b:a', '64k', '-f', 'ipod'],
      ogg: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
      webm: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'webm'],
      flac: ['-c:a', 'flac', '-f', 'flac'],
    };
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', rawWav];
    if (filters.length) args.push('-af', filters.join(','));
    if (options.sampleRate) args.push('-ar', String(options.sampleRate));
    else if (options.format === 'ogg' || options.format === 'webm') args.push('-ar', '48000');
    args.push('-ac', '1', '-map_metadata', '-1', ...codec[options.format]);
    if (options.streamed) {
      if (options.format !== 'webm' && options.format !== 'ogg') throw new Error('streamed is for webm/ogg');
      await run('ffmpeg', [...args, 'pipe:1'], out);
    } else {
      await run('ffmpeg', [...args, out]);
    }
    await rename(out, target);
  } finally {
    await Promise.all([textFile, rawWav, out].map((f) => rm(f, { force: true })));
  }
}

function run(bin: string, args: string[], stdoutFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', stdoutFile ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const written = stdoutFile ? pipeline(child.stdout!, createWriteStream(stdoutFile)) : Promise.resolve();
    child.on('error', reject);
    child.on('close', (code) => {
      written.then(
        () => (code === 0 ? resolve() : reject(new Error(`${bin} exited ${code}: ${stderr}`))),
        reject,
      );
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
