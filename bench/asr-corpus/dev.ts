import { loadCorpus } from './load-corpus';

/**
 * The development set: used to tune the formatter and the language-model build, and its spoken
 * text is part of the language model's training text. Compare bench/asr-corpus/heldout.json.
 */
export const devScripts = loadCorpus('dev.json');
