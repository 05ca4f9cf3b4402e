import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors';
import { runProcess } from './run-process';

// Probing is how an upload proves it is audio we can transcribe (SPEC §7: "decoded by ffmpeg
// before transcription"), and where the dictation's duration comes from.

export interface AudioProbe {
  durationSec: number;
  /** ffmpeg's codec name of the first audio stream, e.g. opus, mp3, aac, pcm_s16le. */
  codec: string;
  /** ffmpeg's demuxer name(s), e.g. "wav", "matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  sampleRate: number;
  channels: number;
}

export type UndecodableReason =
  | 'NOT_READABLE'
  | 'NOT_MEDIA'
  | 'NO_AUDIO_STREAM'
  | 'NO_DURATION'
  | 'DECODE_FAILED'
  | 'PROBE_TIMEOUT'
  | 'DECODE_TIMEOUT'
  /** Decoded audio longer than the upload limit (its header said otherwise). */
  | 'TOO_LONG';

/** The file is not audio ffmpeg can decode. Maps to 415 AUDIO_UNDECODABLE; `reason` says why. */
export class AudioUndecodableError extends AppError {
  constructor(readonly reason: UndecodableReason) {
    super('AUDIO_UNDECODABLE', `audio could not be decoded (${reason})`, { reason });
    this.name = 'AudioUndecodableError';
  }
}

export interface ProbeOptions {
  /** ffmpeg, used to measure files whose container has no duration. Default: beside ffprobeBin. */
  ffmpegBin?: string;
  /** For ffprobe (reads headers only). */
  timeoutMs?: number;
  /** For the full decode that measures duration-less files (4 h of opus decodes in well under this). */
  decodeTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The longest recording accepted. When given, the audio is always decoded (up to just past this
   * limit) and the decoded length is used whenever it differs from the header's: a container header
   * is the uploader's claim (a FLAC of 24 h of silence can say 10 s), the decoded samples are not.
   */
  maxDurationSec?: number;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string };
}

export async function probeAudio(
  file: string,
  ffprobeBin: string,
  options: ProbeOptions = {},
): Promise<AudioProbe> {
  const { timeoutMs = 30_000, decodeTimeoutMs = 300_000, signal } = options;
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new AudioUndecodableError('NOT_READABLE');
  }
  // `file:` keeps a name like "-" or "http:..." from being taken as an option or a protocol.
  const input = `file:${path.resolve(file)}`;
  const result = await runProcess(
    ffprobeBin,
    ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', input],
    { timeoutMs, signal, maxStdoutBytes: 4 * 1024 * 1024 },
  );
  if (result.timedOut) throw new AudioUndecodableError('PROBE_TIMEOUT');
  if (result.code !== 0) throw new AudioUndecodableError('NOT_MEDIA');

  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(result.stdout) as FfprobeOutput;
  } catch {
    throw new AudioUndecodableError('NOT_MEDIA');
  }
  const stream = parsed.streams?.find(
    (s) => s.codec_type === 'audio' && s.codec_name && s.codec_name !== 'none',
  );
  if (!stream) throw new AudioUndecodableError('NO_AUDIO_STREAM');

  const ffmpegBin = options.ffmpegBin ?? siblingFfmpeg(ffprobeBin);
  const { maxDurationSec } = options;
  let durationSec = positive(parsed.format?.duration) ?? positive(stream.duration);
  if (durationSec === undefined) {
    // MediaRecorder writes webm/ogg live and never goes back to fill in the duration.
    durationSec = await measureByDecoding(input, ffmpegBin, decodeTimeoutMs, signal, maxDurationSec);
  } else if (maxDurationSec !== undefined && durationSec <= maxDurationSec) {
    // Decoding stops just past the limit, so a file that lies costs at most the limit's decode time.
    const decoded = await measureByDecoding(input, ffmpegBin, decodeTimeoutMs, signal, maxDurationSec);
    // Honest files keep their header's (exact) length; encoder padding differs by a frame or so.
    if (Math.abs(decoded - durationSec) > Math.max(1, durationSec * 0.01)) durationSec = decoded;
  }
  return {
    durationSec,
    codec: stream.codec_name!,
    formatName: parsed.format?.format_name ?? 'unknown',
    sampleRate: Number(stream.sample_rate) || 0,
    channels: stream.channels ?? 0,
  };
}

async function measureByDecoding(
  input: string,
  ffmpegBin: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  maxDurationSec?: number,
): Promise<number> {
  // -t: never decode more than a second past the limit; a longer result is refused by the caller.
  const limit = maxDurationSec === undefined ? [] : ['-t', String(maxDurationSec + 1)];
  const result = await runProcess(
    ffmpegBin,
    [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'],
      ...['-i', input, '-map', '0:a:0', ...limit, '-f', 'null', '-'],
    ],
    { timeoutMs, signal, maxStdoutBytes: 16 * 1024 * 1024 },
  );
  if (result.timedOut) throw new AudioUndecodableError('DECODE_TIMEOUT');
  if (result.code !== 0) throw new AudioUndecodableError('DECODE_FAILED');
  // -progress prints key=value blocks; the last out_time_us is the decoded length.
  const matches = [...result.stdout.matchAll(/^out_time_us=(\d+)$/gm)];
  const last = matches.at(-1);
  const seconds = last ? Number(last[1]) / 1e6 : 0;
  if (!(seconds > 0)) throw new AudioUndecodableError('NO_DURATION');
  return seconds;
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** "/opt/ffmpeg/bin/ffprobe" → "/opt/ffmpeg/bin/ffmpeg"; a bare "ffprobe" → "ffmpeg" on PATH. */
export function siblingFfmpeg(ffprobeBin: string): string {
  const dir = path.dirname(ffprobeBin);
  const base = path.basename(ffprobeBin).replace(/ffprobe/, 'ffmpeg');
  return dir === '.' && !ffprobeBin.startsWith('.') ? base : path.join(dir, base);
}
