// The transcript as the editor keeps it: paragraphs of words, every word with its audio timing.
// Pure functions only (no DOM), so they are unit-testable and cheap.
//
// Text model: document text = paragraphs joined by "\n"; paragraph text = lead whitespace, then
// each word's text followed by its trailing whitespace (`ws`, spaces/tabs only). A word is a maximal
// run of non-whitespace characters, so punctuation stays attached ("allergies.").
//
// Word objects are immutable: an edit makes new objects, so a snapshot of the paragraph array is a
// complete undo state and identity tells "unchanged" from "edited".

import type { TranscriptWord } from '../api/types';

export interface Word {
  readonly text: string;
  /** Whitespace after the word (within the paragraph). */
  readonly ws: string;
  readonly start: number;
  readonly end: number;
  readonly conf: number;
  /** Set for a blank inserted in this session (or matched to a server blank on load). */
  readonly blankId?: string;
  /**
   * Typed or edited in this session (not the engine's word as recognised). Consecutive typed words
   * share the audio span they took over, so retyping several words a keystroke at a time keeps the
   * replaced span (see `retime`).
   */
  readonly typed?: boolean;
  /** The engine put this word over silence: shown with its own mark until typed over or accepted. */
  readonly overSilence?: boolean;
}

export interface Para {
  readonly lead: string;
  readonly words: readonly Word[];
}

export const BLANK_TEXT = '___';
/** Confidence given to words a person typed or corrected. */
export const HUMAN_CONFIDENCE = 1;

const WS = /[ \t\u00a0]/;
export const isWs = (ch: string) => WS.test(ch);

export interface Token {
  text: string;
  ws: string;
  /** Character offset of the token within the tokenized string. */
  at: number;
}

/** Split one paragraph's text (no newlines) into lead whitespace and tokens with trailing ws. */
export function tokenize(s: string): { lead: string; tokens: Token[] } {
  const tokens: Token[] = [];
  let i = 0;
  const n = s.length;
  while (i < n && isWs(s[i]!)) i++;
  const lead = s.slice(0, i);
  while (i < n) {
    const at = i;
    while (i < n && !isWs(s[i]!)) i++;
    const text = s.slice(at, i);
    const wsAt = i;
    while (i < n && isWs(s[i]!)) i++;
    tokens.push({ text, ws: s.slice(wsAt, i).replace(/\u00a0/g, ' '), at });
  }
  return { lead: lead.replace(/\u00a0/g, ' '), tokens };
}

export function paraText(p: Para): string {
  let s = p.lead;
  for (const w of p.words) s += w.text + w.ws;
  return s;
}

export function documentText(paras: readonly Para[]): string {
  return paras.map(paraText).join('\n');
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function serialize(paras: readonly Para[]): { text: string; words: TranscriptWord[] } {
  const words: TranscriptWord[] = [];
  for (const p of paras)
    for (const w of p.words)
      words.push({ text: w.text, start: round3(w.start), end: round3(w.end), confidence: round3(w.conf) });
  return { text: documentText(paras), words };
}

/** Normalised form for matching engine words to text tokens. */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Fill runs of words without timing (NaN start) by interpolating between their timed neighbours.
 * `before`/`after` are the nearest timed neighbours outside the array (if any); `now` (the audio
 * position) is used when a side has no neighbour, so text typed while listening lands near the audio.
 */
export function interpolate(
  words: Word[],
  before: { end: number } | null,
  after: { start: number } | null,
  now: number,
): Word[] {
  const out = words.slice();
  let i = 0;
  while (i < out.length) {
    if (!Number.isNaN(out[i]!.start)) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && Number.isNaN(out[j]!.start)) j++;
    const left = i > 0 ? out[i - 1]!.end : before ? before.end : null;
    const right = j < out.length ? out[j]!.start : after ? after.start : null;
    let lo: number;
    let hi: number;
    if (left !== null && right !== null) {
      lo = left;
      hi = Math.max(left, right);
    } else if (left !== null) {
      lo = left;
      hi = Math.max(left, now);
    } else if (right !== null) {
      hi = right;
      lo = Math.min(now, right);
    } else {
      lo = hi = Math.max(0, now);
    }
    const count = j - i;
    const step = (hi - lo) / count;
    for (let k = 0; k < count; k++) {
      const w = out[i + k]!;
      out[i + k] = { ...w, start: lo + step * k, end: lo + step * (k + 1) };
    }
    i = j;
  }
  return out;
}

/**
 * Build the document from the server's text and engine words. The text may have been formatted
 * (headings, punctuation, paragraphs), so tokens are aligned to words by normalised text with a
 * bounded look-ahead (linear time); unmatched tokens get interpolated timings.
 */
export function parseDocument(text: string, words: readonly TranscriptWord[], durationSec = 0): Para[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tokenized = lines.map(tokenize);
  const flat: Token[] = [];
  for (const t of tokenized) for (const tok of t.tokens) flat.push(tok);

  const timing: ({ start: number; end: number; conf: number; silent: boolean } | null)[] = new Array(
    flat.length,
  ).fill(null);
  const valid = (w: TranscriptWord | undefined) =>
    !!w && Number.isFinite(w.start) && Number.isFinite(w.end) && w.end >= w.start;

  if (words.length > 0) {
    // Greedy alignment on normalised text with a bounded look-ahead: linear time, and exact
    // one-to-one when the text is the engine's own output.
    const LOOK = 24;
    const wn = words.map((w) => norm(w.text));
    const tn = flat.map((t) => norm(t.text));
    const take = (ti: number, a: number, b: number) => {
      const first = words[a]!;
      const last = words[b]!;
      if (!valid(first) || !valid(last)) return;
      let conf = 1;
      let silent = false;
      for (let m = a; m <= b; m++) {
        conf = Math.min(conf, clampConf(words[m]!.confidence));
        silent ||= words[m]!.overSilence === true;
      }
      timing[ti] = { start: first.start, end: last.end, conf, silent };
    };
    let wi = 0;
    for (let ti = 0; ti < flat.length && wi < words.length; ti++) {
      const t = tn[ti]!;
      if (!t) continue;
      if (wn[wi] === t) {
        take(ti, wi, wi);
        wi++;
        continue;
      }
      // One token made of several engine words ("follow-up" vs "follow", "up").
      let acc = '';
      let k = wi;
      while (k < words.length && acc.length < t.length && t.startsWith(acc + wn[k]!)) acc += wn[k++]!;
      if (acc === t && k > wi) {
        take(ti, wi, k - 1);
        wi = k;
        continue;
      }
      // Substitution ("2" for "two"): the next token lines up with the next word.
      const nextT = tn[ti + 1];
      if (nextT !== undefined && nextT !== '' && wn[wi + 1] === nextT) {
        take(ti, wi, wi);
        wi++;
        continue;
      }
      // Otherwise look ahead for the token (engine words the text dropped).
      let found = -1;
      for (let m = wi + 1; m < Math.min(words.length, wi + LOOK); m++) {
        if (wn[m] === t) {
          found = m;
          break;
        }
      }
      if (found >= 0) {
        take(ti, found, found);
        wi = found + 1;
      }
      // else: a token the engine never said (a heading, say): interpolated below.
    }
  }

  const all: Word[] = flat.map((t, i) => {
    const tm = timing[i];
    return tm
      ? {
          text: t.text,
          ws: t.ws,
          start: tm.start,
          end: tm.end,
          conf: tm.conf,
          ...(tm.silent ? { overSilence: true } : {}),
        }
      : { text: t.text, ws: t.ws, start: Number.NaN, end: Number.NaN, conf: HUMAN_CONFIDENCE };
  });
  const filled = interpolate(all, null, durationSec > 0 ? { start: durationSec } : null, 0);
  const paras: Para[] = [];
  let k = 0;
  for (const t of tokenized) {
    paras.push({ lead: t.lead, words: filled.slice(k, k + t.tokens.length) });
    k += t.tokens.length;
  }
  return paras;
}

function clampConf(c: number | undefined): number {
  if (typeof c !== 'number' || Number.isNaN(c)) return HUMAN_CONFIDENCE;
  return Math.min(1, Math.max(0, c));
}

/** A run of characters with the word it came from (if any). */
export interface Piece {
  text: string;
  /** The word these characters belong to, or null for whitespace and newly typed text. */
  src: Word | null;
  /** Index of the piece's first character within `src.text`. */
  offset?: number;
  /** How many characters of `src` each character stands for (text typed over a longer word). */
  width?: number;
}

/**
 * Re-derive words from edited text. Tokens made exactly of one unchanged word keep that Word
 * (identity, timing, confidence); edited tokens keep the time of the characters they came from
 * (proportionally within each source word); typed tokens get NaN timing, to be interpolated.
 */
export function deriveWords(pieces: readonly Piece[]): { lead: string; words: Word[] } {
  let s = '';
  const srcOf: (Word | null)[] = [];
  const ordOf: number[] = [];
  const widthOf: number[] = [];
  for (const p of pieces) {
    s += p.text;
    const base = p.offset ?? 0;
    const width = p.width ?? 1;
    for (let i = 0; i < p.text.length; i++) {
      srcOf.push(p.src);
      ordOf.push(base + i * width);
      widthOf.push(width);
    }
  }
  const { lead, tokens } = tokenize(s);
  // How many tokens each source word's characters ended up in: a word whose characters all stay
  // in one token (edited, shortened, merged with a neighbour) gives that token its whole time.
  const spread = new Map<Word, number>();
  for (const t of tokens) {
    let prev: Word | null = null;
    const seen = new Set<Word>();
    for (let i = t.at; i < t.at + t.text.length; i++) {
      const w = srcOf[i];
      if (w && w !== prev && !seen.has(w)) {
        seen.add(w);
        spread.set(w, (spread.get(w) ?? 0) + 1);
      }
      prev = w ?? prev;
    }
  }
  const words: Word[] = tokens.map((t) => {
    const a = t.at;
    const b = t.at + t.text.length;
    const first = srcOf[a];
    // Unchanged: every character from one word, in order, all of it.
    if (first && first.text === t.text && ordOf[a] === 0) {
      let same = true;
      for (let i = a; i < b && same; i++)
        if (srcOf[i] !== first || ordOf[i] !== i - a || widthOf[i] !== 1) same = false;
      if (same) return first.ws === t.ws ? first : { ...first, ws: t.ws };
    }
    let start = Number.NaN;
    let end = Number.NaN;
    for (let i = a; i < b; i++) {
      const w = srcOf[i];
      if (!w) continue;
      let cs = w.start;
      let ce = w.end;
      if ((spread.get(w) ?? 0) > 1) {
        // The word was split: each part keeps the time of its own characters.
        const dur = w.end - w.start;
        const L = Math.max(1, w.text.length);
        cs = w.start + (dur * ordOf[i]!) / L;
        ce = w.start + (dur * Math.min(L, ordOf[i]! + widthOf[i]!)) / L;
      }
      if (Number.isNaN(start)) start = cs;
      end = Number.isNaN(end) ? ce : Math.max(end, ce);
    }
    return { text: t.text, ws: t.ws, start, end, conf: HUMAN_CONFIDENCE, typed: true };
  });
  return { lead, words };
}

/** Shortest audio span a word gets inside speech (seconds). */
export const MIN_WORD_SEC = 0.04;

const weight = (w: Word) => Math.max(1, w.text.length);

/**
 * Give typed words their audio spans after an edit. Each run of consecutive typed (or untimed)
 * words shares one span: the span its characters came from (the words it replaced), or, for words
 * with no source at all, the gap between the neighbouring words; the span is spread over the run
 * in proportion to word length. So replacing several words keeps the replaced span's start and
 * end, words stay in time order, and no word has end < start. A run squeezed into less than
 * MIN_WORD_SEC per word (typed between two words that touch) widens into the gaps around it, then
 * takes up to half of each neighbouring engine word inside `words` — never a zero span inside speech.
 * `before`/`after` are the nearest timed words outside `words`; `now` (the audio position) times
 * text typed where one side has no neighbour, as in `interpolate`.
 */
export function retime(
  words: readonly Word[],
  before: { end: number } | null,
  after: { start: number } | null,
  now: number,
  /** The audio span of the text the edit replaced (`replacedSpan`): the run that took its place keeps all of it. */
  replaced: { start: number; end: number } | null = null,
): Word[] {
  const out = words.slice();
  const n = out.length;
  let i = 0;
  while (i < n) {
    const w0 = out[i]!;
    if (!w0.typed && !Number.isNaN(w0.start)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && (out[j]!.typed || Number.isNaN(out[j]!.start))) j++;
    const prevBound: number | null = i > 0 ? out[i - 1]!.end : before ? before.end : null;
    let nextBound: number | null = j < n ? out[j]!.start : after ? after.start : null;
    if (prevBound !== null && nextBound !== null && nextBound < prevBound) nextBound = prevBound;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let k = i; k < j; k++) {
      const w = out[k]!;
      if (Number.isFinite(w.start)) lo = Math.min(lo, w.start);
      if (Number.isFinite(w.end)) hi = Math.max(hi, w.end);
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || (hi <= lo && !replaced)) {
      // Nothing it replaced (or only a zero-length mark such as a blank's "___"): the gap between
      // the neighbours (or up to the audio position).
      if (prevBound !== null && nextBound !== null) {
        lo = prevBound;
        hi = nextBound;
      } else if (prevBound !== null) {
        lo = prevBound;
        hi = Math.max(prevBound, now);
      } else if (nextBound !== null) {
        hi = nextBound;
        lo = Math.min(Math.max(0, now), nextBound);
      } else lo = hi = Math.max(0, now);
    } else {
      if (hi < lo) hi = lo;
      if (replaced && Math.min(hi, replaced.end) - Math.max(lo, replaced.start) > 0) {
        lo = Math.min(lo, replaced.start);
        hi = Math.max(hi, replaced.end);
      }
      // Typed after the last timed word while listening: up to the audio position.
      if (nextBound === null && Number.isNaN(out[j - 1]!.start)) hi = Math.max(hi, now);
      if (prevBound === null && Number.isNaN(out[i]!.start)) lo = Math.max(0, Math.min(lo, now));
    }
    if (prevBound !== null && lo < prevBound) lo = prevBound;
    if (nextBound !== null && hi > nextBound) hi = nextBound;
    if (hi < lo) hi = lo;
    const count = j - i;
    const need = MIN_WORD_SEC * count;
    if (hi - lo < need) {
      // Widen into the silence around the run first, then borrow from the touching words.
      const floor = prevBound ?? 0;
      lo = Math.max(floor, lo - (need - (hi - lo)) / 2);
      hi = nextBound === null ? Math.max(hi, lo + need) : Math.min(nextBound, Math.max(hi, lo + need));
      if (hi - lo < need) lo = Math.max(floor, hi - need);
      // Borrow only what leaves the neighbour MIN_WORD_SEC; if the run still has no span at all,
      // take a third of a neighbour (it keeps two thirds: repeated edits never wear it to zero).
      const lend = (w: Word, want: number) =>
        hi - lo <= 0 && want > 0
          ? Math.max(Math.min(want, Math.max(0, w.end - w.start - MIN_WORD_SEC)), (w.end - w.start) / 3)
          : Math.min(want, Math.max(0, w.end - w.start - MIN_WORD_SEC));
      let short = need - (hi - lo);
      const prev = i > 0 && !out[i - 1]!.typed && out[i - 1]!.end === lo ? out[i - 1]! : null;
      const next = j < n && !out[j]!.typed && out[j]!.start === hi ? out[j]! : null;
      if (short > 0 && prev) {
        const take = lend(prev, next ? short / 2 : short);
        if (take > 0) {
          out[i - 1] = { ...prev, end: prev.end - take };
          lo -= take;
          short -= take;
        }
      }
      if (short > 0 && next) {
        const take = lend(next, short);
        if (take > 0) {
          out[j] = { ...next, start: next.start + take };
          hi += take;
          short -= take;
        }
      }
      if (short > 0 && prev && out[i - 1] !== prev) {
        const p = out[i - 1]!;
        const take = Math.min(short, Math.max(0, p.end - p.start - MIN_WORD_SEC));
        if (take > 0) {
          out[i - 1] = { ...p, end: p.end - take };
          lo -= take;
        }
      }
    }
    let total = 0;
    for (let k = i; k < j; k++) total += weight(out[k]!);
    let acc = 0;
    const span = hi - lo;
    for (let k = i; k < j; k++) {
      const w = out[k]!;
      const s = lo + (span * acc) / total;
      acc += weight(w);
      const e = k === j - 1 ? hi : lo + (span * acc) / total;
      if (w.start !== s || w.end !== e || !w.typed) out[k] = { ...w, start: s, end: e, typed: true };
    }
    i = j;
  }
  return out;
}

/**
 * Text typed over a selection takes the time of what it replaced: inserted character j stands for
 * deleted character ⌊j·deleted/inserted⌋ (so retyping a misrecognised word keeps its timing).
 */
export function replacementPieces(deleted: readonly Piece[], inserted: string): Piece[] {
  const src: (Word | null)[] = [];
  const ord: number[] = [];
  for (const p of deleted)
    for (let i = 0; i < p.text.length; i++) {
      src.push(p.src);
      ord.push((p.offset ?? 0) + i);
    }
  if (!inserted || !src.some(Boolean)) return inserted ? [{ text: inserted, src: null }] : [];
  const out: Piece[] = [];
  const D = src.length;
  const I = inserted.length;
  for (let j = 0; j < I; j++) {
    const ch = inserted[j]!;
    const k0 = Math.min(D - 1, Math.floor((j * D) / I));
    const k1 = Math.max(k0 + 1, Math.min(D, Math.floor(((j + 1) * D) / I)));
    const w = isWs(ch) || ch === '\n' ? null : src[k0]!;
    // The character stands for deleted characters k0..k1 of the same word.
    let k = k0;
    while (k + 1 < k1 && src[k + 1] === w) k++;
    const width = w ? ord[k]! - ord[k0]! + 1 : 1;
    const last = out.at(-1);
    if (
      last &&
      last.src === w &&
      width === 1 &&
      (last.width ?? 1) === 1 &&
      (!w || (last.offset ?? 0) + last.text.length === ord[k0])
    )
      last.text += ch;
    else
      out.push(
        w ? { text: ch, src: w, offset: ord[k0]!, ...(width > 1 ? { width } : {}) } : { text: ch, src: null },
      );
  }
  return out;
}

const textCache = new WeakMap<Para, string>();
const offsetCache = new WeakMap<Para, Int32Array>();

/** paraText, cached per (immutable) paragraph. */
export function textOf(p: Para): string {
  let s = textCache.get(p);
  if (s === undefined) {
    s = paraText(p);
    textCache.set(p, s);
  }
  return s;
}

/** Record a paragraph's text when it is already known (avoids joining a long paragraph again). */
export function primeText(p: Para, text: string) {
  textCache.set(p, text);
}

/** Character offset of each word within its paragraph's text, cached. */
export function offsetsOf(p: Para): Int32Array {
  let o = offsetCache.get(p);
  if (!o) {
    o = new Int32Array(p.words.length);
    let pos = p.lead.length;
    for (let i = 0; i < p.words.length; i++) {
      o[i] = pos;
      pos += p.words[i]!.text.length + p.words[i]!.ws.length;
    }
    offsetCache.set(p, o);
  }
  return o;
}

/** Index of the unit (word + its trailing whitespace) containing `pos`; -1 for the lead. */
export function unitAt(p: Para, pos: number): number {
  return lastAtOrBelow(offsetsOf(p), pos);
}

/** The characters of p's text in [from, to), as pieces attributed to their words. */
export function piecesOf(p: Para, from: number, to: number): Piece[] {
  const out: Piece[] = [];
  if (to <= from) return out;
  const o = offsetsOf(p);
  const text = textOf(p);
  let i = Math.max(0, unitAt(p, from));
  let pos = from;
  if (o.length === 0 || from < o[0]!) {
    const leadEnd = Math.min(to, o.length ? o[0]! : text.length);
    if (leadEnd > pos) out.push({ text: text.slice(pos, leadEnd), src: null });
    pos = leadEnd;
  }
  for (; i < o.length && pos < to; i++) {
    const w = p.words[i]!;
    const ws = o[i]!;
    const we = ws + w.text.length;
    const ue = we + w.ws.length;
    if (pos < we) {
      const a = Math.max(pos, ws);
      const b = Math.min(to, we);
      if (b > a) out.push({ text: w.text.slice(a - ws, b - ws), src: w, offset: a - ws });
      pos = b;
    }
    if (pos < to && pos < ue) {
      const b = Math.min(to, ue);
      out.push({ text: text.slice(pos, b), src: null });
      pos = b;
    }
  }
  return out;
}

/** Nearest timed word before paragraph `pi`, word `wi` (exclusive), scanning back across paragraphs. */
export function timedBefore(paras: readonly Para[], pi: number, wi: number): Word | null {
  for (let p = Math.min(pi, paras.length - 1); p >= 0; p--) {
    const ws = paras[p]!.words;
    for (let i = p === pi ? Math.min(wi, ws.length) - 1 : ws.length - 1; i >= 0; i--)
      if (!Number.isNaN(ws[i]!.start)) return ws[i]!;
  }
  return null;
}

/** Nearest timed word after paragraph `pi`, word `wi` (exclusive). */
export function timedAfter(paras: readonly Para[], pi: number, wi: number): Word | null {
  for (let p = Math.max(pi, 0); p < paras.length; p++) {
    const ws = paras[p]!.words;
    for (let i = p === pi ? wi + 1 : 0; i < ws.length; i++) if (!Number.isNaN(ws[i]!.start)) return ws[i]!;
  }
  return null;
}

/** Index of the last word whose start is <= t (binary search over a sorted starts array), or -1. */
export function wordIndexAt(starts: Float64Array, t: number): number {
  return lastAtOrBelow(starts, t);
}

/** Index of the last element <= x in an ascending array (binary search), or -1. */
function lastAtOrBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Heading lines of a template ("HISTORY OF PRESENT ILLNESS:"), for styling. */
export function looksLikeHeading(p: Para): boolean {
  if (p.words.length === 0 || p.words.length > 8) return false;
  const last = p.words[p.words.length - 1]!.text;
  if (!last.endsWith(':')) return false;
  for (const w of p.words) if (w.text !== w.text.toUpperCase()) return false;
  return true;
}

/** The audio span of some characters (pieces of words): from the first one's time to the last one's. */
export function replacedSpan(pieces: readonly Piece[]): { start: number; end: number } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    const w = p.src;
    if (!w || !p.text || !Number.isFinite(w.start) || !Number.isFinite(w.end)) continue;
    const L = Math.max(1, w.text.length);
    const dur = w.end - w.start;
    const o = p.offset ?? 0;
    start = Math.min(start, w.start + (dur * o) / L);
    end = Math.max(end, w.start + (dur * Math.min(L, o + p.text.length)) / L);
  }
  return end > start ? { start, end } : null;
}

/**
 * Replace characters [from, to) of one paragraph with `text` (no newlines), as the editor does:
 * the new text takes the time of what it replaced, then `retime` spreads it. Pure; for tests and
 * model-level edits.
 */
export function editPara(
  p: Para,
  from: number,
  to: number,
  text: string,
  before: { end: number } | null = null,
  after: { start: number } | null = null,
  now = 0,
): Para {
  const len = textOf(p).length;
  const deleted = piecesOf(p, from, to);
  const d = deriveWords([
    ...piecesOf(p, 0, from),
    ...replacementPieces(deleted, text),
    ...piecesOf(p, to, len),
  ]);
  return { lead: d.lead, words: retime(d.words, before, after, now, text ? replacedSpan(deleted) : null) };
}
