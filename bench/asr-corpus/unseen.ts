import { loadCorpus } from './load-corpus';

/**
 * The unseen set (issue 17): dictations written as free prose, sentence by sentence, by someone
 * looking at the kind of note a physician dictates — not filled in from the training-text
 * templates (core/src/capability/asr/model/training-text.ts) and not adapted from the dev or held-out
 * scripts. Like the held-out set it is never read by any model build, channel adaptation or
 * tuning; the model build measures its word 4-gram overlap with the training text and prints it.
 */
export const unseenScripts = loadCorpus('unseen.json');
