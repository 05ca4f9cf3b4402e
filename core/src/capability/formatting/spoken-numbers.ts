import {
  ORDINAL_TEEN_WORDS,
  ORDINAL_TENS_WORDS,
  ORDINAL_UNIT_WORDS,
  SCALE_WORDS,
  TEEN_WORDS,
  TENS_WORDS,
  UNIT_WORDS,
} from './rules/number-words';
import type { FormattingRules } from './rules/types';
import { type FmtToken, keyOf, merged, type SpokenNumber } from './tokens';

// Spoken numbers → values: "one hundred twenty three", "two thousand eighteen", "ninety eight point
// six", "point five", "one thirty" (hundreds as pairs, as vitals and lab values are read),
// "one oh four", ordinals ("twenty first"). Whether a number is then written in digits is
// number-patterns' decision.

interface Part {
  value: number;
  len: number;
  ordinal: boolean;
  kind: 'unit' | 'teen' | 'tens' | 'hundreds' | 'big';
}

const lookup = (table: Record<string, number>, key: string) =>
  Object.hasOwn(table, key) ? table[key] : undefined;

function below100(tokens: readonly FmtToken[], i: number): Part | null {
  const k = keyOf(tokens[i]);
  if (!k) return null;
  const tens = lookup(TENS_WORDS, k);
  if (tens !== undefined) {
    const next = keyOf(tokens[i + 1]);
    const unit = lookup(UNIT_WORDS, next);
    if (unit !== undefined && unit > 0 && next !== 'oh')
      return { value: tens + unit, len: 2, ordinal: false, kind: 'tens' };
    const ordUnit = lookup(ORDINAL_UNIT_WORDS, next);
    if (ordUnit !== undefined) return { value: tens + ordUnit, len: 2, ordinal: true, kind: 'tens' };
    return { value: tens, len: 1, ordinal: false, kind: 'tens' };
  }
  const ordTens = lookup(ORDINAL_TENS_WORDS, k);
  if (ordTens !== undefined) return { value: ordTens, len: 1, ordinal: true, kind: 'tens' };
  const teen = lookup(TEEN_WORDS, k);
  if (teen !== undefined) return { value: teen, len: 1, ordinal: false, kind: 'teen' };
  const ordTeen = lookup(ORDINAL_TEEN_WORDS, k);
  if (ordTeen !== undefined) return { value: ordTeen, len: 1, ordinal: true, kind: 'teen' };
  const unit = lookup(UNIT_WORDS, k);
  if (unit !== undefined && k !== 'oh') return { value: unit, len: 1, ordinal: false, kind: 'unit' };
  const ordUnit = lookup(ORDINAL_UNIT_WORDS, k);
  if (ordUnit !== undefined) return { value: ordUnit, len: 1, ordinal: true, kind: 'unit' };
  return null;
}

function below1000(tokens: readonly FmtToken[], i: number): Part | null {
  const a = below100(tokens, i);
  if (!a) return null;
  if (
    !a.ordinal &&
    a.value >= 1 &&
    a.value <= 19 &&
    a.kind !== 'tens' &&
    keyOf(tokens[i + a.len]) === 'hundred'
  ) {
    let len = a.len + 1;
    let value = a.value * 100;
    let j = i + len;
    const afterAnd = keyOf(tokens[j]) === 'and' ? j + 1 : j;
    const b = below100(tokens, afterAnd);
    let ordinal = false;
    if (b) {
      value += b.value;
      ordinal = b.ordinal;
      len = afterAnd + b.len - i;
      j = i + len;
    }
    return { value, len, ordinal, kind: 'hundreds' };
  }
  return a;
}

function cardinal(tokens: readonly FmtToken[], i: number): Part | null {
  let x = below1000(tokens, i);
  if (!x) return null;
  let total = 0;
  let j = i;
  let kind: Part['kind'] = x.kind;
  for (;;) {
    const scale = lookup(SCALE_WORDS, keyOf(tokens[j + x.len]));
    if (x.ordinal || scale === undefined || x.value === 0) break;
    total += x.value * scale;
    j += x.len + 1;
    kind = 'big';
    const afterAnd = keyOf(tokens[j]) === 'and' && below1000(tokens, j + 1) ? j + 1 : j;
    const y = below1000(tokens, afterAnd);
    if (!y) {
      x = { value: 0, len: 0, ordinal: false, kind: 'big' };
      break;
    }
    j = afterAnd;
    x = y;
  }
  return { value: total + x.value, len: j + x.len - i, ordinal: x.ordinal, kind: total ? 'big' : kind };
}

/** Digits after "point": "six" → "6", "two five" → "25", "twenty five" → "25", "oh one" → "01". */
function decimalDigits(tokens: readonly FmtToken[], i: number): { digits: string; len: number } | null {
  let digits = '';
  let j = i;
  for (;;) {
    const unit = lookup(UNIT_WORDS, keyOf(tokens[j]));
    if (unit === undefined) break;
    digits += String(unit);
    j++;
  }
  if (digits) return { digits, len: j - i };
  const part = below100(tokens, i);
  if (part && !part.ordinal && part.value >= 10) return { digits: String(part.value), len: part.len };
  return null;
}

/** The number spoken at tokens[i], if any. */
export function parseSpokenNumber(
  tokens: readonly FmtToken[],
  i: number,
  rules: FormattingRules,
): SpokenNumber | null {
  const k = keyOf(tokens[i]);
  if (!k) return null;
  if (k === 'point') {
    const before = keyOf(tokens[i - 1]);
    if (before && rules.nonNumericBeforePoint.includes(before)) return null;
    const d = decimalDigits(tokens, i + 1);
    if (!d) return null;
    return {
      value: Number(`0.${d.digits}`),
      digits: `0.${d.digits}`,
      words: d.len + 1,
      ordinal: false,
      decimal: true,
    };
  }
  const c = cardinal(tokens, i);
  if (!c) return null;
  let value = c.value;
  let words = c.len;
  let pair: [number, number] | undefined;
  if (c.ordinal) return { value, digits: String(value), words, ordinal: true, decimal: false };

  // "one thirty" = 130, "one oh four" = 104: a digit followed by a two-digit number.
  if (c.kind === 'unit' && value >= 1 && value <= 9) {
    const next = i + words;
    const b = below100(tokens, next);
    if (b && !b.ordinal && b.value >= 10) {
      pair = [value, b.value];
      value = value * 100 + b.value;
      words += b.len;
    } else if (keyOf(tokens[next]) === 'oh') {
      const u = lookup(UNIT_WORDS, keyOf(tokens[next + 1]));
      if (u !== undefined && u > 0) {
        pair = [value, u];
        value = value * 100 + u;
        words += 2;
      }
    }
  }

  if (keyOf(tokens[i + words]) === 'point') {
    const d = decimalDigits(tokens, i + words + 1);
    if (d) {
      const digits = `${value}.${d.digits}`;
      return { value: Number(digits), digits, words: words + 1 + d.len, ordinal: false, decimal: true };
    }
  }
  return { value, digits: String(value), words, ordinal: false, decimal: false, ...(pair ? { pair } : {}) };
}

/** Replaces every spoken number by one token carrying its value (text still the spoken words). */
export function markSpokenNumbers(input: readonly FmtToken[], rules: FormattingRules): FmtToken[] {
  const out: FmtToken[] = [];
  for (let i = 0; i < input.length; ) {
    const token = input[i]!;
    const num = token.kind === 'word' && !token.fixed ? parseSpokenNumber(input, i, rules) : null;
    if (!num) {
      out.push(token);
      i++;
      continue;
    }
    const words = input.slice(i, i + num.words);
    out.push(merged(words, words.map((w) => w.text).join(' '), { num, parts: words }));
    i += num.words;
  }
  return out;
}
