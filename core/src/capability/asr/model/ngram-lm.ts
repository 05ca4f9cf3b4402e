import type { BackgroundNgrams } from './background-lm';

// A trigram language model in ARPA format, built in TypeScript (issue 7): interpolated
// Kneser-Ney on the domain text, statically interpolated with a background unigram distribution
// (general English) and a uniform share for the lexicon, with backoff weights renormalised so every
// history's distribution sums to one. Pocketsphinx reads the result with `-lm`.

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

const BOS = '<s>';
const EOS = '</s>';
const SEP = '\u0001';

interface Counts {
  c3: Map<string, number>; // "u v w"
  c2: Map<string, number>; // "v w" raw counts
}

export function countNgrams(sentences: Iterable<string[]>): Counts {
  const c3 = new Map<string, number>();
  const c2 = new Map<string, number>();
  for (const words of sentences) {
    const s = [BOS, ...words, EOS];
    for (let i = 1; i < s.length; i++) {
      const k2 = s[i - 1] + SEP + s[i];
      c2.set(k2, (c2.get(k2) ?? 0) + 1);
      if (i >= 2) {
        const k3 = s[i - 2] + SEP + s[i - 1] + SEP + s[i];
        c3.set(k3, (c3.get(k3) ?? 0) + 1);
      }
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

/**
 * Per history (what `historyOf` keeps of an n-gram key): the n-grams' total count and how many
 * distinct words follow it; and the count-of-counts the discounts are estimated from.
 */
function historyStats(counts: Map<string, number>, historyOf: (key: string) => string) {
  const hist = new Map<string, { total: number; types: number }>();
  const coc = new Map<number, number>();
  for (const [k, c] of counts) {
    const h = historyOf(k);
    const e = hist.get(h) ?? { total: 0, types: 0 };
    e.total += c;
    e.types += 1;
    hist.set(h, e);
    coc.set(c, (coc.get(c) ?? 0) + 1);
  }
  return { hist, coc };
}

/** N1+(• rest): for each n-gram minus its first word, how many distinct words preceded it. */
function continuationCounts(keys: Iterable<string>): Map<string, number> {
  const cont = new Map<string, number>();
  for (const k of keys) {
    const rest = k.slice(k.indexOf(SEP) + 1);
    cont.set(rest, (cont.get(rest) ?? 0) + 1);
  }
  return cont;
}

/** Builds the mixed model and returns it as ARPA text. */
export function buildArpa(
  sentences: string[][],
  options: MixOptions,
): { arpa: string; vocabulary: string[]; counts: number[] } {
  const minCount = options.minCount ?? 1;
  const { c3, c2 } = countNgrams(sentences);

  // Kneser-Ney statistics.
  // Trigram level: c(u v •), N1+(u v •).
  const { hist: hist3, coc: coc3 } = historyStats(c3, (k) => k.slice(0, k.lastIndexOf(SEP)));
  // Bigram level uses continuation counts N1+(• v w) (from trigram types), except after <s>.
  const cont2 = continuationCounts(c3.keys());
  // Bigrams starting at <s> have no left context: use raw counts for them.
  for (const [k, c] of c2) if (k.startsWith(BOS + SEP)) cont2.set(k, c);
  for (const k of c2.keys()) if (!cont2.has(k)) cont2.set(k, 1);
  const { hist: hist2, coc: coc2 } = historyStats(cont2, (k) => k.slice(0, k.indexOf(SEP)));
  // Unigram level: N1+(• w).
  const cont1 = continuationCounts(cont2.keys());
  let total1 = 0;
  for (const c of cont1.values()) total1 += c;
  const D3 = discount(coc3);
  const D2 = discount(coc2);

  // Vocabulary: domain words, lexicon, background.
  const lexicon = new Set(options.lexicon);
  const vocab = new Set<string>([...cont1.keys(), ...lexicon, ...options.background.keys()]);
  vocab.delete(BOS);
  vocab.add(EOS);
  const lexShare = Math.max(0, 1 - options.domainWeight - options.backgroundWeight);
  let bgTotal = 0;
  for (const [w, lp] of options.background) if (w !== BOS && w !== EOS) bgTotal += 10 ** lp;
  const pKn1 = (w: string) => (cont1.get(w) ?? 0) / total1;
  const pBg = (w: string) => {
    const lp = options.background.get(w);
    return lp === undefined || w === BOS || w === EOS ? 0 : 10 ** lp / bgTotal;
  };
  const pLex = (w: string) => (lexicon.has(w) ? 1 / lexicon.size : 0);
  const lexOrBg = (w: string) => options.backgroundWeight * pBg(w) + lexShare * pLex(w);
  // The domain model's unigram level is itself smoothed towards the rest.
  const pMix1 = (w: string) => options.domainWeight * pKn1(w) + lexOrBg(w);

  const pKn2 = (v: string, w: string) => {
    const h = hist2.get(v);
    if (!h) return pKn1(w);
    const c = cont2.get(v + SEP + w) ?? 0;
    return Math.max(c - D2, 0) / h.total + ((D2 * h.types) / h.total) * pKn1(w);
  };
  const pKn3 = (u: string, v: string, w: string) => {
    const h = hist3.get(u + SEP + v);
    if (!h) return pKn2(v, w);
    const c = c3.get(u + SEP + v + SEP + w) ?? 0;
    return Math.max(c - D3, 0) / h.total + ((D3 * h.types) / h.total) * pKn2(v, w);
  };
  const bg = options.backgroundNgrams;
  const pBg2 = (v: string, w: string) => {
    const lp = bg?.bigram(v, w);
    return lp === undefined ? pBg(w) : 10 ** lp;
  };
  const pBg3 = (u: string, v: string, w: string) => {
    const lp = bg?.trigram(u, v, w);
    return lp === undefined ? pBg2(v, w) : 10 ** lp;
  };
  // Without the background's n-grams pBg2 and pBg3 fall back to its unigrams (lexOrBg's mix).
  const pMix2 = (v: string, w: string) =>
    options.domainWeight * pKn2(v, w) + options.backgroundWeight * pBg2(v, w) + lexShare * pLex(w);
  const pMix3 = (u: string, v: string, w: string) =>
    options.domainWeight * pKn3(u, v, w) + options.backgroundWeight * pBg3(u, v, w) + lexShare * pLex(w);

  // Explicit n-grams: the domain's, and the background's among words of the vocabulary. A trigram's
  // history and its last two words are bigrams too (ARPA looks its backoff up there).
  const trigrams = new Set([...c3.entries()].filter(([, c]) => c >= minCount).map(([k]) => k));
  const bigramSet = new Set(
    [...cont2.keys()].filter((k) => (c2.get(k) ?? 0) >= minCount || k.startsWith(BOS + SEP)),
  );
  if (bg) {
    const history = (w: string) => w === BOS || (w !== EOS && vocab.has(w));
    for (const [v, w] of bg.bigrams) if (history(v) && vocab.has(w)) bigramSet.add(v + SEP + w);
    for (const [u, v, w] of bg.trigrams)
      if (history(u) && history(v) && vocab.has(w)) trigrams.add(u + SEP + v + SEP + w);
    for (const k of trigrams) {
      bigramSet.add(k.slice(0, k.lastIndexOf(SEP)));
      bigramSet.add(k.slice(k.indexOf(SEP) + 1));
    }
  }
  const bigrams = [...bigramSet];

  // Probabilities and backoff weights (renormalised).
  const uni = new Map<string, number>();
  for (const w of vocab) uni.set(w, pMix1(w));
  let uniSum = 0;
  for (const p of uni.values()) uniSum += p;
  for (const [w, p] of uni) uni.set(w, p / uniSum);
  uni.set(BOS, 0);

  const bi = new Map<string, number>();
  const biByHist = new Map<string, string[]>();
  for (const k of bigrams) {
    const [v, w] = k.split(SEP) as [string, string];
    bi.set(k, pMix2(v, w));
    const list = biByHist.get(v) ?? [];
    list.push(w);
    biByHist.set(v, list);
  }
  const bo1 = new Map<string, number>();
  for (const [v, ws] of biByHist) {
    let seen = 0;
    let lower = 0;
    for (const w of ws) {
      seen += bi.get(v + SEP + w)!;
      lower += uni.get(w) ?? 0;
    }
    bo1.set(v, Math.max(1e-12, 1 - seen) / Math.max(1e-12, 1 - lower));
  }
  const tri = new Map<string, number>();
  const triByHist = new Map<string, string[]>();
  for (const k of trigrams) {
    const [u, v, w] = k.split(SEP) as [string, string, string];
    if (!bi.has(v + SEP + w)) continue;
    tri.set(k, pMix3(u, v, w));
    const h = u + SEP + v;
    const list = triByHist.get(h) ?? [];
    list.push(w);
    triByHist.set(h, list);
  }
  const bo2 = new Map<string, number>();
  const pBi = (v: string, w: string) => bi.get(v + SEP + w) ?? (bo1.get(v) ?? 1) * (uni.get(w) ?? 0);
  for (const [h, ws] of triByHist) {
    const v = h.slice(h.indexOf(SEP) + 1);
    let seen = 0;
    let lower = 0;
    for (const w of ws) {
      seen += tri.get(h + SEP + w)!;
      lower += pBi(v, w);
    }
    bo2.set(h, Math.max(1e-12, 1 - seen) / Math.max(1e-12, 1 - lower));
  }
  // Trigram histories must exist as bigrams for ARPA.
  for (const h of triByHist.keys()) if (!bi.has(h)) throw new Error(`missing bigram for history ${h}`);

  const lines: string[] = [];
  const sortedVocab = [...vocab, BOS].sort();
  lines.push(
    '\\data\\',
    `ngram 1=${sortedVocab.length}`,
    `ngram 2=${bi.size}`,
    `ngram 3=${tri.size}`,
    '',
    '\\1-grams:',
  );
  for (const w of sortedVocab) {
    const p = w === BOS ? -99 : log10(uni.get(w)!);
    const bo = bo1.get(w);
    lines.push(bo === undefined ? `${fmt(p)}\t${w}` : `${fmt(p)}\t${w}\t${fmt(log10(bo))}`);
  }
  lines.push('', '\\2-grams:');
  for (const [k, p] of bi) {
    const bo = bo2.get(k);
    const words = k.replaceAll(SEP, ' ');
    lines.push(
      bo === undefined ? `${fmt(log10(p))}\t${words}` : `${fmt(log10(p))}\t${words}\t${fmt(log10(bo))}`,
    );
  }
  lines.push('', '\\3-grams:');
  for (const [k, p] of tri) lines.push(`${fmt(log10(p))}\t${k.replaceAll(SEP, ' ')}`);
  lines.push('', '\\end\\', '');
  return { arpa: lines.join('\n'), vocabulary: sortedVocab, counts: [sortedVocab.length, bi.size, tri.size] };
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
  for (const line of text.split('\n')) {
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
