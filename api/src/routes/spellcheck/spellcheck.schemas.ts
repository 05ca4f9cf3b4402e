// What /spellcheck validates and answers: the REST contract (contracts/src/spellcheck.ts).
export * from '@dictum/contracts/spellcheck';
