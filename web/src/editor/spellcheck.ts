// The server's medical spell check in the editor: the words in view are checked once typing
// pauses (and when other paragraphs scroll into view), misspelled ones are underlined, and a
// suggestions menu replaces or ignores one. If the server has no spell check, the browser's
// own comes back.
import type { SessionContext } from './sessionState';
import { SpellingClient } from './spelling';
import type { SpellTarget } from './spellMarks';

/** The spell check runs once typing pauses this long. */
export const SPELL_PAUSE_MS = 700;

export class SpellcheckController {
  readonly client = new SpellingClient();
  private timer: number | null = null;

  constructor(private s: SessionContext) {}

  /** Whether the server's check is in use (then the browser's is off: no word is flagged twice). */
  get available() {
    return this.client.available;
  }

  schedule(delayMs = SPELL_PAUSE_MS) {
    if (!this.client.available || this.s.destroyed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
  }

  destroy() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Check the words in view that the server has not judged yet; underline the misspelled ones. */
  async run() {
    const ed = this.s.editor;
    if (!ed || this.s.destroyed) return;
    const changed = await this.client.check(ed.visibleWords());
    if (ed !== this.s.editor) return;
    if (!this.client.available) {
      ed.setNativeSpellcheck(true);
      return;
    }
    if (changed) ed.setMisspelled(this.client.misspelled());
  }

  openMenu(target: SpellTarget) {
    this.s.player?.pause();
    this.s.store.set({ spellMenu: { target, suggestions: this.client.suggestions(target.word) } });
  }

  /** Replace the word of the open suggestions menu. */
  apply(replacement: string) {
    const m = this.takeMenu();
    if (!m) return;
    m.editor.replaceMisspelled(m.target, replacement);
    m.editor.focus();
  }

  /** Stop flagging the menu's word in this editor session. */
  ignore() {
    const m = this.takeMenu();
    if (!m) return;
    this.client.ignore(m.target.word);
    m.editor.setMisspelled(this.client.misspelled());
    m.editor.focus();
  }

  close() {
    if (!this.s.store.get().spellMenu) return;
    this.s.store.set({ spellMenu: null });
    this.s.editor?.focus();
  }

  /** Close the menu, handing back its word and the editor if both are still there. */
  private takeMenu() {
    const menu = this.s.store.get().spellMenu;
    this.s.store.set({ spellMenu: null });
    const editor = this.s.editor;
    return menu && editor ? { target: menu.target, editor } : null;
  }
}
