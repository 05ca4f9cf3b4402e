import type { FormattingRules } from './types';

/** Spoken punctuation and formatting commands. */
export const punctuationRules: Pick<
  FormattingRules,
  'punctuation' | 'breaks' | 'nextNumber' | 'scratch' | 'literalWhen'
> = {
  punctuation: [
    { phrase: 'period', mark: '.' },
    { phrase: 'full stop', mark: '.' },
    { phrase: 'comma', mark: ',' },
    { phrase: 'colon', mark: ':' },
    { phrase: 'semicolon', mark: ';' },
    { phrase: 'semi colon', mark: ';' },
    { phrase: 'question mark', mark: '?' },
    { phrase: 'exclamation point', mark: '!' },
    { phrase: 'exclamation mark', mark: '!' },
    { phrase: 'open parenthesis', mark: '(', attach: 'next' },
    { phrase: 'open paren', mark: '(', attach: 'next' },
    { phrase: 'close parenthesis', mark: ')' },
    { phrase: 'close paren', mark: ')' },
  ],
  breaks: [
    { phrase: 'new paragraph', kind: 'paragraph' },
    { phrase: 'next paragraph', kind: 'paragraph' },
    { phrase: 'new line', kind: 'line' },
    { phrase: 'next line', kind: 'line' },
  ],
  nextNumber: ['next number', 'next item'],
  scratch: ['scratch that', 'strike that', 'delete that'],
  literalWhen: {
    period: {
      before: [
        'a',
        'the',
        'this',
        'that',
        'menstrual',
        'postoperative',
        'perioperative',
        'postpartum',
        'recovery',
        'waiting',
        'trial',
        'incubation',
        'refractory',
        'latent',
        'neonatal',
        'same',
      ],
      after: ['of'],
      // A "period" that ends the dictation, or comes before "new paragraph", ends a sentence: "keep
      // the dose the same period".
      markAtEnd: true,
    },
    colon: {
      before: [
        'the',
        'a',
        'sigmoid',
        'ascending',
        'descending',
        'transverse',
        'right',
        'left',
        'distal',
        'proximal',
        'entire',
        'redundant',
        'whole',
        'his',
        'her',
        'spastic',
      ],
      after: ['cancer', 'polyp', 'polyps', 'mass', 'resection', 'wall', 'and', 'was', 'is'],
    },
    comma: { before: ['a', 'the'] },
  },
};
