import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { refitConfidenceFromCorrections } from '@dictum/core/capability/asr/model/refit-confidence';
import { hashPassword } from '../../api/src/services/auth/passwords';
import { freshDb, machine, round } from './bench-support';

// What the model refresh's confidence refit (core/src/capability/asr/model/refit-confidence.ts)
// costs the worker at its default size: the newest 1000 finalized notes, each with its draft, read,
// aligned and fitted. It runs on the worker's event loop, so the longest stall matters as much as
// the total (BullMQ renews job locks on it). `npm run bench -- refit`.

const NOTES = Number(process.env.BENCH_REFIT_NOTES ?? 1000);
const WORDS = Number(process.env.BENCH_REFIT_WORDS ?? 300);

const { db } = await freshDb('dictum_bench_refit');
const author = await db.user.create({
  data: {
    username: `refit-${randomUUID().slice(0, 8)}`,
    role: 'PHYSICIAN',
    passwordHash: await hashPassword('x'),
  },
});
const patient = await db.patient.create({
  data: { mrn: 'BENCHREFIT', name: 'Bench Refit', birthDate: new Date('1960-01-01'), sex: 'female' },
});
const workType = await db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });

// Drafts a quarter wrong, the doubtful words at 0.7: enough for a per-path map to be fitted and judged.
const seeded = performance.now();
for (let n = 0; n < NOTES; n += 100) {
  const batch = Array.from({ length: Math.min(100, NOTES - n) }, (_, k) => n + k);
  const ids = batch.map(() => randomUUID());
  await db.dictation.createMany({
    data: ids.map((id) => ({
      id,
      authorId: author.id,
      patientId: patient.id,
      workTypeId: workType.id,
      priority: 'ROUTINE' as const,
      status: 'FINALIZED' as const,
      dictatedAt: new Date(),
      dueAt: new Date(),
      audioSha256: '0'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 1000n,
    })),
  });
  const drafts = batch.map((note) => {
    const tokens = Array.from({ length: WORDS }, (_, i) => `w${note}x${i}`);
    const words = tokens.map((t, i) => ({
      text: i % 4 === 0 && i % 8 !== 4 ? `zz${i}` : t,
      start: i * 0.4,
      end: i * 0.4 + 0.3,
      confidence: i % 4 === 0 ? 0.7 : 0.97,
    }));
    return { note: tokens.join(' '), words };
  });
  await db.transcriptVersion.createMany({
    data: ids.map((dictationId, k) => ({
      dictationId,
      version: 1,
      source: 'engine' as const,
      text: drafts[k]!.words.map((w) => w.text).join(' '),
      words: drafts[k]!.words,
      draftConfidences: drafts[k]!.words.map((w) => w.confidence),
      engine: 'pocketsphinx',
      model: 'en-us+medical@bench+wide@bench',
      engineRun: 1,
    })),
  });
  await db.document.createMany({
    data: ids.map((dictationId, k) => ({
      number: `BENCH-REFIT-${batch[k]}`,
      dictationId,
      patientId: patient.id,
      workTypeId: workType.id,
      status: 'FINALIZED' as const,
      text: drafts[k]!.note,
      authorId: author.id,
      finalizedById: author.id,
      finalizedAt: new Date(Date.UTC(2026, 0, 1, 0, batch[k])),
      linesWithSpaces: 1,
      linesVisible: 1,
    })),
  });
}
console.log(`seeded ${NOTES} notes of ${WORDS} words in ${round((performance.now() - seeded) / 1000, 1)} s`);

const file = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-bench-refit-')), 'model-confidence.json');
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const started = performance.now();
const refit = await refitConfidenceFromCorrections(db, { file });
const seconds = (performance.now() - started) / 1000;
delay.disable();
console.log(
  JSON.stringify({
    bench: 'confidence-refit',
    machine: machine(),
    notes: NOTES,
    wordsPerNote: WORDS,
    seconds: round(seconds, 2),
    longestEventLoopStallMs: round(delay.max / 1e6, 1),
    kept: refit.kept,
    fitWords: refit.fitWords,
    heldBackWords: refit.candidate?.words,
  }),
);
await db.$disconnect();
