// What /dictations and /worklist validate and answer: the REST contract (contracts/src/dictations.ts).
export * from '@dictum/contracts/dictations';
