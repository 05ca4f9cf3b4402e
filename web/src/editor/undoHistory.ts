// Undo/redo as whole-document snapshots. Paragraphs are immutable, so a snapshot is just the
// array of paragraph objects (unchanged ones shared): cheap to keep 500 of them.
import type { Caret } from './caretMapping';
import type { Para } from './wordModel';

export interface Snapshot {
  paras: Para[];
  caret: Caret | null;
}

const MAX_STEPS = 500;
/** Edits of one kind closer together than this are one undo step (a typed word, not a letter). */
const MERGE_MS = 1000;

export class UndoHistory {
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private lastEdit = { kind: '', time: 0 };

  /**
   * Called before an edit of `kind` ('insert', 'insert-ws', 'delete', 'struct'); `current` is the
   * state the edit starts from. Structural edits (and forced ones) always start a new step.
   */
  checkpoint(kind: string, current: () => Snapshot, force = false, now = performance.now()) {
    const last = this.lastEdit;
    if (force || kind !== last.kind || now - last.time > MERGE_MS || kind === 'struct') {
      this.undoStack.push(current());
      if (this.undoStack.length > MAX_STEPS) this.undoStack.shift();
    }
    this.redoStack = [];
    this.lastEdit = { kind, time: now };
  }

  canUndo() {
    return this.undoStack.length > 0;
  }

  /** The state to go back to (`current` goes on the redo stack), or null. */
  undo(current: () => Snapshot): Snapshot | null {
    return this.move(this.undoStack, this.redoStack, current);
  }

  redo(current: () => Snapshot): Snapshot | null {
    return this.move(this.redoStack, this.undoStack, current);
  }

  clear() {
    this.undoStack = [];
    this.redoStack = [];
  }

  private move(from: Snapshot[], to: Snapshot[], current: () => Snapshot): Snapshot | null {
    const s = from.pop();
    if (!s) return null;
    to.push(current());
    // The next edit after an undo/redo never merges into an older step.
    this.lastEdit = { kind: 'undo', time: 0 };
    return s;
  }
}
