import { runProcess } from '../../audio/run-process';

// Pronunciations for words pocketsphinx's cmudict lacks, generated offline with espeak-ng
// (Debian package espeak-ng): its IPA output mapped onto the CMU phone set the en-us acoustic
// model uses.

export const CMU_PHONES = new Set(
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(
    ' ',
  ),
);

/** IPA (as espeak-ng writes American English) → CMU phones. Longest symbol first. */
const IPA_TO_CMU: [string, string][] = [
  ['aɪə', 'AY AH'],
  ['aɪɚ', 'AY ER'],
  ['aɪ', 'AY'],
  ['aʊ', 'AW'],
  ['ɔɪ', 'OY'],
  ['oʊ', 'OW'],
  ['eɪ', 'EY'],
  ['tʃ', 'CH'],
  ['dʒ', 'JH'],
  ['ɜːɹ', 'ER'],
  ['ɜː', 'ER'],
  ['ɜ', 'ER'],
  ['ɚ', 'ER'],
  ['ɑːɹ', 'AA R'],
  ['ɑː', 'AA'],
  ['ɑ', 'AA'],
  ['ɒ', 'AA'],
  ['ɔːɹ', 'AO R'],
  ['ɔː', 'AO'],
  ['ɔ', 'AO'],
  ['oːɹ', 'AO R'],
  ['oː', 'OW'],
  ['o', 'OW'],
  ['uː', 'UW'],
  ['u', 'UW'],
  ['ʊ', 'UH'],
  ['iː', 'IY'],
  ['i', 'IY'],
  ['ɪ', 'IH'],
  ['ᵻ', 'IH'],
  ['e', 'EH'],
  ['ɛ', 'EH'],
  ['æ', 'AE'],
  ['a', 'AE'],
  ['ʌ', 'AH'],
  ['ə', 'AH'],
  ['ɐ', 'AH'],
  ['l̩', 'AH L'],
  ['n̩', 'AH N'],
  ['m̩', 'AH M'],
  ['ɹ', 'R'],
  ['r', 'R'],
  ['l', 'L'],
  ['ɬ', 'L'],
  ['w', 'W'],
  ['j', 'Y'],
  ['h', 'HH'],
  ['n', 'N'],
  ['m', 'M'],
  ['ŋ', 'NG'],
  ['p', 'P'],
  ['b', 'B'],
  ['t', 'T'],
  ['d', 'D'],
  ['k', 'K'],
  ['ɡ', 'G'],
  ['g', 'G'],
  ['f', 'F'],
  ['v', 'V'],
  ['θ', 'TH'],
  ['ð', 'DH'],
  ['s', 'S'],
  ['z', 'Z'],
  ['ʃ', 'SH'],
  ['ʒ', 'ZH'],
  ['ɾ', 'T'],
  ['x', 'K'],
  ['ç', 'HH'],
  ['ʔ', ''],
];
const IGNORED = new Set(['ˈ', 'ˌ', 'ː', ' ', '-', '_', '‿', '\u0303']);

/** CMU phones for one word's espeak-ng IPA, or null when a symbol is unknown. */
export function ipaToCmu(ipa: string): string[] | null {
  const phones: string[] = [];
  let i = 0;
  const s = ipa.normalize('NFC');
  outer: while (i < s.length) {
    const ch = s[i]!;
    if (IGNORED.has(ch)) {
      i++;
      continue;
    }
    for (const [symbol, cmu] of IPA_TO_CMU) {
      if (s.startsWith(symbol, i)) {
        if (cmu) phones.push(...cmu.split(' '));
        i += symbol.length;
        continue outer;
      }
    }
    if (ch === '\u0329') {
      // A syllabic mark on a consonant not listed above: a schwa before it.
      const last = phones.pop();
      if (last) phones.push('AH', last);
      i++;
      continue;
    }
    return null;
  }
  // Collapse doubled phones ("t t") that espeak's syllable joins can produce.
  const out = phones.filter((p, n) => p !== phones[n - 1] || !CMU_PHONES.has(p) || isVowel(p));
  return out.length && out.every((p) => CMU_PHONES.has(p)) ? out : null;
}

const isVowel = (p: string) => /^(AA|AE|AH|AO|AW|AY|EH|ER|EY|IH|IY|OW|OY|UH|UW)$/.test(p);

/** Runs espeak-ng once over all the words (one per line); words it cannot do are left out. */
export async function pronounceWithEspeak(
  words: readonly string[],
  bin = 'espeak-ng',
): Promise<Map<string, string[][]>> {
  const result = new Map<string, string[][]>();
  const chunkSize = 500;
  for (let n = 0; n < words.length; n += chunkSize) {
    const chunk = words.slice(n, n + chunkSize);
    const lines = (await runEspeak(chunk.map((w) => `${w.replace(/[^a-z'-]/g, ' ')}.`).join('\n'), bin))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length !== chunk.length) {
      // Out of step (a word read as two clauses): one call per word instead.
      for (const word of chunk) {
        const ipa = (await runEspeak(`${word}.`, bin)).trim().replace(/\s+/g, ' ');
        const phones = ipaToCmu(ipa);
        if (phones) result.set(word, variants(phones, ipa));
      }
      continue;
    }
    chunk.forEach((word, k) => {
      const phones = ipaToCmu(lines[k]!);
      if (phones) result.set(word, variants(phones, lines[k]!));
    });
  }
  return result;
}

/** espeak writes the American flap (ɾ) for t and d alike: offer the D reading too. */
function variants(phones: string[], ipa: string): string[][] {
  if (!ipa.includes('ɾ')) return [phones];
  const withD = ipaToCmu(ipa.replaceAll('ɾ', 'd'));
  return withD && withD.join(' ') !== phones.join(' ') ? [phones, withD] : [phones];
}

async function runEspeak(text: string, bin: string): Promise<string> {
  const run = await runProcess(bin, ['-q', '--ipa', '-v', 'en-us'], {
    timeoutMs: 300_000,
    input: text,
    stderrTailBytes: 1000,
  });
  if (run.code !== 0) throw new Error(`espeak-ng exited ${run.code}: ${run.stderrTail}`);
  return run.stdout;
}

/** Letter names in CMU phones, for spelled abbreviations ("e k g"). */
export const LETTER_PHONES: Record<string, string> = {
  a: 'EY',
  b: 'B IY',
  c: 'S IY',
  d: 'D IY',
  e: 'IY',
  f: 'EH F',
  g: 'JH IY',
  h: 'EY CH',
  i: 'AY',
  j: 'JH EY',
  k: 'K EY',
  l: 'EH L',
  m: 'EH M',
  n: 'EH N',
  o: 'OW',
  p: 'P IY',
  q: 'K Y UW',
  r: 'AA R',
  s: 'EH S',
  t: 'T IY',
  u: 'Y UW',
  v: 'V IY',
  w: 'D AH B AH L Y UW',
  x: 'EH K S',
  y: 'W AY',
  z: 'Z IY',
};
