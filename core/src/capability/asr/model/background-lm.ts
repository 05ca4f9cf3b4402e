import { readFile } from 'node:fs/promises';
import { KeyIndex } from './key-index';

// Pocketsphinx's general English model (Debian's pocketsphinx-en-us `en-us.lm.bin`, sphinxbase's
// trie format), read directly: that version's sphinx_lm_convert aborts when writing it out as ARPA
// (an assertion on the n-gram counts, which include the entries the trie adds to make longer
// n-grams reachable). Layout (sphinxbase lm_trie.c): "Trie Language Model", order (1 byte), n-gram
// counts (uint32 LE each), a quantisation marker (int32) and 16-bit tables (per middle order a
// probability and a backoff table, and one probability table for the longest order, 65,536 floats
// each), (count+1) unigrams of {float prob, float backoff, uint32 next}, the bit-packed middle and
// longest arrays, and at the end the vocabulary as NUL-terminated strings preceded by its byte
// length. Values are in sphinxbase's log base 1.0001.
//
// The trie is keyed backwards: a unigram's range in the first middle array holds the words that
// came before it (entry [w, v] is the bigram "v w": P(w | v) and the backoff of "v w"), and that
// entry's range in the longest array the word before those ([w, v, u] is "u v w").

const HEADER = 'Trie Language Model';
const TABLE = 65536;
const LOG10_BASE = Math.log10(1.0001);

const requiredBits = (max: number) => (max === 0 ? 0 : Math.floor(Math.log2(max)) + 1);

/** General English as a backoff trigram model, log10 values, word ids index `words`. */
export interface BackgroundModel {
  words: string[];
  unigramProb: Float32Array;
  unigramBackoff: Float32Array;
  /** Bigrams "v w": history v, word w, log10 P(w | v), log10 backoff of "v w". */
  bigrams: { v: Uint32Array; w: Uint32Array; prob: Float32Array; backoff: Float32Array };
  /** Trigrams "u v w": log10 P(w | u v). */
  trigrams: { u: Uint32Array; v: Uint32Array; w: Uint32Array; prob: Float32Array };
}

/** The whole general English trigram model (about 2 M bigrams and 1.7 M trigrams). */
export async function readBackgroundModel(lmBinPath: string): Promise<BackgroundModel> {
  const b = await readFile(lmBinPath);
  if (b.subarray(0, HEADER.length).toString('latin1') !== HEADER) throw new Error('not a sphinxbase trie LM');
  let p = HEADER.length;
  const order = b[p]!;
  p += 1;
  if (order !== 3) throw new Error(`a trigram model was expected, this one has order ${order}`);
  const counts: number[] = [];
  for (let i = 0; i < order; i++, p += 4) counts.push(b.readUInt32LE(p));
  const [n1, n2, n3] = counts as [number, number, number];
  p += 4; // quantisation marker
  const table = (at: number) =>
    new Float32Array(b.buffer.slice(b.byteOffset + at, b.byteOffset + at + TABLE * 4));
  const midProbTable = table(p);
  const midBackoffTable = table(p + TABLE * 4);
  const longProbTable = table(p + 2 * TABLE * 4);
  p += 3 * TABLE * 4;

  const unigramProb = new Float32Array(n1);
  const unigramBackoff = new Float32Array(n1);
  const unigramNext = new Uint32Array(n1 + 1);
  for (let i = 0; i <= n1; i++) {
    const at = p + i * 12;
    if (i < n1) {
      unigramProb[i] = b.readFloatLE(at) * LOG10_BASE;
      unigramBackoff[i] = b.readFloatLE(at + 4) * LOG10_BASE;
    }
    unigramNext[i] = b.readUInt32LE(at + 8);
  }
  p += (n1 + 1) * 12;

  const wordBits = requiredBits(n1);
  const nextBits = requiredBits(n3);
  const midBits = wordBits + 32 + nextBits;
  const longBits = wordBits + 16;
  const midAt = p;
  const midSize = Math.floor(((1 + n2) * midBits + 7) / 8) + 8;
  const longAt = midAt + midSize;
  const longSize = Math.floor(((1 + n3) * longBits + 7) / 8) + 8;
  const wordsAt = longAt + longSize;
  // sphinxbase's bitarr_read_int25: a little-endian uint32 at the bit offset's byte, shifted.
  const read = (base: number, bitOffset: number, length: number) =>
    (b.readUInt32LE(base + (bitOffset >>> 3)) >>> (bitOffset & 7)) & ((1 << length) - 1);

  const wordBytes = b.readInt32LE(wordsAt);
  const words = b
    .subarray(wordsAt + 4, wordsAt + 4 + wordBytes - 1)
    .toString('latin1')
    .split('\0');
  if (words.length !== n1) throw new Error(`vocabulary has ${words.length} words, expected ${n1}`);

  const bigrams = {
    v: new Uint32Array(n2),
    w: new Uint32Array(n2),
    prob: new Float32Array(n2),
    backoff: new Float32Array(n2),
  };
  const midNext = new Uint32Array(n2 + 1);
  for (let w = 0; w < n1; w++) {
    for (let j = unigramNext[w]!; j < unigramNext[w + 1]!; j++) {
      const bit = j * midBits;
      bigrams.w[j] = w;
      bigrams.v[j] = read(midAt, bit, wordBits);
      bigrams.backoff[j] = midBackoffTable[read(midAt, bit + wordBits, 16)]! * LOG10_BASE;
      bigrams.prob[j] = midProbTable[read(midAt, bit + wordBits + 16, 16)]! * LOG10_BASE;
    }
  }
  for (let j = 0; j <= n2; j++) midNext[j] = read(midAt, j * midBits + wordBits + 32, nextBits);

  const trigrams = {
    u: new Uint32Array(n3),
    v: new Uint32Array(n3),
    w: new Uint32Array(n3),
    prob: new Float32Array(n3),
  };
  for (let j = 0; j < n2; j++) {
    for (let k = midNext[j]!; k < midNext[j + 1]!; k++) {
      const bit = k * longBits;
      trigrams.w[k] = bigrams.w[j]!;
      trigrams.v[k] = bigrams.v[j]!;
      trigrams.u[k] = read(longAt, bit, wordBits);
      trigrams.prob[k] = longProbTable[read(longAt, bit + wordBits, 16)]! * LOG10_BASE;
    }
  }
  return { words, unigramProb, unigramBackoff, bigrams, trigrams };
}

/** The general English model's conditional probabilities and explicit n-grams, for mixing. */
export interface BackgroundNgrams {
  /** log10 P(w | v) with the model's backoff; undefined when it does not know v or w. */
  bigram(v: string, w: string): number | undefined;
  /** log10 P(w | u v) with the model's backoff; undefined when it does not know a word. */
  trigram(u: string, v: string, w: string): number | undefined;
  /**
   * The explicit bigrams and trigrams kept, as word lists. Millions of them: the model's own
   * iterates over its arrays, making each list as it is read rather than holding them all.
   */
  bigrams: Iterable<readonly [string, string]>;
  trigrams: Iterable<readonly [string, string, string]>;
}

const ID_SPAN = 2 ** 17;

/**
 * Lookups over the general English model. The explicit n-grams handed on are those whose words
 * `keep` accepts (the words the dictionary can say, and the sentence markers) and whose log10
 * probability is at least `minLog10`: the rest is still reached through backoff, and the model
 * stays a third of the size.
 */
export function backgroundNgrams(
  model: BackgroundModel,
  keep: (word: string) => boolean,
  minLog10 = Number.NEGATIVE_INFINITY,
): BackgroundNgrams {
  if (model.words.length >= ID_SPAN) throw new Error('vocabulary too large for the n-gram keys');
  const id = new Map(model.words.map((w, i) => [w, i]));
  const kept = model.words.map(keep);
  const { bigrams, trigrams, words } = model;
  // Each n-gram's row in the model's arrays, where its probability and backoff are. The trie repeats
  // some n-grams (entries it adds to reach longer ones): the last row is the one used.
  const bigramAt = new KeyIndex(bigrams.v.length);
  const bigramRow = new Uint32Array(bigrams.v.length);
  const keptBigrams: number[] = [];
  for (let j = 0; j < bigrams.v.length; j++) {
    const v = bigrams.v[j]!;
    const w = bigrams.w[j]!;
    bigramRow[bigramAt.add(v * ID_SPAN + w)] = j;
    if (kept[v] && kept[w] && bigrams.prob[j]! >= minLog10) keptBigrams.push(j);
  }
  const trigramAt = new KeyIndex(trigrams.u.length);
  const trigramRow = new Uint32Array(trigrams.u.length);
  const keptTrigrams: number[] = [];
  for (let k = 0; k < trigrams.u.length; k++) {
    const u = trigrams.u[k]!;
    const v = trigrams.v[k]!;
    const w = trigrams.w[k]!;
    trigramRow[trigramAt.add((u * ID_SPAN + v) * ID_SPAN + w)] = k;
    if (kept[u] && kept[v] && kept[w] && trigrams.prob[k]! >= minLog10) keptTrigrams.push(k);
  }
  // The explicit n-grams handed on, as rows (4 bytes each, where lists of words took about 70).
  const bigramsKept = Uint32Array.from(keptBigrams);
  const trigramsKept = Uint32Array.from(keptTrigrams);
  /** The row of the bigram "v w", or -1. */
  const bigramRowOf = (v: number, w: number) => {
    const i = bigramAt.indexOf(v * ID_SPAN + w);
    return i >= 0 ? bigramRow[i]! : -1;
  };
  const bigramIds = (v: number, w: number) => {
    const j = bigramRowOf(v, w);
    return j >= 0 ? bigrams.prob[j]! : model.unigramBackoff[v]! + model.unigramProb[w]!;
  };
  return {
    bigram(v, w) {
      const iv = id.get(v);
      const iw = id.get(w);
      return iv === undefined || iw === undefined ? undefined : bigramIds(iv, iw);
    },
    trigram(u, v, w) {
      const iu = id.get(u);
      const iv = id.get(v);
      const iw = id.get(w);
      if (iu === undefined || iv === undefined || iw === undefined) return undefined;
      const i = trigramAt.indexOf((iu * ID_SPAN + iv) * ID_SPAN + iw);
      if (i >= 0) return trigrams.prob[trigramRow[i]!]!;
      const history = bigramRowOf(iu, iv);
      return (history >= 0 ? bigrams.backoff[history]! : 0) + bigramIds(iv, iw);
    },
    bigrams: {
      *[Symbol.iterator]() {
        for (const j of bigramsKept) yield [words[bigrams.v[j]!]!, words[bigrams.w[j]!]!] as const;
      },
    },
    trigrams: {
      *[Symbol.iterator]() {
        for (const k of trigramsKept)
          yield [words[trigrams.u[k]!]!, words[trigrams.v[k]!]!, words[trigrams.w[k]!]!] as const;
      },
    },
  };
}
