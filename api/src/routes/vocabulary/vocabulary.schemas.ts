// What /admin/vocabulary validates and answers: the REST contract (contracts/src/vocabulary.ts).
export * from '@dictum/contracts/vocabulary';
