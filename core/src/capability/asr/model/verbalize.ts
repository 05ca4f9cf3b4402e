// Written → spoken, the reverse of the formatter: how a number, a dose or a note is said. The model
// build uses it to turn its templates and finalized documents into the word sequences a physician
// dictates (and pocketsphinx outputs), which is what the language model has to predict.

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** The ordinals English does not make by adding "th" to the cardinal. */
const IRREGULAR_ORDINALS: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** The ordinal of one number word: "four" → "fourth", "twenty" → "twentieth", "two" → "second". */
function ordinalOf(word: string): string {
  return IRREGULAR_ORDINALS[word] ?? (word.endsWith('y') ? `${word.slice(0, -1)}ieth` : `${word}th`);
}

function below100(n: number): string {
  if (n < 10) return ONES[n]!;
  if (n < 20) return TEENS[n - 10]!;
  const t = Math.floor(n / 10);
  const o = n % 10;
  return o ? `${TENS[t]} ${ONES[o]}` : TENS[t]!;
}

function below1000(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (!h) return below100(r);
  return r ? `${ONES[h]} hundred ${below100(r)}` : `${ONES[h]} hundred`;
}

/** A whole number as a cardinal: 1234 → "one thousand two hundred thirty four". */
export function cardinalWords(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${n}`);
  if (n < 1000) return below1000(n);
  if (n < 1_000_000) {
    const th = Math.floor(n / 1000);
    const r = n % 1000;
    return r ? `${below1000(th)} thousand ${below1000(r)}` : `${below1000(th)} thousand`;
  }
  const m = Math.floor(n / 1_000_000);
  const r = n % 1_000_000;
  return r ? `${below1000(m)} million ${cardinalWords(r)}` : `${below1000(m)} million`;
}

/** How vitals and lab values are read: 130 → "one thirty", 104 → "one oh four", 100 → "one hundred". */
export function pairedWords(n: number): string {
  if (n >= 100 && n < 1000 && n % 100 !== 0) {
    const h = Math.floor(n / 100);
    const r = n % 100;
    return r < 10 ? `${ONES[h]} oh ${ONES[r]}` : `${ONES[h]} ${below100(r)}`;
  }
  return cardinalWords(n);
}

/** Years: 2024 → "twenty twenty four", 2008 → "two thousand eight", 1995 → "nineteen ninety five". */
export function yearWords(n: number): string {
  if (n >= 2000 && n < 2010) return cardinalWords(n);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return `${below100(hi)} hundred`;
  return `${below100(hi)} ${lo < 10 ? `oh ${ONES[lo]}` : below100(lo)}`;
}

/** Below 100: 21 → "twenty first", 12 → "twelfth" (only the last word takes the ordinal form). */
export function ordinalWords(n: number): string {
  const words = below100(n).split(' ');
  words.push(ordinalOf(words.pop()!));
  return words.join(' ');
}

/** A decimal as dictated: "98.6" → "ninety eight point six", "0.5" → "point five". */
export function decimalWords(text: string, style: 'paired' | 'cardinal' = 'cardinal'): string {
  const [whole, fraction] = text.split('.');
  const w = Number(whole);
  const head = w === 0 && fraction ? '' : style === 'paired' ? pairedWords(w) : cardinalWords(w);
  if (!fraction) return head;
  const digits = [...fraction].map((d) => ONES[Number(d)]!).join(' ');
  return head ? `${head} point ${digits}` : `point ${digits}`;
}

const UNIT_SPOKEN: Record<string, string> = {
  mg: 'milligrams',
  mcg: 'micrograms',
  g: 'grams',
  kg: 'kilograms',
  ml: 'milliliters',
  l: 'liters',
  meq: 'milliequivalents',
  mmol: 'millimoles',
  cm: 'centimeters',
  mm: 'millimeters',
  mmhg: 'millimeters of mercury',
  'mg/dl': 'milligrams per deciliter',
  'l/min': 'liters per minute',
  'mg/kg': 'milligrams per kilogram',
  'mcg/min': 'micrograms per minute',
};

const ABBREVIATIONS_SPOKEN: Record<string, string> = {
  'b.i.d.': 'b i d',
  't.i.d.': 't i d',
  'q.i.d.': 'q i d',
  'p.r.n.': 'p r n',
  'p.o.': 'p o',
  'q.h.s.': 'q h s',
  'a.m.': 'a m',
  'p.m.': 'p m',
};

/**
 * A written note → the words a physician would dictate for it, including spoken punctuation
 * ("period", "comma", "new paragraph"). Used to learn from finalized documents. Best effort: what
 * it cannot read (symbols, codes) is left out rather than guessed.
 */
export function verbalizeNote(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const words: string[] = [];
    for (const line of paragraph.split('\n')) {
      const tokens = line.trim().split(/\s+/).filter(Boolean);
      tokens.forEach((raw, n) => {
        if (n === 0 && /^\d+\.$/.test(raw)) {
          words.push('next number');
          return;
        }
        const m = /^([("]*)(.*?)([.,:;?!)"]*)$/.exec(raw)!;
        const core = m[2]!;
        const trail = m[3]!;
        const lower = core.toLowerCase();
        const abbr =
          ABBREVIATIONS_SPOKEN[lower + (trail.startsWith('.') ? '.' : '')] ?? ABBREVIATIONS_SPOKEN[lower];
        if (abbr) {
          words.push(abbr);
          const rest = ABBREVIATIONS_SPOKEN[lower] ? trail : trail.slice(1);
          pushPunct(words, rest);
          return;
        }
        words.push(...verbalizeToken(core));
        pushPunct(words, trail);
      });
    }
    if (words.length) sentences.push(words.join(' '));
  }
  return sentences.join(' new paragraph ').split(/\s+/).filter(Boolean);
}

function pushPunct(words: string[], trail: string) {
  for (const ch of trail) {
    const w = { '.': 'period', ',': 'comma', ':': 'colon', ';': 'semicolon', '?': 'question mark' }[ch];
    if (w) words.push(w);
  }
}

/** Written token patterns → spoken words, first match wins. */
const TOKEN_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\d{2,3})\/(\d{2,3})$/, (m) => `${pairedWords(+m[1]!)} over ${pairedWords(+m[2]!)}`],
  [/^(\d+)\/(\d+)$/, (m) => `${cardinalWords(+m[1]!)} over ${cardinalWords(+m[2]!)}`],
  [/^(\d+)-(year|month|week|day)-old$/, (m) => `${cardinalWords(+m[1]!)} ${m[2]} old`],
  [/^(\d+(?:\.\d+)?)%$/, (m) => `${decimalWords(m[1]!)} percent`],
  [/^(\d+)\+$/, (m) => `${cardinalWords(+m[1]!)} plus`],
  [
    /^(\d{1,2}):(\d{2})$/,
    (m) => {
      const mm = +m[2]!;
      return `${cardinalWords(+m[1]!)}${mm === 0 ? '' : mm < 10 ? ` oh ${cardinalWords(mm)}` : ` ${cardinalWords(mm)}`}`;
    },
  ],
  [/^(19|20)\d\d$/, (m) => yearWords(+m[0])],
  [/^\d{1,3}(,\d{3})+$/, (m) => cardinalWords(+m[0].replaceAll(',', ''))],
  [/^\d+$/, (m) => (+m[0] >= 100 && +m[0] < 1000 ? pairedWords(+m[0]) : cardinalWords(+m[0]))],
  [/^\d*\.\d+$/, (m) => decimalWords(m[0].startsWith('.') ? `0${m[0]}` : m[0])],
  [
    /^([ctls])(\d{1,2})-([ctls])(\d{1,2})$/,
    (m) => `${m[1]} ${cardinalWords(+m[2]!)} ${m[3]} ${cardinalWords(+m[4]!)}`,
  ],
];

function verbalizeToken(core: string): string[] {
  const lower = core.toLowerCase();
  if (!lower) return [];
  for (const [pattern, say] of TOKEN_RULES) {
    const m = pattern.exec(lower);
    if (m) return [say(m)];
  }
  if (UNIT_SPOKEN[lower]) return [UNIT_SPOKEN[lower]!];
  if (/^[a-z]+(['-][a-z]+)*$/.test(lower)) return [lower.replaceAll('-', ' ')];
  if (/^[a-z]+\d[a-z0-9]*$/.test(lower)) return [lower]; // a1c and similar codes stay one word
  return [];
}
