import { defaultAbbreviations } from './abbreviations';
import { defaultHeadings } from './headings';
import { punctuationRules } from './punctuation';
import type { FormattingRules } from './types';
import { unitRules } from './units';

export type { FormattingRules } from './types';

export const defaultFormattingRules: FormattingRules = {
  ...punctuationRules,
  ...unitRules,
  headings: defaultHeadings,
  abbreviations: defaultAbbreviations,
  months: [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ],
  nonNumericBeforePoint: ['this', 'that', 'the', 'a', 'which', 'what', 'some', 'any', 'no', 'one', 'at'],
  thousandsSeparatorFrom: 10_000,
};

/**
 * An organisation's house style on top of the defaults: list fields are replaced when `replace`
 * names them and otherwise extended (entries of the override win on the same phrase);
 * `literalWhen` merges per word.
 */
export function mergeFormattingRules(
  base: FormattingRules,
  override: Partial<FormattingRules>,
  replace: (keyof FormattingRules)[] = [],
): FormattingRules {
  const out: FormattingRules = { ...base };
  const slots = out as unknown as Record<string, unknown>;
  for (const key of Object.keys(override) as (keyof FormattingRules)[]) {
    const value = override[key];
    if (value === undefined) continue;
    const current = base[key];
    if (replace.includes(key) || !Array.isArray(value) || !Array.isArray(current)) {
      if (key === 'literalWhen' && !replace.includes(key)) {
        slots[key] = { ...base.literalWhen, ...(value as FormattingRules['literalWhen']) };
      } else {
        slots[key] = value;
      }
      continue;
    }
    const keyOf = (entry: unknown) =>
      typeof entry === 'string'
        ? entry
        : JSON.stringify(
            (entry as { phrase?: string; spoken?: unknown }).phrase ?? (entry as { spoken?: unknown }).spoken,
          );
    const overridden = new Set((value as unknown[]).map(keyOf));
    slots[key] = [
      ...(value as unknown[]),
      ...(current as unknown[]).filter((entry) => !overridden.has(keyOf(entry))),
    ];
  }
  return out;
}
