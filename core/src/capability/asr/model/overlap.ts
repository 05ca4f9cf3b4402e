// How much of the evaluation text the language model's training text already contains (issue 17).
// Word 4-grams: a model trained on text that shares long runs with the evaluation sentences scores
// those sentences better than it would score a new dictation, which makes the evaluation flatter
// the model. Some sharing is forced by clinical language itself ("blood pressure one twenty",
// "period he denies chest"): the check allows a share of the evaluation's 4-grams, and fails when
// a sentence is mostly contained in the training text or the overall share is above the limit.

export const OVERLAP_N = 4;

export interface OverlapReport {
  /** Distinct word 4-grams in the evaluation text. */
  evaluationNgrams: number;
  /** How many of them occur in the training text. */
  shared: number;
  share: number;
  /** Evaluation sentences (six words or more) whose 4-grams are mostly (≥ sentenceLimit) in the training text. */
  leakedSentences: { sentence: string; share: number }[];
  /** A few shared 4-grams, for the log. */
  examples: string[];
}

export interface OverlapLimits {
  /** Largest allowed share of evaluation 4-grams found in the training text. */
  maxShare: number;
  /** A sentence counts as leaked when at least this share of its 4-grams is in the training text. */
  sentenceLimit: number;
}

export const DEFAULT_OVERLAP_LIMITS: OverlapLimits = { maxShare: 0.35, sentenceLimit: 0.8 };

export function ngrams(words: readonly string[], n = OVERLAP_N): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/** Evaluation text split into sentences at spoken punctuation and commands. */
export function evaluationSentences(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const w of tokens) {
    if (w === 'period' || w === 'colon' || w === 'comma') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(w);
  }
  if (current.length) out.push(current);
  return out;
}

export function measureOverlap(
  training: readonly (readonly string[])[],
  evaluation: readonly (readonly string[])[],
  limits: OverlapLimits = DEFAULT_OVERLAP_LIMITS,
): OverlapReport {
  const wanted = new Set<string>();
  const sentences = evaluation.flatMap((e) => evaluationSentences(e));
  for (const s of sentences) for (const g of ngrams(s)) wanted.add(g);
  const found = new Set<string>();
  for (const t of training) {
    for (const g of ngrams(t)) if (wanted.has(g)) found.add(g);
    if (found.size === wanted.size) break;
  }
  const leakedSentences: OverlapReport['leakedSentences'] = [];
  for (const s of sentences) {
    const gs = ngrams(s);
    // Short sentences ("history of present illness", "pulse one oh four") are formulas every
    // note shares: only sentences of six words or more can leak.
    if (s.length < 6) continue;
    const share = gs.filter((g) => found.has(g)).length / gs.length;
    if (share >= limits.sentenceLimit)
      leakedSentences.push({ sentence: s.join(' '), share: Math.round(share * 100) / 100 });
  }
  return {
    evaluationNgrams: wanted.size,
    shared: found.size,
    share: wanted.size ? Math.round((found.size / wanted.size) * 1000) / 1000 : 0,
    leakedSentences,
    examples: [...found].slice(0, 10),
  };
}

/** Whether the overlap is within limits (what clinical language forces), with the reasons if not. */
export function overlapProblems(
  report: OverlapReport,
  limits: OverlapLimits = DEFAULT_OVERLAP_LIMITS,
): string[] {
  const problems: string[] = [];
  if (report.share > limits.maxShare)
    problems.push(
      `${(report.share * 100).toFixed(1)}% of the evaluation's word 4-grams are in the training text (limit ${(limits.maxShare * 100).toFixed(0)}%)`,
    );
  for (const l of report.leakedSentences)
    problems.push(`evaluation sentence ${Math.round(l.share * 100)}% in the training text: "${l.sentence}"`);
  return problems;
}
