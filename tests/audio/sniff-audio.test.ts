import { execFile } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SNIFF_BYTES, sniffAudio } from '@dictum/core/capability/audio/sniff-audio';
import { fileTypeFromBuffer } from 'file-type';
import { beforeAll, describe, expect, it } from 'vitest';
import { redPng } from '../support/media-files';
import { type SpeechFormat, synthesizeSpeech } from '../support/synthesize-speech';
import { tempDirForFile } from '../support/temp-dir';

const run = promisify(execFile);
const SENTENCE = 'the patient is a sixty year old man with chest pain';

async function head(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Deterministic bytes (xorshift), so a failure reproduces. */
function pseudoRandom(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const dir = tempDirForFile('dictum-sniff');
let wav: string;
beforeAll(async () => {
  wav = await synthesizeSpeech(SENTENCE, { format: 'wav' });
});

describe('sniffAudio', () => {
  const formats: Array<[SpeechFormat, string, string, string[]]> = [
    // format, our ext, our mime, file-type's ext(s) for the same file
    ['wav', 'wav', 'audio/wav', ['wav']],
    ['mp3', 'mp3', 'audio/mpeg', ['mp3']],
    ['m4a', 'm4a', 'audio/mp4', ['m4a']],
    ['ogg', 'ogg', 'audio/ogg', ['opus', 'ogg']],
    ['webm', 'webm', 'audio/webm', ['webm']],
    ['flac', 'flac', 'audio/flac', ['flac']],
  ];
  it.each(formats)('recognises %s made by ffmpeg, as file-type does', async (format, ext, mime, oracle) => {
    const bytes = await head(await synthesizeSpeech(SENTENCE, { format }));
    expect(sniffAudio(bytes)).toEqual({ ext, mime });
    expect(oracle).toContain((await fileTypeFromBuffer(bytes))?.ext);
  });

  it('recognises MediaRecorder-style webm (no duration, no cues)', async () => {
    const file = await synthesizeSpeech(SENTENCE, { format: 'webm', streamed: true });
    expect(sniffAudio(await head(file))?.ext).toBe('webm');
  });

  it.each([
    ['wma', ['-c:a', 'wmav2', '-f', 'asf'], 'wma', 'audio/x-ms-wma'],
    ['aiff', ['-f', 'aiff'], 'aiff', 'audio/aiff'],
    ['caf', ['-c:a', 'pcm_s16le', '-f', 'caf'], 'caf', 'audio/x-caf'],
    ['aac', ['-c:a', 'aac', '-f', 'adts'], 'aac', 'audio/aac'],
    [
      'bare.mp3',
      ['-c:a', 'libmp3lame', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3'],
      'mp3',
      'audio/mpeg',
    ],
    ['mp4', ['-c:a', 'aac', '-f', 'mp4'], 'm4a', 'audio/mp4'],
    ['mka', ['-c:a', 'libopus', '-ar', '48000', '-f', 'matroska'], 'mka', 'audio/x-matroska'],
  ])('recognises %s', async (name, args, ext, mime) => {
    const out = path.join(dir, `x.${name}`);
    await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...args, out]);
    expect(sniffAudio(await head(out))).toEqual({ ext, mime });
  });

  it('recognises the dictation recorders’ DSS and DS2 headers and AMR', () => {
    const dss = Buffer.concat([Buffer.from([0x02]), Buffer.from('dss'), Buffer.alloc(1020)]);
    const ds2 = Buffer.concat([Buffer.from([0x03]), Buffer.from('ds2'), Buffer.alloc(1020)]);
    expect(sniffAudio(dss)).toEqual({ ext: 'dss', mime: 'audio/x-dss' });
    expect(sniffAudio(ds2)).toEqual({ ext: 'ds2', mime: 'audio/x-ds2' });
    expect(sniffAudio(Buffer.from('#!AMR\n\x3c\x00\x00\x00', 'latin1'))?.ext).toBe('amr');
  });

  it('takes an ID3 tag larger than the head as MP3', () => {
    const tag = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x40, 0]); // 8192-byte tag
    expect(sniffAudio(Buffer.concat([tag, Buffer.alloc(SNIFF_BYTES - 10)]))?.ext).toBe('mp3');
  });

  it('rejects a text file named x.wav, a PDF and a PNG', async () => {
    const text = path.join(dir, 'x.wav');
    await writeFile(text, 'Patient seen today for follow-up.\nPlan: continue current medication.\n');
    expect(sniffAudio(await head(text))).toBeNull();
    expect(
      sniffAudio(
        Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
      ),
    ).toBeNull();
    const png = await redPng(path.join(dir, 'x.png'));
    expect(sniffAudio(await head(png))).toBeNull();
  });

  it('rejects an AVI (RIFF but not WAVE), empty and tiny buffers', () => {
    expect(
      sniffAudio(Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00AVI LIST', 'latin1'), Buffer.alloc(64)])),
    ).toBeNull();
    expect(sniffAudio(Buffer.alloc(0))).toBeNull();
    expect(sniffAudio(Buffer.from([0xff, 0xfb]))).toBeNull();
  });

  it('rejects random bytes, including ones that start with an MPEG/ADTS sync byte', () => {
    let accepted = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const bytes = pseudoRandom(seed, SNIFF_BYTES);
      if (seed % 2 === 0) {
        bytes[0] = 0xff;
        bytes[1] = 0xe0 | (bytes[1]! & 0x1f);
      }
      if (sniffAudio(bytes)) accepted += 1;
    }
    expect(accepted).toBe(0);
  });
});
