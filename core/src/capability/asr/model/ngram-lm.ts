import type { BackgroundNgrams } from './background-lm';
import { KeyIndex } from './key-index';

// A trigram language model in ARPA format, built in TypeScript (issue 7): interpolated
// Kneser-Ney on the domain text, statically interpolated with a background unigram distribution
// (general English) and a uniform share for the lexicon, with backoff weights renormalised so every
// history's distribution sums to one. Pocketsphinx reads the result with `-lm`.
//
// With general English's n-grams the model has millions of them. Words are numbered and n-grams are
// numeric keys (ids in base `span`) in KeyIndex tables, with their values in typed arrays, and the
// ARPA text is generated in chunks as it is written: strings joined per n-gram, Maps of them and
// the text as one array of lines took about 2.5 GB.

export interface MixOptions {
  /** Weight of the domain model; the rest goes to the background and the lexicon. */
  domainWeight: number;
  /** Weight of the background unigrams (general English). */
  backgroundWeight: number;
  /** log10 background unigram probabilities. */
  background: Map<string, number>;
  /** Words that must be in the vocabulary (the lexicon), sharing what is left uniformly. */
  lexicon: Iterable<string>;
  /** Keep n-grams of order ≥ 2 seen at least this often. */
  minCount?: number;
  /**
   * General English beyond its unigrams: its conditional probabilities take the background's
   * share at every order, and its explicit n-grams join the model's.
   */
  backgroundNgrams?: BackgroundNgrams;
}

/** A built model: its ARPA text (made on demand) and its size. */
export interface BuiltArpa {
  /** The ARPA text in chunks of whole lines, generated as they are read (write them one by one). */
  chunks(): Generator<string>;
  /** The whole ARPA text in one string: fine for small models; large ones are better written from `chunks`. */
  readonly arpa: string;
  /** The unigrams, sorted. */
  vocabulary: string[];
  /** How many 1-, 2- and 3-grams. */
  counts: number[];
}

const BOS = '<s>';
const EOS = '</s>';
// Their word ids.
const BOS_ID = 0;
const EOS_ID = 1;

/** Words numbered in the order met, the sentence markers first. */
class WordIds {
  readonly words: string[] = [BOS, EOS];
  private readonly ids = new Map<string, number>([
    [BOS, BOS_ID],
    [EOS, EOS_ID],
  ]);

  /** The word's id, numbering it if new. */
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  /** The word's id, or -1 when it was never numbered. */
  find(word: string): number {
    return this.ids.get(word) ?? -1;
  }
}

/**
 * N-gram keys over word ids below `span`: "v w" is v·span + w, "u v w" is (u·span + v)·span + w.
 * Splitting them back uses only % and exact division, so it is exact for any key below 2^53.
 */
class NgramKeys {
  constructor(readonly span: number) {
    if (span ** 3 > Number.MAX_SAFE_INTEGER)
      throw new Error(`${span} words are too many for the n-gram keys`);
  }
  bigram(v: number, w: number): number {
    return v * this.span + w;
  }
  trigram(u: number, v: number, w: number): number {
    return (u * this.span + v) * this.span + w;
  }
  /** The last word of an n-gram. */
  last(key: number): number {
    return key % this.span;
  }
  /** An n-gram without its last word: a bigram's history word, a trigram's history bigram. */
  history(key: number): number {
    return (key - (key % this.span)) / this.span;
  }
  /** A trigram without its first word. */
  rest(key: number): number {
    return key % (this.span * this.span);
  }
}

/** Counts per key, in the order each key was first seen. */
class KeyCounts {
  readonly keys = new KeyIndex();
  readonly counts: number[] = [];

  get size(): number {
    return this.keys.size;
  }
  key(i: number): number {
    return this.keys.key(i);
  }
  get(key: number): number | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.counts[i];
  }
  add(key: number): void {
    const i = this.keys.add(key);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }
  set(key: number, count: number): void {
    this.counts[this.keys.add(key)] = count;
  }
}

function countNgrams(sentences: number[][], keys: NgramKeys): { c3: KeyCounts; c2: KeyCounts } {
  const c3 = new KeyCounts();
  const c2 = new KeyCounts();
  for (const words of sentences) {
    const s = [BOS_ID, ...words, EOS_ID];
    for (let i = 1; i < s.length; i++) {
      c2.add(keys.bigram(s[i - 1]!, s[i]!));
      if (i >= 2) c3.add(keys.trigram(s[i - 2]!, s[i - 1]!, s[i]!));
    }
  }
  return { c3, c2 };
}

function discount(countOfCounts: Map<number, number>): number {
  const n1 = countOfCounts.get(1) ?? 0;
  const n2 = countOfCounts.get(2) ?? 0;
  const d = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.5;
  return Math.min(0.95, Math.max(0.1, d));
}

const log10 = (p: number) => (p > 0 ? Math.log10(p) : -99);
const fmt = (x: number) => x.toFixed(4);

/** A history's n-grams: their total count and how many distinct words follow it. */
interface HistoryStats {
  histories: KeyIndex;
  total: number[];
  types: number[];
}

/**
 * Per history (what `historyOf` keeps of an n-gram key): the n-grams' total count and how many
 * distinct words follow it; and the count-of-counts the discounts are estimated from.
 */
function historyStats(counts: KeyCounts, historyOf: (key: number) => number) {
  const hist: HistoryStats = { histories: new KeyIndex(), total: [], types: [] };
  const coc = new Map<number, number>();
  for (let i = 0; i < counts.size; i++) {
    const c = counts.counts[i]!;
    const h = hist.histories.add(historyOf(counts.key(i)));
    hist.total[h] = (hist.total[h] ?? 0) + c;
    hist.types[h] = (hist.types[h] ?? 0) + 1;
    coc.set(c, (coc.get(c) ?? 0) + 1);
  }
  return { hist, coc };
}

/** N1+(• rest): for each n-gram minus its first word, how many distinct words preceded it. */
function continuationCounts(keys: KeyIndex, restOf: (key: number) => number): KeyCounts {
  const cont = new KeyCounts();
  for (let i = 0; i < keys.size; i++) cont.add(restOf(keys.key(i)));
  return cont;
}

/** A backoff weight: what the explicit n-grams leave, over what the lower order gives the rest. */
const backoffWeight = (seen: number, lower: number) => Math.max(1e-12, 1 - seen) / Math.max(1e-12, 1 - lower);

/** Builds the mixed model; its ARPA text is generated from the result. */
export function buildArpa(sentences: string[][], options: MixOptions): BuiltArpa {
  const minCount = options.minCount ?? 1;
  const lexicon = new Set(options.lexicon);

  // Every word gets an id before any n-gram is keyed, so the keys' span is known.
  const ids = new WordIds();
  const corpus = sentences.map((s) => s.map((w) => ids.id(w)));
  for (const w of lexicon) ids.id(w);
  for (const w of options.background.keys()) ids.id(w);
  const { words } = ids;
  const span = words.length;
  const keys = new NgramKeys(span);
  const { c3, c2 } = countNgrams(corpus, keys);

  // Kneser-Ney statistics.
  // Trigram level: c(u v •), N1+(u v •).
  const { hist: hist3, coc: coc3 } = historyStats(c3, (k) => keys.history(k));
  // Bigram level uses continuation counts N1+(• v w) (from trigram types), except after <s>.
  const cont2 = continuationCounts(c3.keys, (k) => keys.rest(k));
  // Bigrams starting at <s> have no left context: use raw counts for them.
  for (let i = 0; i < c2.size; i++)
    if (keys.history(c2.key(i)) === BOS_ID) cont2.set(c2.key(i), c2.counts[i]!);
  for (let i = 0; i < c2.size; i++) if (cont2.get(c2.key(i)) === undefined) cont2.set(c2.key(i), 1);
  const { hist: hist2, coc: coc2 } = historyStats(cont2, (k) => keys.history(k));
  // Unigram level: N1+(• w).
  const cont1 = continuationCounts(cont2.keys, (k) => keys.last(k));
  let total1 = 0;
  for (const c of cont1.counts) total1 += c;
  const D3 = discount(coc3);
  const D2 = discount(coc2);

  // Vocabulary: domain words, lexicon, background — in that order, which the unigram
  // normalisation sums in.
  const inVocab = new Uint8Array(span);
  const vocabOrder: number[] = [];
  const addToVocab = (id: number) => {
    if (inVocab[id] || id === BOS_ID) return;
    inVocab[id] = 1;
    vocabOrder.push(id);
  };
  for (let i = 0; i < cont1.size; i++) addToVocab(cont1.key(i));
  for (const w of lexicon) addToVocab(ids.id(w));
  for (const w of options.background.keys()) addToVocab(ids.id(w));
  addToVocab(EOS_ID);

  const lexShare = Math.max(0, 1 - options.domainWeight - options.backgroundWeight);
  let bgTotal = 0;
  for (const [w, lp] of options.background) if (w !== BOS && w !== EOS) bgTotal += 10 ** lp;
  // Per word id: continuation counts, background and lexicon probabilities.
  const cont1Count = new Float64Array(span);
  for (let i = 0; i < cont1.size; i++) cont1Count[cont1.key(i)] = cont1.counts[i]!;
  const bgProb = new Float64Array(span);
  for (const [w, lp] of options.background)
    if (w !== BOS && w !== EOS) bgProb[ids.id(w)] = 10 ** lp / bgTotal;
  const inLexicon = new Uint8Array(span);
  for (const w of lexicon) inLexicon[ids.id(w)] = 1;

  const pKn1 = (w: number) => cont1Count[w]! / total1;
  const pBg = (w: number) => bgProb[w]!;
  const pLex = (w: number) => (inLexicon[w] ? 1 / lexicon.size : 0);
  const lexOrBg = (w: number) => options.backgroundWeight * pBg(w) + lexShare * pLex(w);
  // The domain model's unigram level is itself smoothed towards the rest.
  const pMix1 = (w: number) => options.domainWeight * pKn1(w) + lexOrBg(w);

  const pKn2 = (v: number, w: number) => {
    const h = hist2.histories.indexOf(v);
    if (h < 0) return pKn1(w);
    const c = cont2.get(keys.bigram(v, w)) ?? 0;
    const total = hist2.total[h]!;
    return Math.max(c - D2, 0) / total + ((D2 * hist2.types[h]!) / total) * pKn1(w);
  };
  const pKn3 = (u: number, v: number, w: number) => {
    const h = hist3.histories.indexOf(keys.bigram(u, v));
    if (h < 0) return pKn2(v, w);
    const c = c3.get(keys.trigram(u, v, w)) ?? 0;
    const total = hist3.total[h]!;
    return Math.max(c - D3, 0) / total + ((D3 * hist3.types[h]!) / total) * pKn2(v, w);
  };
  const bg = options.backgroundNgrams;
  const pBg2 = (v: number, w: number) => {
    const lp = bg?.bigram(words[v]!, words[w]!);
    return lp === undefined ? pBg(w) : 10 ** lp;
  };
  const pBg3 = (u: number, v: number, w: number) => {
    const lp = bg?.trigram(words[u]!, words[v]!, words[w]!);
    return lp === undefined ? pBg2(v, w) : 10 ** lp;
  };
  // Without the background's n-grams pBg2 and pBg3 fall back to its unigrams (lexOrBg's mix).
  const pMix2 = (v: number, w: number) =>
    options.domainWeight * pKn2(v, w) + options.backgroundWeight * pBg2(v, w) + lexShare * pLex(w);
  const pMix3 = (u: number, v: number, w: number) =>
    options.domainWeight * pKn3(u, v, w) + options.backgroundWeight * pBg3(u, v, w) + lexShare * pLex(w);

  // Explicit n-grams: the domain's, and the background's among words of the vocabulary. A trigram's
  // history and its last two words are bigrams too (ARPA looks its backoff up there).
  const trigrams = new KeyIndex();
  for (let i = 0; i < c3.size; i++) if (c3.counts[i]! >= minCount) trigrams.add(c3.key(i));
  const bigrams = new KeyIndex();
  for (let i = 0; i < cont2.size; i++) {
    const k = cont2.key(i);
    if ((c2.get(k) ?? 0) >= minCount || keys.history(k) === BOS_ID) bigrams.add(k);
  }
  if (bg) {
    // Words general English has and this model does not are left out (id -1).
    const inV = (w: number) => w >= 0 && inVocab[w] === 1;
    const history = (w: number) => w === BOS_ID || (w !== EOS_ID && inV(w));
    for (const [v, w] of bg.bigrams) {
      const iv = ids.find(v);
      const iw = ids.find(w);
      if (history(iv) && inV(iw)) bigrams.add(keys.bigram(iv, iw));
    }
    for (const [u, v, w] of bg.trigrams) {
      const iu = ids.find(u);
      const iv = ids.find(v);
      const iw = ids.find(w);
      if (history(iu) && history(iv) && inV(iw)) trigrams.add(keys.trigram(iu, iv, iw));
    }
    for (let i = 0; i < trigrams.size; i++) {
      bigrams.add(keys.history(trigrams.key(i)));
      bigrams.add(keys.rest(trigrams.key(i)));
    }
  }

  // Probabilities and backoff weights (renormalised).
  const uni = new Float64Array(span); // <s> and words outside the vocabulary stay 0
  for (const w of vocabOrder) uni[w] = pMix1(w);
  let uniSum = 0;
  for (const w of vocabOrder) uniSum += uni[w]!;
  for (const w of vocabOrder) uni[w] = uni[w]! / uniSum;

  // A bigram history's backoff comes from sums over its bigrams, added in the bigrams' order.
  const bi = new Float64Array(bigrams.size);
  const bo1 = { has: new Uint8Array(span), seen: new Float64Array(span), lower: new Float64Array(span) };
  for (let i = 0; i < bigrams.size; i++) {
    const v = keys.history(bigrams.key(i));
    const w = keys.last(bigrams.key(i));
    bi[i] = pMix2(v, w);
    bo1.has[v] = 1;
    bo1.seen[v] = bo1.seen[v]! + bi[i]!;
    bo1.lower[v] = bo1.lower[v]! + uni[w]!;
  }
  // A trigram is kept when its last two words are a bigram; the backoff of its history (a bigram)
  // comes from sums over the trigrams kept, again in their order.
  const tri = { kept: new Uint8Array(trigrams.size), prob: new Float64Array(trigrams.size), size: 0 };
  const bo2 = {
    has: new Uint8Array(bigrams.size),
    seen: new Float64Array(bigrams.size),
    lower: new Float64Array(bigrams.size),
  };
  for (let i = 0; i < trigrams.size; i++) {
    const k = trigrams.key(i);
    // The bigram of its last two words: P(w | v), what the history's backoff weight sets against.
    const lower = bigrams.indexOf(keys.rest(k));
    if (lower < 0) continue;
    const w = keys.last(k);
    const h = keys.history(k);
    const [u, v] = [keys.history(h), keys.last(h)];
    tri.kept[i] = 1;
    tri.prob[i] = pMix3(u, v, w);
    tri.size++;
    // Trigram histories must exist as bigrams for ARPA.
    const history = bigrams.indexOf(h);
    if (history < 0) throw new Error(`missing bigram for history ${words[u]} ${words[v]}`);
    bo2.has[history] = 1;
    bo2.seen[history] = bo2.seen[history]! + tri.prob[i]!;
    bo2.lower[history] = bo2.lower[history]! + bi[lower]!;
  }

  const vocabulary = [...vocabOrder.map((w) => words[w]!), BOS].sort();
  return builtArpa({ ids, keys, vocabulary, uni, bo1, bigrams, bi, bo2, trigrams, tri });
}

/**
 * The result, made outside buildArpa: closures made there would keep its whole scope (the counts,
 * general English's tables) alive for as long as the text is being written.
 */
function builtArpa(model: MixedModel): BuiltArpa {
  return {
    chunks: () => arpaChunks(model),
    get arpa() {
      return [...arpaChunks(model)].join('');
    },
    vocabulary: model.vocabulary,
    counts: [model.vocabulary.length, model.bigrams.size, model.tri.size],
  };
}

/** What the ARPA text is written from (and nothing the build needed on the way). */
interface MixedModel {
  ids: WordIds;
  keys: NgramKeys;
  /** The unigrams, sorted. */
  vocabulary: string[];
  /** P(w) by word id. */
  uni: Float64Array;
  /** Per history word: whether it has bigrams, and their sums for its backoff weight. */
  bo1: { has: Uint8Array; seen: Float64Array; lower: Float64Array };
  bigrams: KeyIndex;
  /** P(w | v) by bigram number. */
  bi: Float64Array;
  /** Per bigram as a trigram history: as bo1. */
  bo2: { has: Uint8Array; seen: Float64Array; lower: Float64Array };
  trigrams: KeyIndex;
  /** P(w | u v) by trigram number, for those kept. */
  tri: { kept: Uint8Array; prob: Float64Array; size: number };
}

/**
 * Text per chunk: well under V8's large-object size (128 KB), so chunks already written die young
 * and cheaply rather than piling up until a full collection.
 */
const CHUNK_CHARS = 64 * 1024;

/** The ARPA text in chunks of whole lines, each line ending in a newline. */
function* arpaChunks(model: MixedModel): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  for (const line of arpaLines(model)) {
    lines.push(line);
    size += line.length + 1;
    if (size >= CHUNK_CHARS) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      size = 0;
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

function* arpaLines(model: MixedModel): Generator<string> {
  const { ids, keys, vocabulary, uni, bo1, bigrams, bi, bo2, trigrams, tri } = model;
  const { words } = ids;
  yield '\\data\\';
  yield `ngram 1=${vocabulary.length}`;
  yield `ngram 2=${bigrams.size}`;
  yield `ngram 3=${tri.size}`;
  yield '';
  yield '\\1-grams:';
  for (const w of vocabulary) {
    const id = ids.find(w);
    const p = w === BOS ? -99 : log10(uni[id]!);
    yield bo1.has[id]
      ? `${fmt(p)}\t${w}\t${fmt(log10(backoffWeight(bo1.seen[id]!, bo1.lower[id]!)))}`
      : `${fmt(p)}\t${w}`;
  }
  yield '';
  yield '\\2-grams:';
  for (let i = 0; i < bigrams.size; i++) {
    const k = bigrams.key(i);
    const text = `${fmt(log10(bi[i]!))}\t${words[keys.history(k)]} ${words[keys.last(k)]}`;
    yield bo2.has[i] ? `${text}\t${fmt(log10(backoffWeight(bo2.seen[i]!, bo2.lower[i]!)))}` : text;
  }
  yield '';
  yield '\\3-grams:';
  for (let i = 0; i < trigrams.size; i++) {
    if (!tri.kept[i]) continue;
    const k = trigrams.key(i);
    const h = keys.history(k);
    yield `${fmt(log10(tri.prob[i]!))}\t${words[keys.history(h)]} ${words[keys.last(h)]} ${words[keys.last(k)]}`;
  }
  yield '';
  yield '\\end\\';
}

/** An ARPA model loaded for scoring (log10 probabilities and backoffs). */
export interface ArpaModel {
  order: number;
  prob: Map<string, number>;
  backoff: Map<string, number>;
}

/**
 * Parses ARPA text. With `only`, keeps just the n-grams made of those words (and the sentence
 * markers): scoring a few sentences then needs a sliver of a model with millions of n-grams.
 */
export function parseArpa(text: string, only?: ReadonlySet<string>): ArpaModel {
  const prob = new Map<string, number>();
  const backoff = new Map<string, number>();
  const wanted = (words: string[]) => !only || words.every((w) => only.has(w) || w === '<s>' || w === '</s>');
  let n = 0;
  let order = 0;
  for (const line of linesOf(text)) {
    const section = /^\\(\d)-grams:$/.exec(line.trim());
    if (section) {
      n = Number(section[1]);
      order = Math.max(order, n);
      continue;
    }
    if (!n || !line.trim() || line.startsWith('\\')) continue;
    const parts = line.trim().split(/\s+/);
    const words = parts.slice(1, 1 + n);
    if (!wanted(words)) continue;
    const key = words.join(' ');
    prob.set(key, Number(parts[0]));
    if (parts.length > 1 + n) backoff.set(key, Number(parts[1 + n]));
  }
  return { order, prob, backoff };
}

/**
 * The lines of `text`, as split('\n') gives them, one at a time: a large model's millions of lines
 * are never all held at once.
 */
function* linesOf(text: string): Generator<string> {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    yield text.slice(start, end);
    start = end + 1;
  }
  yield text.slice(start);
}

/** log10 P(w | history) with backoff; `oovLog10` for words the model does not know. */
export function logProb(model: ArpaModel, history: string[], w: string, oovLog10 = -7): number {
  if (!model.prob.has(w)) return oovLog10;
  const h = history.slice(-(model.order - 1));
  for (let start = 0; start <= h.length; start++) {
    const ctx = h.slice(start);
    const key = [...ctx, w].join(' ');
    const p = model.prob.get(key);
    if (p !== undefined) {
      let bo = 0;
      // Backoffs of the longer contexts skipped on the way down.
      for (let s = 0; s < start; s++) bo += model.backoff.get(h.slice(s).join(' ')) ?? 0;
      return p + bo;
    }
  }
  return oovLog10;
}

/** Perplexity of sentences under the ARPA model in `text`, reading only the n-grams they can use. */
export function arpaPerplexity(text: string, sentences: string[][], oovLog10 = -7): number {
  return perplexity(parseArpa(text, new Set(sentences.flat())), sentences, oovLog10);
}

/** Perplexity of sentences (token lists) under the model, with sentence boundaries. */
export function perplexity(model: ArpaModel, sentences: string[][], oovLog10 = -7): number {
  let total = 0;
  let count = 0;
  for (const s of sentences) {
    const seq = ['<s>', ...s, '</s>'];
    for (let i = 1; i < seq.length; i++) {
      total += logProb(model, seq.slice(0, i), seq[i]!, oovLog10);
      count++;
    }
  }
  return count ? 10 ** (-total / count) : Number.POSITIVE_INFINITY;
}
