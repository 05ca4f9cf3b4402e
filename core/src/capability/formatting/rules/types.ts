/**
 * Dictation formatting rules as data (issue 7): what the spoken commands are, which words are
 * units, which abbreviations the house style uses, which phrases are section headings. The default
 * set is `defaultFormattingRules`; an organisation overrides it with `mergeFormattingRules`.
 * All phrases are lowercase, words separated by single spaces.
 */
export interface FormattingRules {
  /** Spoken punctuation: phrase → mark. `attach: 'next'` marks (open parenthesis) stick to the next word. */
  punctuation: { phrase: string; mark: string; attach?: 'prev' | 'next' }[];
  /** Phrases that break the line ("new line") or start a paragraph ("new paragraph"). */
  breaks: { phrase: string; kind: 'line' | 'paragraph' }[];
  /** Phrases that start the next item of a numbered list ("next number"). */
  nextNumber: string[];
  /** Phrases that delete the phrase spoken before them ("scratch that"). */
  scratch: string[];
  /**
   * When a punctuation word is meant as a word: it stays a word when the word before it is in
   * `before` or the word after it is in `after` ("sigmoid colon", "period of time").
   */
  literalWhen: Record<
    string,
    {
      before?: string[];
      after?: string[];
      /** The command's last word ends the dictation: then it is the mark whatever comes before. */
      markAtEnd?: boolean;
    }
  >;
  /** Section headings, written in capitals when dictated with a colon: "history of present illness". */
  headings: string[];
  /** Units after a number: spoken (singular and plural) → written. Longest phrase wins. */
  units: { spoken: string[]; written: string }[];
  /** Nouns after which a count is written in digits even below ten: "2 weeks", "3 times daily". */
  countNouns: string[];
  /** Words after which a number is written in digits: "type 2", "day 1", "potassium 4". */
  numericLabels: string[];
  /** "x over y" is written x/y when one of these is near (blood pressure, 5/5 strength, 2/6 murmur). */
  ratioContext: { before: string[]; after: string[]; window: number };
  /** Abbreviations by house style: spoken phrase (letters spelled with spaces) → written. */
  abbreviations: { spoken: string; written: string; letters?: boolean }[];
  /** Month names (for dates). */
  months: string[];
  /** Words that never start a leading-point decimal before them ("at this point two ..."). */
  nonNumericBeforePoint: string[];
  /** Numbers at or above this are written with thousands separators (231,000). */
  thousandsSeparatorFrom: number;
}
