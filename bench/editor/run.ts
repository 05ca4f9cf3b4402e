// Editor benchmark (SPEC §6): a 60-minute transcript (9,000 words) must be interactive in under
// 500 ms and keystroke-to-paint p95 must stay under 16 ms; playback highlighting must not touch
// the document.
//
//   npx tsx bench/editor/run.ts [--words 9000] [--keys 200] [--json out.json]
//
// Runs in Debian's Chromium (playwright-core). Keystrokes go through the browser's real input
// pipeline (CDP Input.dispatchKeyEvent). Two latency measures are reported:
//   - "to next paint": keydown timestamp → after the next rendered frame (rAF + message), with
//     vsync and frame-rate limiting disabled so it measures our work, not the wait for a 60 Hz tick;
//   - Chrome's own Event Timing API: how many key presses took over 16 ms from input to the
//     presented frame (that API only reports events of 16 ms or more, rounded to 8 ms).
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../tests/browser/chromium';
import { startHarness } from './serve-harness';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const WORDS = opt('words', 9000);
const KEYS = opt('keys', 200);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

interface Result {
  layout: string;
  words: number;
  loadToPaintMs: number;
  navToInteractiveMs: number;
  firstKeyToPaintMs: number;
  keys: number;
  keyToPaint: { p50: number; p95: number; max: number };
  eventTimingOver16ms: number;
  eventTimingReported16: number;
  highlight: { calls: number; meanUs: number; domMutations: number };
}

async function measure(
  page: Page,
  url: string,
  layout: string,
  wordsPerPara: number,
  raw = false,
): Promise<Result> {
  await page.goto(`${url}?words=${WORDS}&para=${wordsPerPara}${raw ? '&raw=1' : ''}`);
  await page.waitForSelector('body[data-ready="1"]');
  const timings = await page.evaluate(() => window.harness.timings);

  // Event Timing: count key events whose input-to-paint took >= 16 ms.
  await page.evaluate(() => {
    (window as unknown as { slowKeys: number[] }).slowKeys = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        (window as unknown as { slowKeys: unknown[] }).slowKeys.push({
          name: e.name,
          d: e.duration,
          id: (e as PerformanceEventTiming).interactionId,
          t: Math.round(e.startTime),
        });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  });

  // Caret in the middle of the document.
  await page.evaluate((raw) => {
    if (raw) {
      // Baseline page: caret in the middle of the middle paragraph's text node.
      const root = document.querySelector('.transcript') as HTMLElement;
      const p = root.children[Math.floor(root.children.length / 2)]!;
      root.focus();
      getSelection()!.collapse(p.firstChild!, Math.floor((p.firstChild as Text).length / 2));
      return;
    }
    const ed = window.harness.editor;
    const paras = ed.getParas();
    let total = 0;
    for (const p of paras) total += p.words.length;
    // The word in the middle of the document.
    let k = Math.floor(total / 2);
    let pi = 0;
    while (k >= paras[pi]!.words.length) k -= paras[pi++]!.words.length;
    const r = ed.wordRange(pi, k)!;
    ed.root.focus();
    getSelection()!.collapse(r.endContainer, r.endOffset);
  }, raw);
  // Typing: words, spaces, corrections, a new paragraph now and then.
  const script = 'the patient was seen in clinic today and is doing well ';
  let typed = 0;
  let i = 0;
  while (typed < KEYS) {
    const ch = script[i++ % script.length]!;
    if (typed % 37 === 36) await page.keyboard.press('Backspace');
    else if (typed % 97 === 96) await page.keyboard.press('Enter');
    else await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    typed++;
    await page.waitForTimeout(25);
  }
  await page.waitForTimeout(100);
  const lat = await page.evaluate(() => window.harness.keyLatencies.slice());
  const slowEntries = await page.evaluate(
    () => (window as unknown as { slowKeys: { name: string; d: number; id: number; t: number }[] }).slowKeys,
  );
  if (process.env.DEBUG_ET) console.log(slowEntries.slice(0, 40));
  // One key press = one interaction (keydown/keyup share an interactionId). Durations are
  // rounded to 8 ms, so "16" means 12–20 ms and only 24+ is certainly over 16 ms.
  const perKey = new Map<number, number>();
  for (const e of slowEntries) if (e.id) perKey.set(e.id, Math.max(perKey.get(e.id) ?? 0, e.d));
  const slow = [...perKey.values()].filter((d) => d > 16).length;
  const slowish = perKey.size;
  if (!raw) {
    const check = await page.evaluate(() => window.harness.serialize());
    if (check.words.some((w) => !Number.isFinite(w.start) || !Number.isFinite(w.end)))
      throw new Error('a word lost its timing');
  }

  // Playback highlighting at 60 Hz over two minutes of audio: no DOM mutations allowed.
  const hl = await page.evaluate((raw) => {
    const h = window.harness;
    if (raw) return { calls: 0, meanUs: 0, domMutations: 0 };
    h.mutations = 0;
    const t0 = performance.now();
    let calls = 0;
    for (let t = 600; t < 720; t += 1 / 60) {
      h.editor.setPlaybackTime(t);
      calls++;
    }
    const ms = performance.now() - t0;
    return new Promise<{ calls: number; meanUs: number; domMutations: number }>((resolve) =>
      setTimeout(() => resolve({ calls, meanUs: (ms * 1000) / calls, domMutations: h.mutations }), 0),
    );
  }, raw);

  return {
    layout,
    words: timings.words,
    loadToPaintMs: r1(timings.loadToPaintMs),
    navToInteractiveMs: r1(timings.navToInteractiveMs),
    firstKeyToPaintMs: r1(lat[0] ?? Number.NaN),
    keys: lat.length,
    keyToPaint: { p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), max: r1(Math.max(...lat)) },
    eventTimingOver16ms: slow,
    eventTimingReported16: slowish,
    highlight: { calls: hl.calls, meanUs: r1(hl.meanUs), domMutations: hl.domMutations },
  };
}

const harness = await startHarness();
console.log(
  `load average before the run: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} CPUs`,
);
const browser = await launchChromium(['--disable-gpu-vsync', '--disable-frame-rate-limit']);
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const results: Result[] = [];
  results.push(await measure(page, harness.url, 'paragraphs of ~90 words', 90));
  results.push(await measure(page, harness.url, 'one 9,000-word paragraph (worst case)', 0));
  const baseline = [
    await measure(page, harness.url, 'BASELINE: plain contentEditable, no editor code, paragraphs', 90, true),
    await measure(
      page,
      harness.url,
      'BASELINE: plain contentEditable, no editor code, one paragraph',
      0,
      true,
    ),
  ];
  for (const r of [...results, ...baseline]) {
    console.log(`\n${r.words} words, ${r.layout}`);
    console.log(
      `  time to interactive: ${r.loadToPaintMs} ms (parse JSON + build model + render + first paint); ${r.navToInteractiveMs} ms from navigation start`,
    );
    console.log(
      `  keystroke to paint over ${r.keys} keys: p50 ${r.keyToPaint.p50} ms, p95 ${r.keyToPaint.p95} ms, max ${r.keyToPaint.max} ms (first key ${r.firstKeyToPaintMs} ms)`,
    );
    console.log(
      `  Chrome Event Timing (input to presented frame, 8 ms granularity): ${r.eventTimingOver16ms} of ${r.keys} key presses (${r1((100 * r.eventTimingOver16ms) / r.keys)}%) over 16 ms; ${r.eventTimingReported16} reported at 16 ms or more`,
    );
    console.log(
      `  playback highlight: ${r.highlight.calls} updates, ${r.highlight.meanUs} µs each, ${r.highlight.domMutations} DOM mutations`,
    );
  }
  // The target is judged on the realistic layout (the formatter makes paragraphs); the
  // one-paragraph case is reported next to Chrome's own cost for the same text.
  const main = results[0]!;
  const ok =
    main.loadToPaintMs < 500 &&
    main.keyToPaint.p95 < 16 &&
    results.every((r) => r.highlight.domMutations === 0);
  console.log(
    `\ntargets on ${main.words} words in paragraphs (interactive < 500 ms, keystroke p95 < 16 ms, highlighting without DOM mutations): ${ok ? 'met' : 'NOT met'}`,
  );
  const worst = results[1]!;
  console.log(
    `one-paragraph worst case: p95 ${worst.keyToPaint.p95} ms (${worst.keyToPaint.p95 < 16 ? 'within' : 'over'} target; Chrome alone: p95 ${baseline[1]!.keyToPaint.p95} ms)`,
  );
  if (jsonOut)
    writeFileSync(jsonOut, JSON.stringify({ at: new Date().toISOString(), results, baseline }, null, 2));
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  await harness.close();
}
