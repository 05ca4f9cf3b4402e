// The recording as one file: a single take goes as recorded (Opus in WebM/Ogg, small); after an
// insert or overwrite the takes are decoded to PCM, laid on the timeline and written as a WAV.
import { extensionFor } from './mime';
import { type OutboxRecording, takeBlob } from './outboxStore';
import { renderTimeline } from './timeline';
import { encodeWav } from './wav';

/** 16 kHz mono: what the speech engines use, and plenty for a voice. */
export const EDIT_SAMPLE_RATE = 16000;

export interface RenderedRecording {
  blob: Blob;
  filename: string;
  /** Exact for a rendered WAV; the clock's count for a single take. */
  durationSec: number;
}

/** Decode any browser-recorded audio to mono samples at `rate`. */
export async function decodeToMono(blob: Blob, rate = EDIT_SAMPLE_RATE): Promise<Float32Array> {
  const bytes = await blob.arrayBuffer();
  if (!bytes.byteLength) return new Float32Array(0);
  // An OfflineAudioContext decodes and resamples to its own rate without touching the speakers.
  const ctx = new OfflineAudioContext(1, 1, rate);
  const buf = await ctx.decodeAudioData(bytes);
  if (buf.numberOfChannels === 1) return buf.getChannelData(0).slice();
  const out = new Float32Array(buf.length);
  for (let c = 0; c < buf.numberOfChannels; c++) {
    const ch = buf.getChannelData(c);
    for (let i = 0; i < ch.length; i++) out[i]! += ch[i]! / buf.numberOfChannels;
  }
  return out;
}

export async function renderRecording(rec: OutboxRecording): Promise<RenderedRecording> {
  const used = rec.takes.filter((t) => t.chunks > 0);
  if (used.length === 0) throw new Error('The recording has no audio yet.');
  if (rec.ops.length === 1 && used.length === 1) {
    const take = used[0]!;
    return {
      blob: await takeBlob(rec.id, take),
      filename: `dictation.${extensionFor(take.mime)}`,
      durationSec: take.durationSec,
    };
  }
  const decoded = new Map<string, Float32Array>();
  for (const take of used) decoded.set(take.id, await decodeToMono(await takeBlob(rec.id, take)));
  const samples = renderTimeline(rec.ops, decoded, EDIT_SAMPLE_RATE);
  return {
    blob: new Blob([encodeWav(samples, EDIT_SAMPLE_RATE)], { type: 'audio/wav' }),
    filename: 'dictation.wav',
    durationSec: samples.length / EDIT_SAMPLE_RATE,
  };
}
