// Speech recognition engines behind one interface (SPEC §5): `local` (pocketsphinx) and `openai`.

export interface RecognizedWord {
  text: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
}

export interface Transcription {
  text: string;
  words: RecognizedWord[];
  engine: string;
  model: string;
  /** Wall-clock seconds the engine took (for the real-time factor). */
  engineSeconds: number;
}

export interface TranscribeOptions {
  /** Duration of the audio in seconds, as probed. */
  durationSec: number;
  /** Vocabulary hint (openai prompt; local engine lexicon additions). */
  vocabulary?: string[];
  /** The dictating author: the local engine uses that author's own model when one was promoted. */
  authorId?: string;
  signal?: AbortSignal;
}

export interface AsrEngine {
  readonly name: string;
  readonly model: string;
  /** `wavPath` is 16 kHz mono 16-bit PCM WAV, as normalised by ffmpeg. */
  transcribe(wavPath: string, options: TranscribeOptions): Promise<Transcription>;
  /** Whether the engine can run here (binary installed, key configured). */
  available(): Promise<boolean>;
  /**
   * What the engine runs without here and drafts will be worse for (a helper tool missing), for the
   * operator at start-up; empty when it runs as designed.
   */
  shortcomings?(): Promise<string[]>;
}

/**
 * Classified failure. `transient` (provider 5xx/429, timeouts) is retried with backoff;
 * `permanent` (undecodable audio, rejected request) goes to TRANSCRIPTION_FAILED with `reason`.
 */
export class TranscriptionError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent',
    /** A stable reason code, e.g. ENGINE_TIMEOUT, ENGINE_RATE_LIMITED, AUDIO_UNDECODABLE. */
    readonly reason: string,
    message: string,
    /** For 429s: how long the provider asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TranscriptionError';
  }
}
