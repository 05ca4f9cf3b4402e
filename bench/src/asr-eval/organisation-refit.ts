import { LOW_CONFIDENCE } from '@dictum/contracts/confidence';
import {
  type CalibrationMaps,
  calibrateConfidence,
  calibrationFor,
} from '@dictum/core/capability/asr/confidence';
import {
  type ConfidenceScore,
  decideConfidenceMap,
  type PathWord,
  scoreConfidence,
} from '@dictum/core/capability/asr/model/refit-confidence';
import type { DecodingPath } from '@dictum/core/capability/asr/organisation-confidence';
import type { LabelledWord } from './calibration';

// What the model refresh's own confidence map (core/src/capability/asr/model/refit-confidence.ts)
// would do for a hospital whose prose is like a set's, two-fold by script: the refresh's decision
// (decideConfidenceMap: fit, held-back quarter, per-path choice) is made on half the set's
// dictations — their words as the shipped maps leave them, the way the service stores them — and
// judged on the other half, then the halves swap; the flag's precision and recall at the editor's
// threshold are pooled over both halves.

interface SetResult {
  id: string;
  set: string;
  path: DecodingPath;
  labelled: LabelledWord[];
}

function shipped(r: SetResult, maps: CalibrationMaps): PathWord[] {
  const points = calibrationFor(maps, r.path === 'base' ? undefined : r.path);
  return r.labelled.map((w) => ({
    ...w,
    confidence: calibrateConfidence(w.confidence, points),
    path: r.path,
  }));
}

const pooled = (a: ConfidenceScore, b: ConfidenceScore): ConfidenceScore => {
  const hits = (s: ConfidenceScore) => s.flag.precision * s.flag.flagged;
  const flagged = a.flag.flagged + b.flag.flagged;
  const wrong = a.wrong + b.wrong;
  return {
    words: a.words + b.words,
    wrong,
    brier: (a.brier * a.words + b.brier * b.words) / (a.words + b.words),
    flag: {
      flagged,
      precision: flagged ? (hits(a) + hits(b)) / flagged : 0,
      recall: wrong ? (hits(a) + hits(b)) / wrong : 0,
    },
  };
};

export function organisationRefitReport(results: readonly SetResult[], maps: CalibrationMaps): string {
  const rows = [
    `| set | words | wrong | shipped map: flagged, precision / recall at ${LOW_CONFIDENCE} | Brier | + the refresh's map from the other half | Brier | paths it changed, per fold |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  // Each set alone, then every set together and each decoding path of them (more words a fold).
  const slices: [string, SetResult[]][] = [
    ...[...new Set(results.map((r) => r.set))].map((set): [string, SetResult[]] => [
      set,
      results.filter((r) => r.set === set),
    ]),
    ['all sets', [...results]],
    ...[...new Set(results.map((r) => r.path))].map((path): [string, SetResult[]] => [
      `all sets, ${path} path`,
      results.filter((r) => r.path === path),
    ]),
  ];
  for (const [label, slice] of slices) {
    const changed: string[] = [];
    // Scripts of different sets may share an id: the fold key is set and id.
    const key = (r: SetResult) => `${r.set}/${r.id}`;
    const ids = [...new Set(slice.map(key))].sort();
    if (ids.length < 2) continue;
    // One dictation's words = one draft; each half in a fixed order stands for a hospital's history.
    const half = (k: number) =>
      slice.filter((r) => ids.indexOf(key(r)) % 2 === k).map((r) => shipped(r, maps));
    const folds = [0, 1].map((k) => {
      const judged = half(k).flat();
      // The refresh's own decision on the other half: its newest quarter held back, per path the
      // better map kept; judged on dictations it never saw.
      const decision = decideConfidenceMap(half(1 - k), null);
      changed.push(decision.paths?.length ? decision.paths.join('+') : 'none');
      return { before: scoreConfidence(judged, null), after: scoreConfidence(judged, decision.map ?? null) };
    });
    const before = pooled(folds[0]!.before, folds[1]!.before);
    const after = pooled(folds[0]!.after, folds[1]!.after);
    const cell = (s: ConfidenceScore) =>
      `${s.flag.flagged}, ${s.flag.precision.toFixed(3)} / ${s.flag.recall.toFixed(3)} | ${s.brier.toFixed(4)}`;
    rows.push(
      `| ${label} | ${before.words} | ${before.wrong} | ${cell(before)} | ${cell(after)} | ${changed.join(' / ')} |`,
    );
  }
  return [
    "The organisation's own map (the model refresh's decision on a hospital's drafts, refit-confidence.ts), two-fold by script: decided on one half, judged on the other:",
    '',
    rows.join('\n'),
  ].join('\n');
}
