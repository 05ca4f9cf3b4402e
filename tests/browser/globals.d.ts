// What the browser tests reach inside the page (structural types only: the web app is type-checked
// by web/tsconfig.json, not by the root project).
type PageWord = { text: string; ws: string; start: number; end: number; conf: number; blankId?: string };
type PagePara = { lead: string; words: readonly PageWord[] };
type SavedWord = { text: string; start: number; end: number; confidence: number };

interface PageEditor {
  root: HTMLElement;
  version: number;
  getParas(): readonly PagePara[];
  serialize(): { text: string; words: SavedWord[] };
  wordRange(pi: number, wi: number): Range | null;
  findWord(text: string, fromPi?: number): [number, number] | null;
  setPlaybackTime(t: number): void;
  insertBlank(blankId: string, audioTime: number): number;
  blankIds(): Set<string>;
  selectBlank(blankId: string): boolean;
  setLowConfidenceVisible(on: boolean): void;
}

interface Window {
  /** bench/editor/harness: the editor alone. */
  harness: {
    editor: PageEditor;
    timings: { loadToPaintMs: number; navToInteractiveMs: number; words: number };
    clicked: PageWord[];
    mutations: number;
    keyLatencies: number[];
    serialize(): { text: string; words: SavedWord[] };
    load(text: string, words: SavedWord[]): void;
  };
  /** The web app's editor screen (EditorPage exposes its session for tests). */
  __dictumEditor?: {
    editor: PageEditor | null;
    player: { audio: HTMLAudioElement; duration: number; currentTime: number } | null;
  };
}
