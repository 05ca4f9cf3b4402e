// The transcript editor in real Chromium (no API needed): word timings survive edits, structural
// edits, undo, text expanders, click-to-seek and playback highlighting without DOM changes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../bench/editor/serve-harness';
import { launchChromium } from './chromium';

let browser: Browser;
let page: Page;
let harness: { url: string; close: () => Promise<void> };

type W = { text: string; start: number; end: number; confidence: number };

beforeAll(async () => {
  harness = await startHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

const TEXT = 'HISTORY:\nThe patient has hypertension today.\nPlan follow up.';
const WORDS: W[] = [
  'HISTORY:',
  'The',
  'patient',
  'has',
  'hypertension',
  'today.',
  'Plan',
  'follow',
  'up.',
].map((t, i) => ({
  text: t,
  start: i,
  end: i + 0.8,
  confidence: t === 'has' ? 0.3 : 0.95,
}));

async function load(text = TEXT, words = WORDS) {
  await page.evaluate(([t, w]) => window.harness.load(t as string, w as W[]), [text, words] as const);
}
async function doc() {
  return page.evaluate(() => window.harness.serialize());
}
/** Put the caret at character `off` of paragraph `pi`. */
async function caret(pi: number, off: number) {
  await page.evaluate(
    ([pi, off]) => {
      const el = window.harness.editor.root.children[pi]!;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let acc = 0;
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        if (off <= acc + t.data.length) {
          window.harness.editor.root.focus();
          getSelection()!.collapse(t, off - acc);
          return;
        }
        acc += t.data.length;
      }
      getSelection()!.collapse(el, el.childNodes.length);
    },
    [pi, off] as const,
  );
}
const word = (d: { words: W[] }, text: string) => d.words.find((w) => w.text === text);

describe('transcript editor in Chromium', () => {
  beforeAll(async () => {
    await page.goto(`${harness.url}?words=200&para=40`);
    await page.waitForSelector('body[data-ready="1"]');
  });
  beforeEach(async () => {
    await load();
  });

  it('renders one span per word and round-trips text and timings', async () => {
    expect(await page.locator('.transcript .p').count()).toBe(3);
    const d = await doc();
    expect(d.text).toBe(TEXT);
    expect(d.words).toEqual(WORDS);
    // One text node per paragraph; the low-confidence word is a highlight, not an element.
    expect(
      await page.evaluate(() => [...window.harness.editor.root.children].map((p) => p.childNodes.length)),
    ).toEqual([1, 1, 1]);
    expect(
      await page.evaluate(() => [...CSS.highlights.get('dictum-lowconf')!].map((r) => r.toString?.() ?? '')),
    ).toHaveLength(1);
  });

  it('typing inside a word keeps its timing and does not re-render anything', async () => {
    await page.evaluate(() => {
      for (const p of window.harness.editor.root.children)
        (p.firstChild as unknown as { mark: number }).mark = 1;
    });
    await caret(1, 'The patient has hyper'.length);
    await page.keyboard.type('x');
    const d = await doc();
    expect(d.text).toContain('hyperxtension');
    expect(word(d, 'hyperxtension')).toMatchObject({ start: 4, end: 4.8, confidence: 1 });
    expect(word(d, 'today.')).toEqual(WORDS[5]);
    // Same text nodes as before: the browser's own edit stands, nothing was re-rendered.
    const marked = await page.evaluate(
      () =>
        [...window.harness.editor.root.children].filter(
          (p) => (p.firstChild as unknown as { mark?: number }).mark,
        ).length,
    );
    expect(marked).toBe(3);
  });

  it('a space typed inside a word splits it with proportional timings', async () => {
    await caret(1, 'The patient has hyper'.length);
    await page.keyboard.type(' ');
    const d = await doc();
    const a = word(d, 'hyper')!;
    const b = word(d, 'tension')!;
    expect(a.start).toBeCloseTo(4, 2);
    expect(a.end).toBeLessThanOrEqual(b.start + 0.001);
    expect(b.end).toBeCloseTo(4.8, 2);
    expect(d.words).toHaveLength(10);
  });

  it('typed words get timings interpolated from their neighbours', async () => {
    await caret(1, 'The patient has'.length);
    await page.keyboard.type(' severe');
    const d = await doc();
    expect(d.text).toContain('has severe hypertension');
    const s = word(d, 'severe')!;
    expect(s.start).toBeGreaterThanOrEqual(3.8 - 1e-6);
    expect(s.end).toBeLessThanOrEqual(4 + 1e-6);
    expect(word(d, 'has')).toEqual(WORDS[3]);
  });

  it('a word selected and retyped keeps its timing', async () => {
    await page.evaluate(() => {
      const [pi, wi] = window.harness.editor.findWord('hypertension')!;
      const r = window.harness.editor.wordRange(pi, wi)!;
      window.harness.editor.root.focus();
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
    });
    await page.keyboard.type('hypotension');
    const d = await doc();
    const x = word(d, 'hypotension')!;
    expect(x.start).toBeCloseTo(4, 2);
    expect(x.end).toBeGreaterThan(4.5);
    expect(x.end).toBeLessThanOrEqual(4.8 + 1e-6);
  });

  it('deleting the space between two words merges them, keeping both times', async () => {
    await caret(1, 'The patient'.length + 1);
    await page.keyboard.press('Backspace');
    const d = await doc();
    expect(word(d, 'patienthas')).toMatchObject({ start: 2, end: 3.8 });
  });

  it('Enter splits a paragraph and Backspace joins it again', async () => {
    await caret(1, 'The patient has '.length);
    await page.keyboard.press('Enter');
    let d = await doc();
    expect(d.text).toBe('HISTORY:\nThe patient has \nhypertension today.\nPlan follow up.');
    expect(word(d, 'hypertension')).toEqual(WORDS[4]);
    await page.keyboard.press('Backspace');
    d = await doc();
    expect(d.text).toBe(TEXT);
    expect(d.words).toEqual(WORDS);
  });

  it('typing over a selection across paragraphs replaces it', async () => {
    await page.evaluate(() => {
      const root = window.harness.editor.root;
      const a = root.children[1]!.firstChild!; // "The patient has hypertension today."
      const b = root.children[2]!.firstChild!; // "Plan follow up."
      root.focus();
      getSelection()!.setBaseAndExtent(a, 'The patient has hypertension '.length, b, 4);
    });
    await page.keyboard.type('now');
    const d = await doc();
    expect(d.text).toBe('HISTORY:\nThe patient has hypertension now follow up.');
    expect(word(d, 'follow')).toEqual(WORDS[7]);
  });

  it('pastes plain text with paragraphs', async () => {
    await caret(2, 0);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'First line.\nSecond ');
      window.harness.editor.root.dispatchEvent(
        new InputEvent('beforeinput', {
          inputType: 'insertFromPaste',
          dataTransfer: dt,
          bubbles: true,
          cancelable: true,
        }),
      );
    });
    const d = await doc();
    expect(d.text).toBe('HISTORY:\nThe patient has hypertension today.\nFirst line.\nSecond Plan follow up.');
    for (const w of d.words) expect(Number.isFinite(w.start)).toBe(true);
    expect(word(d, 'Plan')).toEqual(WORDS[6]);
  });

  it('undo and redo restore text and timings', async () => {
    await caret(1, 'The patient has hyper'.length);
    await page.keyboard.type('zz');
    await page.keyboard.press('Control+z');
    let d = await doc();
    expect(d.text).toBe(TEXT);
    expect(d.words).toEqual(WORDS);
    await page.keyboard.press('Control+Shift+z');
    d = await doc();
    expect(d.text).toContain('hyperzztension');
  });

  it('expands text expanders after a space', async () => {
    await caret(2, 'Plan follow up.'.length);
    await page.keyboard.type(' .nkda ');
    const d = await doc();
    expect(d.text).toBe(
      'HISTORY:\nThe patient has hypertension today.\nPlan follow up. No known drug allergies. ',
    );
  });

  it('clicking a word reports it (the page seeks the audio to its start)', async () => {
    await page.evaluate(() => {
      window.harness.clicked.length = 0;
    });
    const box = await page.evaluate(() => {
      const [pi, wi] = window.harness.editor.findWord('hypertension')!;
      const r = window.harness.editor.wordRange(pi, wi)!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    const clicked = await page.evaluate(() =>
      window.harness.clicked.map((w) => ({ text: w.text, start: w.start })),
    );
    expect(clicked).toEqual([{ text: 'hypertension', start: 4 }]);
  });

  it('highlights the played word without touching the document', async () => {
    const r = await page.evaluate(async () => {
      const h = window.harness;
      h.mutations = 0;
      const seen: string[] = [];
      for (let t = 0; t < 9; t += 0.05) {
        h.editor.setPlaybackTime(t);
        const hl = CSS.highlights.get('dictum-playing');
        const range = hl ? [...hl][0] : undefined;
        const text = range?.toString() ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
      await new Promise((r) => setTimeout(r, 0));
      return { seen, mutations: h.mutations };
    });
    expect(r.seen).toEqual(WORDS.map((w) => w.text));
    expect(r.mutations).toBe(0);
  });

  it('inserts a blank anchored to an audio time', async () => {
    await caret(1, 'The patient has'.length);
    const pos = await page.evaluate(() => window.harness.editor.insertBlank('b1', 3.5));
    const d = await doc();
    expect(d.text).toBe('HISTORY:\nThe patient has ___ hypertension today.\nPlan follow up.');
    expect(d.text.slice(pos, pos + 3)).toBe('___');
    expect(word(d, '___')).toMatchObject({ start: 3.5, end: 3.5 });
    expect(await page.evaluate(() => [...window.harness.editor.blankIds()])).toEqual(['b1']);
    // Typing over the blank removes it.
    await page.evaluate(() => window.harness.editor.selectBlank('b1'));
    await page.keyboard.type('severe');
    expect(await page.evaluate(() => [...window.harness.editor.blankIds()])).toEqual([]);
    // The blank marks a moment, not a span: the word typed over it takes the gap between its
    // neighbours ("has" ends at 3.8, "hypertension" starts at 4), never a zero span (issue 16).
    expect(word(await doc(), 'severe')).toMatchObject({ start: 3.8, end: 4 });
  });

  it('select all and delete leaves one empty paragraph, and typing works again', async () => {
    await page.evaluate(() => window.harness.editor.root.focus());
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    expect((await doc()).text).toBe('');
    await page.keyboard.type('New text');
    const d = await doc();
    expect(d.text).toBe('New text');
    expect(d.words.map((w) => w.text)).toEqual(['New', 'text']);
  });
});
