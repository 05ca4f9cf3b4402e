import type { FormattingRules } from './rules/types';
import { type FmtToken, keyOf, longestMatch, matchPhrase, merged } from './tokens';

// Numbers in context (issue 7): times ("three thirty p m" → 3:30 p.m.), dates ("march fifth twenty
// twenty four" → March 5, 2024), ratios (blood pressure 130/82, 5/5 strength, 7/10), ranges,
// ages (67-year-old), units (40 mg, 98%), "2+", spine levels (L4-L5), counts (2 weeks) and labels
// (type 2). What is left is written by `writeNumber`.

const isNum = (t: FmtToken | undefined): t is FmtToken & { num: NonNullable<FmtToken['num']> } =>
  !!t?.num && t.kind === 'word';
const whole = (t: FmtToken | undefined, lo: number, hi: number) =>
  isNum(t) && !t.num.decimal && !t.num.ordinal && t.num.value >= lo && t.num.value <= hi;

const MERIDIEM: [string, string][] = [
  ['a m', 'a.m.'],
  ['p m', 'p.m.'],
  ['a.m.', 'a.m.'],
  ['p.m.', 'p.m.'],
  ['am', 'a.m.'],
  ['pm', 'p.m.'],
];
const SPINE_LETTERS = new Set(['c', 't', 'l', 's']);

function meridiemAt(tokens: readonly FmtToken[], i: number): [number, string] | null {
  for (const [spoken, written] of MERIDIEM) {
    const n = matchPhrase(tokens, i, spoken);
    if (n) return [n, written];
  }
  return null;
}

/** The digits a number token is written with (thousands separators from the rules' threshold). */
export function numberDigits(t: FmtToken, rules: FormattingRules): string {
  const num = t.num!;
  if (!num.decimal && num.value >= rules.thousandsSeparatorFrom) return num.value.toLocaleString('en-US');
  return num.digits;
}

const capitalized = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function applyNumberPatterns(input: readonly FmtToken[], rules: FormattingRules): FmtToken[] {
  const t = input;
  const out: FmtToken[] = [];
  const unitPhrases: string[] = [];
  const unitWritten: string[] = [];
  for (const u of rules.units) {
    for (const s of u.spoken) {
      unitPhrases.push(s);
      unitWritten.push(u.written);
    }
  }
  const digitsOf = (x: FmtToken) => numberDigits(x, rules);

  for (let i = 0; i < t.length; ) {
    const cur = t[i]!;
    const k = keyOf(cur);

    // Dates: month + day [+ year].
    if (k && rules.months.includes(k) && isNum(t[i + 1]) && whole1to31(t[i + 1]!)) {
      const day = t[i + 1]!;
      const month = { ...cur, text: capitalized(k), fixed: true };
      let j = i + 2;
      let year: FmtToken | null = null;
      const y1 = t[j];
      const y2 = t[j + 1];
      if (whole(y1, 1000, 2999)) {
        year = { ...y1!, text: String(y1!.num!.value), fixed: true };
        j += 1;
      } else if (whole(y1, 10, 99) && whole(y2, 10, 99) && [19, 20].includes(y1!.num!.value)) {
        year = merged([y1!, y2!], String(y1!.num!.value * 100 + y2!.num!.value), { fixed: true });
        j += 2;
      }
      out.push(month, { ...day, text: String(day.num!.value), fixed: true });
      if (year) out.push({ ...spanOf1(day), kind: 'punct', text: ',', attach: 'prev' }, year);
      i = j;
      continue;
    }

    // Years said as two pairs: "twenty eighteen", "nineteen ninety five".
    if (whole(cur, 19, 20) && cur.num!.words === 1 && whole(t[i + 1], 10, 99) && keyOf(t[i + 2]) !== 'over') {
      out.push(
        merged([cur, t[i + 1]!], String(cur.num!.value * 100 + t[i + 1]!.num!.value), { fixed: true }),
      );
      i += 2;
      continue;
    }

    if (isNum(cur)) {
      // Times: "three thirty p m", "ten thirty a m", "nine oh five a m", "seven a m".
      const time = matchTime(t, i);
      if (time) {
        out.push(merged(t.slice(i, i + time.hourWords), time.clock, { fixed: true }));
        out.push(
          merged(t.slice(i + time.hourWords, time.end), time.meridiem, { fixed: true, keepCase: true }),
        );
        i = time.end;
        continue;
      }

      const next = keyOf(t[i + 1]);
      // Ratios: "one thirty over eighty two" with blood pressure near, "five over five strength".
      if (next === 'over' && isNum(t[i + 2]) && ratioContext(t, i, i + 3, rules)) {
        out.push(merged(t.slice(i, i + 3), `${digitsOf(cur)}/${digitsOf(t[i + 2]!)}`, { fixed: true }));
        i += 3;
        continue;
      }
      if (next === 'out' && keyOf(t[i + 2]) === 'of' && isNum(t[i + 3])) {
        out.push(merged(t.slice(i, i + 4), `${digitsOf(cur)}/${digitsOf(t[i + 3]!)}`, { fixed: true }));
        i += 4;
        continue;
      }
      // Ranges: "two to three", "two through twelve".
      if ((next === 'to' || next === 'through') && isNum(t[i + 2])) {
        out.push({ ...cur, forceDigits: true }, t[i + 1]!, { ...t[i + 2]!, forceDigits: true });
        i += 3;
        continue;
      }
      // Ages: "sixty seven year old" → 67-year-old; "sixty seven years old" → 67 years old.
      if (['year', 'month', 'week', 'day'].includes(next) && keyOf(t[i + 2]) === 'old' && !cur.num.ordinal) {
        out.push(merged(t.slice(i, i + 3), `${digitsOf(cur)}-${next}-old`, { fixed: true }));
        i += 3;
        continue;
      }
      if (/^(year|month|week|day)-old$/.test(next) && !cur.num.ordinal) {
        out.push(merged(t.slice(i, i + 2), `${digitsOf(cur)}-${next}`, { fixed: true }));
        i += 2;
        continue;
      }
      // Units: "forty milligrams" → 40 mg, "ninety seven percent" → 97%.
      const unit = cur.num.ordinal ? null : longestMatch(t, i + 1, unitPhrases);
      if (unit) {
        const written = unitWritten[unit[0]]!;
        const unitTokens = t.slice(i + 1, i + 1 + unit[1]);
        if (written === '%') {
          out.push(merged([cur, ...unitTokens], `${digitsOf(cur)}%`, { fixed: true }));
        } else {
          out.push(
            { ...cur, forceDigits: true },
            merged(unitTokens, written, { fixed: true, keepCase: true }),
          );
        }
        i += 1 + unit[1];
        continue;
      }
      // "two plus" reflexes or edema → 2+.
      if (next === 'plus' && !cur.num.decimal && cur.num.value < 5 && !isNum(t[i + 2])) {
        out.push(merged(t.slice(i, i + 2), `${digitsOf(cur)}+`, { fixed: true }));
        i += 2;
        continue;
      }
      const before = keyOf(t[i - 1]);
      const isCount = !!next && rules.countNouns.includes(next);
      const isLabelled = !!before && rules.numericLabels.includes(before);
      out.push(isCount || isLabelled ? { ...cur, forceDigits: true } : cur);
      i++;
      continue;
    }

    // Spine levels: "l four l five" → L4-L5.
    if (
      k.length === 1 &&
      SPINE_LETTERS.has(k) &&
      whole(t[i + 1], 1, 12) &&
      SPINE_LETTERS.has(keyOf(t[i + 2])) &&
      keyOf(t[i + 2]).length === 1 &&
      whole(t[i + 3], 1, 12)
    ) {
      const text = `${k.toUpperCase()}${t[i + 1]!.num!.value}-${keyOf(t[i + 2]).toUpperCase()}${t[i + 3]!.num!.value}`;
      out.push(merged(t.slice(i, i + 4), text, { fixed: true }));
      i += 4;
      continue;
    }

    out.push(cur);
    i++;
  }
  return out;
}

function whole1to31(t: FmtToken): boolean {
  return !!t.num && !t.num.decimal && !t.num.pair && t.num.value >= 1 && t.num.value <= 31;
}

function spanOf1(t: FmtToken) {
  return { start: t.end, end: t.end, confidence: t.confidence };
}

function matchTime(
  t: readonly FmtToken[],
  i: number,
): { clock: string; meridiem: string; hourWords: number; end: number } | null {
  const cur = t[i]!;
  const num = cur.num!;
  if (num.decimal || num.ordinal) return null;
  // "three thirty p m" was read as the pair 3|30; "nine oh five" as 9|5.
  if (num.pair && num.pair[0] <= 12 && num.pair[1] <= 59) {
    const m = meridiemAt(t, i + 1);
    if (m) {
      return {
        clock: `${num.pair[0]}:${String(num.pair[1]).padStart(2, '0')}`,
        meridiem: m[1],
        hourWords: 1,
        end: i + 1 + m[0],
      };
    }
    return null;
  }
  if (num.value < 1 || num.value > 12) return null;
  // "ten thirty a m"
  const minutes = t[i + 1];
  if (whole(minutes, 10, 59)) {
    const m = meridiemAt(t, i + 2);
    if (m)
      return {
        clock: `${num.value}:${minutes!.num!.value}`,
        meridiem: m[1],
        hourWords: 2,
        end: i + 2 + m[0],
      };
  }
  // "ten oh five a m"
  if (keyOf(minutes) === 'oh' && whole(t[i + 2], 1, 9)) {
    const m = meridiemAt(t, i + 3);
    if (m)
      return {
        clock: `${num.value}:0${t[i + 2]!.num!.value}`,
        meridiem: m[1],
        hourWords: 3,
        end: i + 3 + m[0],
      };
  }
  const m = meridiemAt(t, i + 1);
  if (m) return { clock: String(num.value), meridiem: m[1], hourWords: 1, end: i + 1 + m[0] };
  return null;
}

/** Whether "x over y" at [from, to) is a ratio: blood pressure, strength, a murmur grade near it. */
function ratioContext(t: readonly FmtToken[], from: number, to: number, rules: FormattingRules): boolean {
  const { before, after, window } = rules.ratioContext;
  // Context words may already be rewritten (an organisation's "BP"): compare their text.
  const word = (x: FmtToken | undefined) => (x?.kind === 'word' ? x.text.toLowerCase() : '');
  for (let j = Math.max(0, from - window); j < from; j++) {
    if (before.includes(word(t[j]))) return true;
  }
  for (let j = to; j < Math.min(t.length, to + 3); j++) {
    if (after.includes(word(t[j]))) return true;
  }
  return false;
}
