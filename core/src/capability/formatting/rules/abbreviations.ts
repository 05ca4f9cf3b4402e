import type { FormattingRules } from './types';

/**
 * House-style abbreviations. `letters: true` entries are spelled out letter by letter when
 * dictated ("b i d"); the local engine's lexicon also learns them as one word each.
 */
export const defaultAbbreviations: FormattingRules['abbreviations'] = [
  { spoken: 'b i d', written: 'b.i.d.', letters: true },
  { spoken: 't i d', written: 't.i.d.', letters: true },
  { spoken: 'q i d', written: 'q.i.d.', letters: true },
  { spoken: 'q h s', written: 'q.h.s.', letters: true },
  { spoken: 'p r n', written: 'p.r.n.', letters: true },
  { spoken: 'p o', written: 'p.o.', letters: true },
  { spoken: 'n p o', written: 'NPO', letters: true },
  { spoken: 'i v', written: 'IV', letters: true },
  { spoken: 'i m', written: 'IM', letters: true },
  { spoken: 'e k g', written: 'EKG', letters: true },
  { spoken: 'e c g', written: 'ECG', letters: true },
  { spoken: 'c t', written: 'CT', letters: true },
  { spoken: 'm r i', written: 'MRI', letters: true },
  { spoken: 'c b c', written: 'CBC', letters: true },
  { spoken: 'b m p', written: 'BMP', letters: true },
  { spoken: 'c m p', written: 'CMP', letters: true },
  { spoken: 't s h', written: 'TSH', letters: true },
  { spoken: 'i n r', written: 'INR', letters: true },
  { spoken: 'b u n', written: 'BUN', letters: true },
  { spoken: 'c o p d', written: 'COPD', letters: true },
  { spoken: 'c h f', written: 'CHF', letters: true },
  { spoken: 'd v t', written: 'DVT', letters: true },
  { spoken: 'u t i', written: 'UTI', letters: true },
  { spoken: 'i c u', written: 'ICU', letters: true },
  { spoken: 'h e e n t', written: 'HEENT', letters: true },
  { spoken: 's t', written: 'ST', letters: true },
  { spoken: 'a one c', written: 'A1c' },
  { spoken: 'a1c', written: 'A1c' },
  { spoken: 'x ray', written: 'x-ray' },
  { spoken: 'x rays', written: 'x-rays' },
  { spoken: 'bun', written: 'BUN' },
  { spoken: 'gerd', written: 'GERD' },
  { spoken: 'heent', written: 'HEENT' },
];
