import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import type { TranscriptionSegment, TranscriptionVerbose } from 'openai/resources/audio/transcriptions';
import { splitWav } from '../audio/normalize-audio';
import { readWavInfo } from '../audio/wav-header';
import type { AsrEngine, RecognizedWord, TranscribeOptions, Transcription } from './engine';
import { TranscriptionError } from './engine';

// The OpenAI engine (SPEC §5): whisper-1 with verbose_json word timestamps, or any server that
// speaks the same API (baseUrl). Retries are the job queue's business, so the SDK makes one attempt
// and every failure comes back classified as a TranscriptionError.

export interface OpenAiEngineOptions {
  apiKey?: string;
  /** e.g. http://whisper.internal:8000/v1 for a self-hosted OpenAI-compatible server. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  /** Largest file per request (the API's limit is 25 MB); bigger audio is split. */
  maxUploadBytes: number;
  /** ISO-639-1 language of the dictation; unset lets the model detect it. */
  language?: string;
  /** Where split chunks are written (removed afterwards). Default: the OS temp dir. */
  workDir?: string;
}

/** Whisper reads at most 224 prompt tokens; medical terms run about 3 characters a token. */
export const PROMPT_MAX_CHARS = 600;

export class OpenAiEngine implements AsrEngine {
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI | null;

  constructor(private readonly options: OpenAiEngineOptions) {
    this.model = options.model;
    this.client = options.apiKey
      ? new OpenAI({
          apiKey: options.apiKey,
          baseURL: options.baseUrl,
          timeout: options.timeoutMs,
          maxRetries: 0,
        })
      : null;
  }

  async available(): Promise<boolean> {
    return this.client !== null;
  }

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<Transcription> {
    const client = this.client;
    if (!client) throw new TranscriptionError('transient', 'ENGINE_AUTH', 'no OpenAI API key is configured');
    const started = performance.now();
    let totalSec: number;
    try {
      totalSec = (await readWavInfo(wavPath)).durationSec;
    } catch {
      throw new TranscriptionError(
        'permanent',
        'AUDIO_UNDECODABLE',
        'the audio file is missing or not PCM WAV',
      );
    }

    const splitDir = path.join(this.options.workDir ?? tmpdir(), `dictum-split-${randomUUID()}`);
    try {
      const chunks = await splitWav(wavPath, this.options.maxUploadBytes, splitDir);
      const words: RecognizedWord[] = [];
      const texts: string[] = [];
      for (const chunk of chunks) {
        const response = await this.request(
          client,
          chunk.path,
          buildPrompt(options.vocabulary, texts.at(-1)),
          options,
        );
        const text = (response.text ?? '').trim();
        if (text) texts.push(text);
        const chunkEnd = Math.min(totalSec, chunk.offsetSec + chunk.durationSec);
        for (const word of wordsOf(response)) {
          const last = words.at(-1);
          // Chunks are transcribed independently; clamping keeps the stitched timeline monotonic
          // and inside the audio even when the model's timings overshoot a chunk's end.
          const start = clamp(
            word.start + chunk.offsetSec,
            Math.max(chunk.offsetSec, last?.start ?? 0),
            chunkEnd,
          );
          const end = clamp(word.end + chunk.offsetSec, start, chunkEnd);
          words.push({ text: word.text, start, end, confidence: word.confidence });
        }
      }
      return {
        text: texts.join(' '),
        words,
        engine: this.name,
        model: this.model,
        engineSeconds: (performance.now() - started) / 1000,
      };
    } finally {
      await rm(splitDir, { recursive: true, force: true });
    }
  }

  private async request(
    client: OpenAI,
    chunkPath: string,
    prompt: string | undefined,
    options: TranscribeOptions,
  ): Promise<TranscriptionVerbose> {
    const file = await toFile(createReadStream(chunkPath), 'audio.wav', { type: 'audio/wav' });
    try {
      return await client.audio.transcriptions.create(
        {
          file,
          model: this.model,
          response_format: 'verbose_json',
          timestamp_granularities: ['word', 'segment'],
          ...(prompt ? { prompt } : {}),
          ...(this.options.language ? { language: this.options.language } : {}),
        },
        { signal: options.signal ?? undefined },
      );
    } catch (error) {
      throw classifyOpenAiError(error);
    }
  }
}

/**
 * Vocabulary first (terms the model would otherwise misspell), then the end of the previous chunk's
 * text, which OpenAI recommends for keeping context across split files. Capped to what whisper reads.
 */
export function buildPrompt(vocabulary: string[] | undefined, previousText?: string): string | undefined {
  const terms = [...new Set((vocabulary ?? []).map((t) => t.trim()).filter(Boolean))];
  const vocabBudget = previousText ? Math.floor(PROMPT_MAX_CHARS * 0.6) : PROMPT_MAX_CHARS;
  let vocab = '';
  for (const term of terms) {
    const next = vocab ? `${vocab}, ${term}` : term;
    if (next.length > vocabBudget) break;
    vocab = next;
  }
  let prompt = vocab ? `${vocab}.` : '';
  if (previousText) {
    const room = PROMPT_MAX_CHARS - prompt.length - 1;
    if (room > 20) {
      const tail = previousText.length > room ? previousText.slice(previousText.length - room) : previousText;
      // Start the tail at a word boundary.
      const cut = previousText.length > room ? tail.slice(tail.indexOf(' ') + 1) : tail;
      prompt = prompt ? `${prompt} ${cut}` : cut;
    }
  }
  return prompt || undefined;
}

/** Used when the response gives no segments to derive a confidence from. */
const UNKNOWN_CONFIDENCE = 0.5;

/**
 * Whisper gives no per-word confidence. A word inherits its segment's: exp(avg_logprob) is the
 * geometric-mean token probability of the segment (≈0.8 for clean speech, <0.4 when guessing),
 * scaled by 1 - no_speech_prob so words "heard" in silence (hallucinations) score low.
 */
export function segmentConfidence(
  segment: Pick<TranscriptionSegment, 'avg_logprob' | 'no_speech_prob'>,
): number {
  const p = Math.exp(segment.avg_logprob) * (1 - (segment.no_speech_prob ?? 0));
  return Number.isFinite(p) ? Math.round(clamp(p, 0, 1) * 1000) / 1000 : UNKNOWN_CONFIDENCE;
}

interface TimedWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
}

function wordsOf(response: TranscriptionVerbose): TimedWord[] {
  const segments = [...(response.segments ?? [])].sort((a, b) => a.start - b.start);
  const confidenceAt = (time: number) => {
    if (segments.length === 0) return UNKNOWN_CONFIDENCE;
    let nearest = segments[0]!;
    let distance = Number.POSITIVE_INFINITY;
    for (const s of segments) {
      const d = time < s.start ? s.start - time : time > s.end ? time - s.end : 0;
      if (d < distance) {
        distance = d;
        nearest = s;
      }
    }
    return segmentConfidence(nearest);
  };

  if (response.words?.length) {
    return response.words
      .map((w) => ({ text: w.word.trim(), start: w.start, end: w.end }))
      .filter((w) => w.text && Number.isFinite(w.start) && Number.isFinite(w.end))
      .map((w) => ({ ...w, confidence: confidenceAt((w.start + w.end) / 2) }));
  }
  // Some OpenAI-compatible servers ignore word granularity: spread each segment's words over it.
  return segments.flatMap((s) => {
    const tokens = s.text.split(/\s+/).filter(Boolean);
    const step = (s.end - s.start) / Math.max(1, tokens.length);
    const confidence = segmentConfidence(s);
    return tokens.map((text, i) => ({
      text,
      start: s.start + i * step,
      end: s.start + (i + 1) * step,
      confidence,
    }));
  });
}

/** Maps SDK errors to the queue's vocabulary. Messages carry status codes only, never the body. */
export function classifyOpenAiError(error: unknown): unknown {
  if (error instanceof OpenAI.APIUserAbortError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TranscriptionError('transient', 'ENGINE_TIMEOUT', 'the OpenAI request timed out');
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new TranscriptionError('transient', 'ENGINE_UNAVAILABLE', 'could not reach the OpenAI API');
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status;
    const message = `the OpenAI API answered ${status}`;
    if (status === 429) {
      return new TranscriptionError('transient', 'ENGINE_RATE_LIMITED', message, retryAfterMs(error.headers));
    }
    // A bad or revoked key is fixed by operations; the dictation waits for that instead of failing.
    if (status === 401 || status === 403) return new TranscriptionError('transient', 'ENGINE_AUTH', message);
    if (status === 408) return new TranscriptionError('transient', 'ENGINE_TIMEOUT', message);
    if (status >= 500 || status === 404 || status === 409) {
      return new TranscriptionError('transient', 'ENGINE_UNAVAILABLE', message);
    }
    return new TranscriptionError('permanent', 'ENGINE_REJECTED_AUDIO', message);
  }
  return new TranscriptionError('transient', 'ENGINE_UNAVAILABLE', 'the OpenAI request failed');
}

/** Retry-After as seconds or an HTTP date (RFC 9110), or OpenAI's own retry-after-ms. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
