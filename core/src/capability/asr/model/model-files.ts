import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// The files of a built medical model (see build-model.ts) and how the engine finds them.

export const MODEL_DICT = 'medical.dict';
export const MODEL_LM = 'medical.lm';
/** The same language model in sphinxbase's binary trie format: loads in a third of the time and memory. */
export const MODEL_LM_BIN = 'medical.lm.bin';
export const MODEL_MANIFEST = 'manifest.json';

export interface AsrModelManifest {
  id: string;
  createdAt: string;
  dict: string;
  /** The language model as ARPA text (what perplexity comparisons read). */
  lm: string;
  /** The same model in binary form, for decoding, when sphinx_lm_convert could write it. */
  lmBin?: string;
  sentences: number;
  trainingWords: number;
  documents: number;
  vocabularyTerms: number;
  addedPronunciations: number;
  ngrams: number[];
  domainWeight: number;
  backgroundWeight: number;
  droppedForHeldout: number;
  /** pocketsphinx options tuned for this model (language weight, insertion penalty). */
  decoderArgs?: string[];
  /** More pocketsphinx options for narrow-band (phone-line) audio, after `decoderArgs`. */
  phoneDecoderArgs?: string[];
  /** Why the training text overlaps the evaluation text too much (empty when within limits). */
  heldoutOverlap: string[];
  /** Word 4-gram overlap with the evaluation text, as generated and as trained on. */
  overlapBeforeFilter?: OverlapSummary;
  overlapAfterFilter?: OverlapSummary;
}

export interface OverlapSummary {
  evaluationNgrams: number;
  shared: number;
  share: number;
  leakedSentences: number;
}

export interface AsrModelFiles {
  dict: string;
  /** ARPA text, for scoring. */
  lm: string;
  /** What pocketsphinx loads: the binary model when there is one, else the ARPA text. */
  decoderLm: string;
  manifest: AsrModelManifest;
}

/** The model in `dir`, if a complete one is there (the manifest is written last). */
export async function readAsrModel(dir: string): Promise<AsrModelFiles | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MODEL_MANIFEST), 'utf8')) as AsrModelManifest;
    const dict = path.join(dir, manifest.dict);
    const lm = path.join(dir, manifest.lm);
    if (!existsSync(dict) || !existsSync(lm)) return null;
    const lmBin = manifest.lmBin ? path.join(dir, manifest.lmBin) : undefined;
    return { dict, lm, decoderLm: lmBin && existsSync(lmBin) ? lmBin : lm, manifest };
  } catch {
    return null;
  }
}
