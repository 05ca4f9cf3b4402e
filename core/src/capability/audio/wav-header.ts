import { open } from 'node:fs/promises';

// Reading and writing RIFF/WAVE headers for the 16-bit PCM files ffmpeg's normalisation produces.
// Chunks are walked rather than assuming a 44-byte header, because encoders may add LIST/fact chunks.

export interface WavInfo {
  /** 1 = PCM, 0xFFFE = WAVE_FORMAT_EXTENSIBLE (PCM inside when bitsPerSample is 16). */
  formatTag: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  blockAlign: number;
  byteRate: number;
  /** File offset of the first sample byte. */
  dataOffset: number;
  /** Sample bytes, whole frames only. */
  dataBytes: number;
  durationSec: number;
}

export class InvalidWavError extends Error {
  constructor(reason: string) {
    super(`not a 16-bit PCM WAV file: ${reason}`);
    this.name = 'InvalidWavError';
  }
}

/** Parses the header of a WAV file; rejects with InvalidWavError when it is not PCM WAV. */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const riff = Buffer.alloc(12);
    const { bytesRead } = await handle.read(riff, 0, 12, 0);
    if (
      bytesRead < 12 ||
      riff.toString('latin1', 0, 4) !== 'RIFF' ||
      riff.toString('latin1', 8, 12) !== 'WAVE'
    ) {
      throw new InvalidWavError('no RIFF/WAVE signature');
    }
    let fmt: Buffer | undefined;
    let position = 12;
    const chunkHeader = Buffer.alloc(8);
    while (position + 8 <= size) {
      await handle.read(chunkHeader, 0, 8, position);
      const id = chunkHeader.toString('latin1', 0, 4);
      const length = chunkHeader.readUInt32LE(4);
      const body = position + 8;
      if (id === 'fmt ') {
        fmt = Buffer.alloc(Math.min(length, 64));
        await handle.read(fmt, 0, fmt.length, body);
      } else if (id === 'data') {
        if (!fmt || fmt.length < 16) throw new InvalidWavError('data chunk before fmt chunk');
        const formatTag = fmt.readUInt16LE(0);
        const channels = fmt.readUInt16LE(2);
        const sampleRate = fmt.readUInt32LE(4);
        const bitsPerSample = fmt.readUInt16LE(14);
        if (
          (formatTag !== 1 && formatTag !== 0xfffe) ||
          bitsPerSample !== 16 ||
          channels < 1 ||
          sampleRate < 1
        ) {
          throw new InvalidWavError('unsupported sample format');
        }
        const blockAlign = channels * 2;
        const byteRate = sampleRate * blockAlign;
        // Streamed writers leave the size at 0 or 0xFFFFFFFF; the file length is the truth then.
        const available = size - body;
        const declared = length === 0 || length === 0xffffffff ? available : Math.min(length, available);
        const dataBytes = declared - (declared % blockAlign);
        return {
          formatTag,
          sampleRate,
          channels,
          bitsPerSample,
          blockAlign,
          byteRate,
          dataOffset: body,
          dataBytes,
          durationSec: dataBytes / byteRate,
        };
      }
      position = body + length + (length % 2);
    }
    throw new InvalidWavError('no data chunk');
  } finally {
    await handle.close();
  }
}

/** A canonical 44-byte PCM header for `dataBytes` of 16-bit samples. */
export function wavHeader(dataBytes: number, sampleRate: number, channels: number): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = channels * 2;
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export const WAV_HEADER_BYTES = 44;

/** The first `seconds` of a WAV's sample bytes (whole 16-bit samples), without reading the rest. */
export async function readWavHead(path: string, info: WavInfo, seconds: number): Promise<Buffer> {
  const wanted = Number.isFinite(seconds)
    ? Math.floor(seconds * info.sampleRate) * info.blockAlign
    : info.dataBytes;
  const bytes = Math.min(info.dataBytes, wanted);
  const buf = Buffer.alloc(bytes);
  const handle = await open(path, 'r');
  try {
    await handle.read(buf, 0, bytes, info.dataOffset);
  } finally {
    await handle.close();
  }
  return buf;
}
