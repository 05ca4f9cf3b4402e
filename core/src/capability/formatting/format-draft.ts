import type { TimedWord } from '../../domain/transcript/word';
import { applyAbbreviations } from './abbreviations';
import { applyCapitalization } from './capitalize';
import { applyNumberPatterns } from './number-patterns';
import { render } from './render';
import { defaultFormattingRules, type FormattingRules } from './rules/default-rules';
import { applySpokenCommands } from './spoken-commands';
import { markSpokenNumbers } from './spoken-numbers';
import { fromWords } from './tokens';

export interface FormattedDraft {
  text: string;
  words: TimedWord[];
}

/**
 * Turns the engine's raw words into the draft a transcriptionist starts from (inverse text
 * normalisation, issue 7): spoken punctuation and commands, numbers, vitals, doses and units, ages,
 * dates and times, house-style abbreviations, headings and capitals.
 *
 * Every output word keeps the time span of the spoken words it came from: a merged word ("130/82",
 * "pain." from "pain period") spans its first word's start to its last word's end, with the lowest
 * confidence. Formatting never invents words: command words are consumed, everything else is
 * rewritten from what was said. Text that is already written (punctuated, digits) passes through.
 */
export function formatDraft(
  words: readonly TimedWord[],
  rules: FormattingRules = defaultFormattingRules,
): FormattedDraft {
  let tokens = fromWords(words);
  tokens = applySpokenCommands(tokens, rules);
  tokens = applyAbbreviations(tokens, rules);
  tokens = markSpokenNumbers(tokens, rules);
  tokens = applyNumberPatterns(tokens, rules);
  tokens = applyCapitalization(tokens, rules);
  return render(tokens, rules);
}
