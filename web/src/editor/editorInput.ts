// What a beforeinput event means for the transcript. Typing and deleting inside one paragraph is
// left to the browser (cheap, keeps IME and spell-check replacement native) and only opens an
// undo step; everything that changes the paragraph structure — Enter, paste, deleting across or
// joining paragraphs, multi-line text, text expanders — is cancelled and done on the model.
import type { Caret } from './caretMapping';

/** The editor operations the input handling uses. */
export interface BeforeInputHost {
  isComposing(): boolean;
  flush(): void;
  selection(): [Caret, Caret] | null;
  paraLength(pi: number): number;
  paraCount(): number;
  undo(): void;
  redo(): void;
  checkpoint(kind: string, force?: boolean): void;
  replaceRange(a: Caret, b: Caret, text: string): void;
  /** Expand an abbreviation just before caret `c` (ended by `typed`); false if there is none. */
  tryExpand(c: Caret, typed: string): boolean;
}

/** Keys that end a word and so trigger a text expander. */
const EXPANDER_END = /[\s.,;:!?)]/;

export function handleBeforeInput(ed: BeforeInputHost, e: InputEvent) {
  const t = e.inputType;
  if (t === 'historyUndo' || t === 'historyRedo') {
    e.preventDefault();
    if (t === 'historyUndo') ed.undo();
    else ed.redo();
    return;
  }
  if (t.startsWith('format')) {
    e.preventDefault();
    return;
  }
  if (ed.isComposing() || t === 'insertCompositionText') return;
  ed.flush();
  const sc = ed.selection();
  if (!sc) return;
  const [a, b] = sc;
  const collapsed = a.pi === b.pi && a.off === b.off;
  const multi = a.pi !== b.pi;
  /** Cancel the browser's edit and replace [from, to) with `text` on the model instead. */
  const onModel = (from: Caret, to: Caret, text: string) => {
    e.preventDefault();
    ed.checkpoint('struct');
    ed.replaceRange(from, to, text);
  };

  if (t === 'insertParagraph' || t === 'insertLineBreak') {
    e.preventDefault();
    if (!(collapsed && ed.tryExpand(a, '\n'))) onModel(a, b, '\n');
    return;
  }
  if (t === 'insertFromPaste' || t === 'insertFromPasteAsQuotation' || t === 'insertFromYank') {
    onModel(a, b, e.dataTransfer?.getData('text/plain') ?? e.data ?? '');
    return;
  }
  if (t === 'insertFromDrop' || t === 'deleteByDrag') {
    e.preventDefault();
    return;
  }
  if (t.startsWith('delete')) {
    if (multi) return onModel(a, b, '');
    if (collapsed) {
      const back = t.includes('Backward');
      // Backspace at a paragraph's start or Delete at its end joins two paragraphs.
      if (back && a.off === 0) {
        if (a.pi > 0) onModel({ pi: a.pi - 1, off: ed.paraLength(a.pi - 1) }, a, '');
        else e.preventDefault();
        return;
      }
      if (!back && a.off >= ed.paraLength(a.pi)) {
        if (a.pi < ed.paraCount() - 1) onModel(a, { pi: a.pi + 1, off: 0 }, '');
        else e.preventDefault();
        return;
      }
    }
    ed.checkpoint('delete');
    return;
  }
  if (t === 'insertText' || t === 'insertReplacementText') {
    const data = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
    if (multi || data.includes('\n')) return onModel(a, b, data);
    if (collapsed && data.length === 1 && EXPANDER_END.test(data) && ed.tryExpand(a, data)) {
      e.preventDefault();
      return;
    }
    ed.checkpoint(/\s/.test(data) ? 'insert-ws' : 'insert');
  }
}
