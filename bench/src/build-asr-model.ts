import path from 'node:path';
import { buildAsrModel, type VocabularyEntry } from '@dictum/core/capability/asr/model/build-model';
import { devScripts } from '../asr-corpus/dev';
import { heldoutScripts } from '../asr-corpus/heldout';
import { unseenScripts } from '../asr-corpus/unseen';

// `npm run build:asr-model`: builds the local engine's medical dictionary and language model into
// ASR_MODEL_DIR (default .data/asr-model) from the project's own text: generated dictation, the
// dev corpus (never the held-out set), and the organisation's VocabularyTerm rows when the
// database is reachable (`--no-db` skips them).
//
//   npm run build:asr-model [-- --out DIR] [--no-db] [--domain-weight 0.9] [--background-weight 0.07]
//   npm run build:asr-model -- --from-documents   also learn from finalized documents: builds a
//       candidate, compares it with the model in use on the newest documents, promotes it or not

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function organisationVocabulary(): Promise<VocabularyEntry[]> {
  if (process.argv.includes('--no-db')) return [];
  try {
    const { loadConfig } = await import('@dictum/core/infra/config');
    const { createDb } = await import('@dictum/core/infra/db/client');
    const db = createDb(loadConfig().db.url, { max: 1 });
    try {
      return await db.vocabularyTerm.findMany({
        select: { term: true, pronunciation: true, category: true },
      });
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    console.warn(
      `vocabulary: database not reachable, building without it (${(error as Error).message.split('\n')[0]})`,
    );
    return [];
  }
}

const outDir = arg('out') ?? process.env.ASR_MODEL_DIR ?? '.data/asr-model';
const started = performance.now();

if (process.argv.includes('--from-documents')) {
  const { loadConfig } = await import('@dictum/core/infra/config');
  const { createDb } = await import('@dictum/core/infra/db/client');
  const { rebuildModelFromCorrections } = await import(
    '@dictum/core/capability/asr/model/learn-from-corrections'
  );
  const db = createDb(loadConfig().db.url, { max: 1 });
  try {
    const result = await rebuildModelFromCorrections(db, {
      modelDir: outDir,
      extraSentences: devScripts.map((s) => s.spoken),
      exclude: [...heldoutScripts, ...unseenScripts].map((s) => s.spoken),
      log: (m) => console.log(m),
    });
    console.log(
      `${result.promoted ? 'promoted' : 'kept the previous model'}: ${result.reason} (${result.trainingDocuments} documents trained on, ${result.evaluationDocuments} held back)`,
    );
  } finally {
    await db.$disconnect();
  }
  process.exit(0);
}
const vocabulary = await organisationVocabulary();
console.log(`vocabulary: ${vocabulary.length} organisation terms`);
const manifest = await buildAsrModel({
  outDir,
  extraSentences: devScripts.map((s) => s.spoken),
  exclude: [...heldoutScripts, ...unseenScripts].map((s) => s.spoken),
  vocabulary,
  domainWeight: arg('domain-weight') ? Number(arg('domain-weight')) : undefined,
  backgroundWeight: arg('background-weight') ? Number(arg('background-weight')) : undefined,
  log: (m) => console.log(m),
});
console.log(
  `asr model ${manifest.id} written to ${path.resolve(outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
const pctOf = (o?: { share: number; shared: number; evaluationNgrams: number }) =>
  o ? `${o.shared}/${o.evaluationNgrams} (${(o.share * 100).toFixed(1)}%)` : 'n/a';
console.log(
  `evaluation word 4-grams in the training text: ${pctOf(manifest.overlapBeforeFilter)} as generated, ${pctOf(manifest.overlapAfterFilter)} as trained on`,
);
if (manifest.heldoutOverlap.length) {
  console.error('the training text overlaps the evaluation text beyond the limits:');
  for (const p of manifest.heldoutOverlap) console.error(`  ${p}`);
  process.exitCode = 1;
}
