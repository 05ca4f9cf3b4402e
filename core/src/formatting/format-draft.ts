import type { TimedWord } from '../transcript/word';

export interface FormattedDraft {
  text: string;
  words: TimedWord[];
}

/**
 * Turns the engine's raw words into the draft a transcriptionist starts from. Every output word
 * keeps the time span of the spoken words it came from.
 */
export function formatDraft(words: readonly TimedWord[]): FormattedDraft {
  const kept = words.filter((w) => w.text.trim() !== '');
  return { text: kept.map((w) => w.text).join(' '), words: kept.map((w) => ({ ...w })) };
}
