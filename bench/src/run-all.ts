import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machine, root } from './bench-support';

// `npm run bench`: every benchmark in its own process, one after the other (they would skew each
// other on a small machine), each printing its figures; a summary at the end. About 6 minutes on a
// 2-core machine. Needs the local PostgreSQL and Redis; uses databases named dictum_bench* only.
//
//   npm run bench                 # all
//   npm run bench -- upload api   # only those whose name contains one of the words

interface Bench {
  name: string;
  file: string;
  /** Pin to one core (the local engine's real-time factor is specified "on one core"). */
  pinned?: boolean;
  timeoutMs: number;
}

const benches: Bench[] = [
  { name: 'upload', file: 'bench/src/upload.bench.ts', timeoutMs: 5 * 60_000 },
  { name: 'pipeline', file: 'bench/src/pipeline.bench.ts', timeoutMs: 8 * 60_000 },
  { name: 'api-lists', file: 'bench/src/api-lists.bench.ts', timeoutMs: 6 * 60_000 },
  { name: 'confidence-refit', file: 'bench/src/confidence-refit.bench.ts', timeoutMs: 5 * 60_000 },
  { name: 'local-engine', file: 'bench/src/local-engine.bench.ts', pinned: true, timeoutMs: 10 * 60_000 },
];
if (existsSync(path.join(root, 'bench/editor/run.ts'))) {
  benches.push({ name: 'editor', file: 'bench/editor/run.ts', timeoutMs: 5 * 60_000 });
}

function runOne(bench: Bench, resultsDir: string): Promise<{ code: number | null; seconds: number }> {
  const started = Date.now();
  const canPin = bench.pinned && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const node = [process.execPath, '--import', 'tsx', path.join(root, bench.file)];
  const [cmd, ...args] = canPin ? ['taskset', '-c', '0', ...node] : node;
  const extra = bench.name === 'editor' ? ['--json', path.join(resultsDir, 'editor.json')] : [];
  return new Promise((resolve) => {
    const child = spawn(cmd!, [...args, ...extra], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir, BENCH_PINNED: canPin ? '1' : '0' },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), bench.timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

const filter = process.argv.slice(2);
const selected = benches.filter((b) => filter.length === 0 || filter.some((f) => b.name.includes(f)));
const resultsDir = await mkdtemp(path.join(tmpdir(), 'dictum-bench-results-'));
const startedAll = Date.now();
const outcomes: { name: string; code: number | null; seconds: number }[] = [];
console.log(`Dictum benchmarks — ${new Date().toISOString()} — ${JSON.stringify(machine())}`);
for (const bench of selected) {
  console.log(`\n--- ${bench.name} ---`);
  outcomes.push({ name: bench.name, ...(await runOne(bench, resultsDir)) });
}

console.log(`\n=== summary (${Math.round((Date.now() - startedAll) / 1000)} s) ===`);
for (const o of outcomes)
  console.log(`${o.name}: ${o.code === 0 ? 'ok' : `FAILED (exit ${o.code})`} in ${o.seconds} s`);
for (const file of (await readdir(resultsDir)).sort()) {
  const parsed = JSON.parse(await readFile(path.join(resultsDir, file), 'utf8')) as {
    name?: string;
    figures?: unknown;
  };
  console.log(
    `\n${parsed.name ?? file.replace(/\.json$/, '')}: ${JSON.stringify(parsed.figures ?? parsed, null, 2)}`,
  );
}
await rm(resultsDir, { recursive: true, force: true });
process.exit(outcomes.every((o) => o.code === 0) ? 0 : 1);
