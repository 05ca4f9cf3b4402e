// The REST contract of /spellcheck: contracts/src/spellcheck.ts.
export { MAX_SPELLCHECK_WORDS, spellcheckBody, spellcheckResult } from '@dictum/contracts/spellcheck';
