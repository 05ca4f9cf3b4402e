// What /work-types validates and answers: the REST contract (contracts/src/work-types.ts).
export * from '@dictum/contracts/work-types';
