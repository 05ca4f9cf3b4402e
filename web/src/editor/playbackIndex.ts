// Which word is playing at time t: a flat, sorted index over all words, rebuilt only when the
// document version changes, so the per-frame lookup during playback is one binary search.
import { offsetsOf, type Para, type Word, wordIndexAt } from './wordModel';

export class PlaybackIndex {
  private version = -1;
  private words: Word[] = [];
  /** Running maximum of the starts: edited words may be out of order, the search needs sorted keys. */
  private starts = new Float64Array(0);
  private para = new Int32Array(0);
  private off = new Int32Array(0);

  /**
   * The index of the word playing at time `t` (seconds) in `paras` at document `version`, or -1.
   * An index, not an object: this runs on every audio frame and must not allocate.
   */
  indexAt(paras: readonly Para[], version: number, t: number): number {
    if (version !== this.version) this.build(paras, version);
    return wordIndexAt(this.starts, t);
  }

  word(i: number): Word {
    return this.words[i]!;
  }

  /** Paragraph of word `i`. */
  paraOf(i: number): number {
    return this.para[i]!;
  }

  /** Character offset of word `i` in its paragraph. */
  offsetOf(i: number): number {
    return this.off[i]!;
  }

  invalidate() {
    this.version = -1;
  }

  private build(paras: readonly Para[], version: number) {
    let n = 0;
    for (const p of paras) n += p.words.length;
    this.words = new Array(n);
    this.starts = new Float64Array(n);
    this.para = new Int32Array(n);
    this.off = new Int32Array(n);
    let k = 0;
    let max = Number.NEGATIVE_INFINITY;
    paras.forEach((p, pi) => {
      const o = offsetsOf(p);
      p.words.forEach((w, wi) => {
        this.words[k] = w;
        max = Math.max(max, w.start);
        this.starts[k] = max;
        this.para[k] = pi;
        this.off[k++] = o[wi]!;
      });
    });
    this.version = version;
  }
}
