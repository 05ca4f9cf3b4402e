import { loadCorpus } from './load-corpus';

/**
 * The held-out set: never read by the model build (bench/src/asr-model checks that no held-out
 * sentence is in its training text) and never used to tune the formatter's rules. Written after
 * the dev set, with different sentences, patients and, partly, different drugs and findings.
 */
export const heldoutScripts = loadCorpus('heldout.json');
