export interface TimedWord {
  text: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** 0..1; typed words get 1 (a person wrote them). */
  confidence: number;
}
