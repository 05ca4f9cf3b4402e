// A page with only the transcript editor, fed a synthetic transcript of N words. Used by
// bench/editor/run.ts (time-to-interactive, keystroke-to-paint) and tests/browser/editor-dom.test.ts.
// Query: ?words=9000&para=90 (words per paragraph; 0 = one paragraph).
import '../../../web/src/styles.css';
import { TranscriptEditor } from '../../../web/src/editor/TranscriptEditor';
import { parseDocument, type serialize, type Word } from '../../../web/src/editor/wordModel';
import { makeTranscript } from './transcript';

declare global {
  interface Window {
    harness: {
      editor: TranscriptEditor;
      timings: { loadToPaintMs: number; navToInteractiveMs: number; words: number };
      clicked: Word[];
      mutations: number;
      keyLatencies: number[];
      serialize: () => ReturnType<typeof serialize>;
      load: (text: string, words: { text: string; start: number; end: number; confidence: number }[]) => void;
    };
  }
}

const q = new URLSearchParams(location.search);
const n = Number(q.get('words') ?? 9000);
const per = Number(q.get('para') ?? 90);
// What the server would send: JSON text. Parsing it is part of the measured load.
const payload = JSON.stringify(makeTranscript(n, per));

function afterPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(0);
    }),
  );
}

const host = document.getElementById('host')!;
const root = document.createElement('div');
host.appendChild(root);
const clicked: Word[] = [];
const t0 = performance.now();
// ?raw=1: a plain contentEditable with the same text and no editor code (Chrome's own baseline).
const raw = q.get('raw') === '1';
const editor = raw
  ? (null as unknown as TranscriptEditor)
  : new TranscriptEditor(root, {
      onWordClick: (w) => clicked.push(w),
      audioTime: () => 0,
      expand: (a) =>
        ({ '.nkda': 'No known drug allergies.', '.wnl': 'within normal limits' })[a.toLowerCase()],
    });
const data = JSON.parse(payload) as {
  text: string;
  words: { text: string; start: number; end: number; confidence: number }[];
};
if (raw) {
  root.className = 'transcript';
  root.contentEditable = 'true';
  for (const line of data.text.split('\n')) {
    const p = document.createElement('div');
    p.className = 'p';
    p.textContent = line;
    root.appendChild(p);
  }
} else {
  editor.load(parseDocument(data.text, data.words, n * 0.4));
  editor.setLowConfidenceVisible(true);
}
await afterPaint();
const t1 = performance.now();

// Keystroke to next paint, for every keydown in the editor.
const keyLatencies: number[] = [];
root.addEventListener(
  'keydown',
  (e) => {
    const ts = e.timeStamp;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => keyLatencies.push(performance.now() - ts);
      ch.port2.postMessage(0);
    });
  },
  true,
);

const state = { mutations: 0 };
new MutationObserver((recs) => {
  state.mutations += recs.length;
}).observe(root, { childList: true, characterData: true, subtree: true, attributes: true });

window.harness = {
  editor,
  timings: { loadToPaintMs: t1 - t0, navToInteractiveMs: t1, words: n },
  clicked,
  get mutations() {
    return state.mutations;
  },
  set mutations(v: number) {
    state.mutations = v;
  },
  keyLatencies,
  serialize: () => editor.serialize(),
  load: (text, words) => editor.load(parseDocument(text, words, 0)),
};
document.body.dataset.ready = '1';
