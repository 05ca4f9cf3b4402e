// The editor's side of the server's medical spell check (POST /spellcheck). The browser keeps no
// word list: it asks the server about the words in view, remembers the answers for this editor
// session (in memory only — the words are patient data), and the editor underlines the misspelled
// ones. A server without the route (or a failing one) turns the browser's own checker back on.
import { ApiError, api } from '../api/client';

const MAX_PER_CALL = 2000;

export class SpellingClient {
  /** word → null when correct, else its suggestions. */
  private known = new Map<string, string[] | null>();
  private ignored = new Set<string>();
  private inflight: Promise<boolean> | null = null;
  private flagged: ReadonlySet<string> = new Set();
  /** False once the server said it has no spell check (404/403/501): use the browser's. */
  available = true;

  /** Words the server has not been asked about yet. */
  unknown(words: readonly string[]): string[] {
    return words.filter((w) => !this.known.has(w));
  }

  /**
   * Ask about the words not yet known; resolves true when the set of flagged words changed.
   * One request at a time: words that arrive meanwhile wait for the next call.
   */
  async check(words: readonly string[]): Promise<boolean> {
    if (!this.available) return false;
    if (this.inflight) await this.inflight.catch(() => false);
    const todo = this.unknown(words);
    if (todo.length === 0) return false;
    this.inflight = this.ask(todo);
    try {
      return await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  private async ask(words: string[]): Promise<boolean> {
    let changed = false;
    for (let i = 0; i < words.length; i += MAX_PER_CALL) {
      const batch = words.slice(i, i + MAX_PER_CALL);
      let res: Awaited<ReturnType<typeof api.spellcheck>>;
      try {
        res = await api.spellcheck(batch);
      } catch (e) {
        if (e instanceof ApiError && [403, 404, 405, 501].includes(e.status)) this.available = false;
        return changed; // offline or a server error: the words stay unknown and are asked again later
      }
      const bad = new Map(res.misspelled.map((m) => [m.word, m.suggestions]));
      for (const w of batch) {
        const s = bad.get(w) ?? null;
        this.known.set(w, s);
        if (s && !this.ignored.has(w)) changed = true;
      }
    }
    if (changed) this.rebuild();
    return changed;
  }

  /** The words to underline. */
  misspelled(): ReadonlySet<string> {
    return this.flagged;
  }

  suggestions(word: string): string[] {
    return this.known.get(word) ?? [];
  }

  /** Stop flagging a word for the rest of this editor session. */
  ignore(word: string) {
    this.ignored.add(word);
    this.rebuild();
  }

  private rebuild() {
    const s = new Set<string>();
    for (const [w, sug] of this.known) if (sug && !this.ignored.has(w)) s.add(w);
    this.flagged = s;
  }
}
